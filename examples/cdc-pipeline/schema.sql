-- The video platform's tables whose changes Debezium captures (dbserver.public.<table>). REPLICA IDENTITY FULL puts
-- the whole old row into the `before` of update and delete events, not only the key.
CREATE TABLE users (
  id         bigserial PRIMARY KEY,
  username   text NOT NULL UNIQUE,
  email      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE videos (
  id               bigserial PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title            text NOT NULL,
  duration_seconds integer NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE comments (
  id         bigserial PRIMARY KEY,
  video_id   bigint NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX videos_user_id ON videos (user_id);
CREATE INDEX comments_video_id ON comments (video_id);
ALTER TABLE users REPLICA IDENTITY FULL;
ALTER TABLE videos REPLICA IDENTITY FULL;
ALTER TABLE comments REPLICA IDENTITY FULL;
