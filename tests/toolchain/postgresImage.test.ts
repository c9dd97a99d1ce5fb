// The built PostgreSQL image on the real Docker engine, alone: with the official image's POSTGRES_* env and init
// scripts it turns healthy only after the scripts ran, is set up for Debezium's logical decoding (wal_level, a
// pgoutput slot, replication logins from the network with a password), stops fast on SIGTERM with a session open,
// and initialises its data directory once.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { waitFor } from "../../support/waitFor";
import { removeFixture, requireImage } from "../helpers/uiBrokerFixture";
import { addressOf, execIn, logsOf, waitForHealth } from "./imageContainers";

const IMAGE = process.env.CDC_KAFKA_POSTGRES_IMAGE ?? "cdc-kafka/postgres:15";
const INIT_COMPLETE = "PostgreSQL init process complete";

const testId = uniqueId("postgres-image");
const name = testId;
const user = "cdc";
const password = "a password with spaces";
const database = "videos";

/** psql over TCP to the container's own network address, so pg_hba.conf's network rules apply (not loopback trust). */
async function psqlOverNetwork(sql: string, options: { password?: string; connection?: string } = {}) {
  const target = `host=${await addressOf(name)} user=${user} dbname=${database}${options.connection ?? ""}`;
  return execIn(name, ["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1", target, "--command", sql], [
    `PGPASSWORD=${options.password ?? password}`,
  ]);
}

