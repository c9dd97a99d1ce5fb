import type { EachMessagePayload } from "kafkajs";
import { parseChangeEvent } from "../../support/pipeline";

const payload = (topic: string, key: unknown, value: unknown, timestamp: string): EachMessagePayload =>
  ({
    topic,
    partition: 2,
    message: { key: Buffer.from(JSON.stringify(key)), value: value === null ? null : Buffer.from(JSON.stringify(value)), timestamp, offset: "17", attributes: 0, headers: {} },
    heartbeat: async () => undefined,
    pause: () => () => undefined,
  }) as unknown as EachMessagePayload;

describe("parseChangeEvent", () => {
  test("keeps the row, transaction and LSN, the stage stamps (Postgres' commit, Debezium's event, the record's send) and the record it came in", () => {
    const value = { op: "u", before: null, after: { id: 5 }, source: { txId: 42, lsn: 900, ts_us: 1_000_000_000 }, ts_us: 1_000_004_000 };
    const event = parseChangeEvent(payload("dbserver.public.videos", { id: 5 }, value, "1000009"), 1_000_020);
    expect(event).toEqual({
      table: "videos",
      key: { id: 5 },
      op: "u",
      before: null,
      after: { id: 5 },
      txId: 42,
      lsn: 900,
      tombstone: false,
      readAt: 1_000_020,
      stages: { sourceTsUs: 1_000_000_000, eventTsUs: 1_000_004_000, recordTimestamp: 1_000_009 },
      record: { topic: "dbserver.public.videos", partition: 2, offset: "17" },
    });
  });

  test("a tombstone carries its table, key, read time and record only", () => {
    expect(parseChangeEvent(payload("dbserver.public.comments", { id: 3 }, null, "7"), 10)).toEqual({
      table: "comments",
      key: { id: 3 },
      tombstone: true,
      readAt: 10,
      record: { topic: "dbserver.public.comments", partition: 2, offset: "17" },
    });
  });
});