describe(`${IMAGE} on its own`, () => {
  let initDir: string;

  beforeAll(async () => {
    await requireImage(IMAGE, "npm run setup");
    // Init scripts as a user would mount them; world-readable, since the server's user (not root) reads them.
    initDir = fs.mkdtempSync(path.join(os.tmpdir(), "postgres-initdb-"));
    fs.chmodSync(initDir, 0o755);
    const scripts: Record<string, string> = {
      // pg_sleep keeps the init phase long enough for the healthcheck (every 2 s) to probe during it.
      "01-schema.sql": "CREATE TABLE videos (id int PRIMARY KEY, title text);\nINSERT INTO videos VALUES (1, 'first');\nSELECT pg_sleep(3);\n",
      "02-replica-identity.sh": 'psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "ALTER TABLE videos REPLICA IDENTITY FULL"\n',
    };
    for (const [file, content] of Object.entries(scripts)) fs.writeFileSync(path.join(initDir, file), content, { mode: 0o644 });

    const container = await docker.createContainer({
      name,
      Image: IMAGE,
      Labels: { "cdc-kafka.test": testId },
      Env: [`POSTGRES_USER=${user}`, `POSTGRES_PASSWORD=${password}`, `POSTGRES_DB=${database}`],
      HostConfig: { Binds: [`${initDir}:/docker-entrypoint-initdb.d:ro`] },
    });
    const started = Date.now();
    await container.start();
    // Each time the check sees "healthy", the init must be over: the init-time server has no TCP listener.
    await waitForHealth(name, "healthy", 90_000, async (health) => {
      if (health === "healthy") expect(await logsOf(name)).toContain(INIT_COMPLETE);
    });
    console.log(`${IMAGE}: docker start -> healthy in ${Date.now() - started} ms (initdb and a 3 s init script included)`);
  }, 120_000);

  afterAll(async () => {
    await removeFixture(testId);
    fs.rmSync(initDir, { recursive: true, force: true });
  }, 60_000);

  test("the healthcheck failed while the init scripts ran, and both scripts ran once before it passed", async () => {
    const health = (await docker.getContainer(name).inspect()).State.Health;
    expect(health?.Log?.some((probe) => probe.ExitCode !== 0)).toBe(true);
    expect(health?.Log?.slice(-1)[0]?.ExitCode).toBe(0);
    const logs = await logsOf(name);
    expect(logs.split("===> Running /docker-entrypoint-initdb.d/").length - 1).toBe(2);
    expect((await psqlOverNetwork("SELECT title FROM videos")).stdout.trim()).toBe("first");
    expect((await psqlOverNetwork("SELECT relreplident FROM pg_class WHERE relname = 'videos'")).stdout.trim()).toBe("f");
  });

  test("is configured for logical decoding and listens on every address", async () => {
    const result = await psqlOverNetwork(
      "SELECT current_setting('wal_level'), current_setting('max_wal_senders'), current_setting('max_replication_slots'), current_setting('listen_addresses')",
    );
    expect(result.stdout.trim()).toBe("logical|4|4|*");
  });

  test("POSTGRES_USER is a superuser that creates a pgoutput logical replication slot and logs in for replication from the network", async () => {
    const role = await psqlOverNetwork("SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user");
    expect(role.stdout.trim()).toBe("t|t");

    const created = await psqlOverNetwork("SELECT slot_name FROM pg_create_logical_replication_slot('image_test', 'pgoutput')");
    expect(created).toMatchObject({ code: 0, stdout: "image_test\n" });
    const slots = await psqlOverNetwork("SELECT slot_name, plugin, slot_type, database FROM pg_replication_slots");
    expect(slots).toMatchObject({ code: 0, stdout: `image_test|pgoutput|logical|${database}\n` });
    expect(await psqlOverNetwork("SELECT pg_drop_replication_slot('image_test')")).toMatchObject({ code: 0 });

    // A replication connection as Debezium opens it (replication=database), authenticated by password over the network.
    const replication = await psqlOverNetwork("IDENTIFY_SYSTEM", { connection: " replication=database" });
    expect(replication).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`\\|${database}\n$`)) });
  });

  test("refuses a wrong password from the network (scram-sha-256, not trust)", async () => {
    const result = await psqlOverNetwork("SELECT 1", { password: "wrong" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`password authentication failed for user "${user}"`);
  });

  test("SIGTERM is a fast shutdown even with a session open, and a restart keeps the data without initialising again", async () => {
    const container = docker.getContainer(name);
    const session = execIn(name, ["psql", `host=${await addressOf(name)} user=${user} dbname=${database}`, "-c", "SELECT pg_sleep(120)"], [`PGPASSWORD=${password}`]);
    const sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120)'";
    await waitFor(async () => (await psqlOverNetwork(sleeping)).stdout.trim() === "1", { timeoutMs: 10_000, what: "the open session" });

    const stopping = Date.now();
    await container.stop({ t: 30 });
    const stoppedInMs = Date.now() - stopping;
    await session;
    console.log(`${IMAGE}: docker stop with a session open took ${stoppedInMs} ms`);
    expect(stoppedInMs).toBeLessThan(10_000);
    expect((await container.inspect()).State.ExitCode).toBe(0);
    expect(await logsOf(name)).toContain("received fast shutdown request");

    await container.start();
    await waitForHealth(name, "healthy", 60_000);
    const logs = await logsOf(name);
    expect(logs.split(INIT_COMPLETE).length - 1).toBe(1);
    expect(logs).toContain("holds a database already; skipping initialisation");
    expect((await psqlOverNetwork("SELECT count(*) FROM videos")).stdout.trim()).toBe("1");
  }, 120_000);

  test("SIGQUIT is PostgreSQL's immediate shutdown (no checkpoint), and a restart recovers the data", async () => {
    const container = docker.getContainer(name);
    await container.kill({ signal: "SIGQUIT" });
    const exit = await container.wait();
    expect(await logsOf(name)).toContain("received immediate shutdown request");
    console.log(`${IMAGE}: SIGQUIT exit status ${exit.StatusCode}`);
    await container.start();
    await waitForHealth(name, "healthy", 60_000);
    // Crash recovery, not a clean start: the server says the last shutdown was not one.
    expect(await logsOf(name)).toMatch(/database system was (interrupted|not properly shut down)/);
    expect((await psqlOverNetwork("SELECT count(*) FROM videos")).stdout.trim()).toBe("1");
  }, 120_000);
});
