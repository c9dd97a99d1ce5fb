// The broker healthcheck's shape and its probe's behaviour, run with the local bash against a fake broker (a TCP
// server that answers like Kafka) and a fake data directory, so the protocol bytes are checked without Docker.
import { execFile } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { BROKER_HEALTHCHECK_DOC, BROKER_PROBE_READ_TIMEOUT_SECONDS, brokerHealthcheckTest } from "../../components/brokerHealthcheck";

// What Kafka receives: size 12, ApiVersions (18) v0, correlation id, client id "hc" (request header v1).
const EXPECTED_REQUEST = Buffer.from("0000000c001200004843484b00026863", "hex");

/** A fake broker on a free loopback port that answers each request with `reply(request)` (nothing if undefined). */
async function fakeBroker(reply: (request: Buffer) => Buffer | undefined): Promise<{ port: number; received: Buffer[]; close: () => Promise<void> }> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // The probe hangs up as soon as it has read (or given up); a reset then is expected, not a failure.
    socket.on("error", () => undefined);
    socket.on("data", (data) => {
      received.push(data);
      const answer = reply(data);
      if (answer) socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(() => resolve());
    });
  return { port, received, close };
}

function response(correlationIdHex: string, errorCode: number): Buffer {
  const body = Buffer.concat([Buffer.from(correlationIdHex, "hex"), Buffer.from([errorCode >> 8, errorCode & 0xff]), Buffer.alloc(4)]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function dataDirWithQuorumState(content: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broker-hc-"));
  if (content !== undefined) {
    fs.mkdirSync(path.join(dir, "__cluster_metadata-0"));
    fs.writeFileSync(path.join(dir, "__cluster_metadata-0", "quorum-state"), content);
  }
  return dir;
}

function runProbe(test: string[]): Promise<{ code: number; output: string }> {
  const [, command, ...args] = test;
  return new Promise((resolve) => {
    execFile(command, args, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

const LEADER = '{"clusterId":"","leaderId":1,"leaderEpoch":1,"votedId":-1,"appliedOffset":0,"currentVoters":[{"voterId":1}],"data_version":0}';
const NO_LEADER = '{"clusterId":"","leaderId":-1,"leaderEpoch":2,"votedId":1,"appliedOffset":0,"currentVoters":[{"voterId":1}],"data_version":0}';

describe("brokerHealthcheckTest", () => {
  test("is an exec-form bash command (no /bin/sh, which may lack /dev/tcp) naming the port and the quorum-state file", () => {
    const test = brokerHealthcheckTest({ port: 29092, dataDir: "/var/lib/kafka/data" });
    expect(test.slice(0, 3)).toEqual(["CMD", "bash", "-c"]);
    expect(test).toHaveLength(4);
    expect(test[3]).toContain("/dev/tcp/127.0.0.1/29092");
    expect(test[3]).toContain("/var/lib/kafka/data/__cluster_metadata-0/quorum-state");
    expect(test[3]).toContain(`timeout ${BROKER_PROBE_READ_TIMEOUT_SECONDS} od`);
    expect(test[3]).not.toMatch(/java|kafka-/);
  });

  test("a trailing slash on the data directory does not change the probe", () => {
    expect(brokerHealthcheckTest({ port: 9092, dataDir: "/data/" })).toEqual(brokerHealthcheckTest({ port: 9092, dataDir: "/data" }));
  });

  test.each([
    [{ port: 0, dataDir: "/d" }, "The healthcheck port (0) must be an integer from 1 to 65535; pass the internal listener's port."],
    [{ port: 70000, dataDir: "/d" }, "The healthcheck port (70000) must be an integer from 1 to 65535; pass the internal listener's port."],
    [{ port: 1.5, dataDir: "/d" }, "The healthcheck port (1.5) must be an integer from 1 to 65535; pass the internal listener's port."],
    [
      { port: 9092, dataDir: "data" },
      `The healthcheck data directory ("data") must be an absolute path of letters, digits, '.', '_', '-' and '/'; pass the broker's log.dirs path.`,
    ],
    [
      { port: 9092, dataDir: "/d; rm -rf /" },
      `The healthcheck data directory ("/d; rm -rf /") must be an absolute path of letters, digits, '.', '_', '-' and '/'; pass the broker's log.dirs path.`,
    ],
  ])("rejects %p", (args, message) => {
    expect(() => brokerHealthcheckTest(args)).toThrow(new Error(message));
  });

  test("the doc constant explains both halves and the cost", () => {
    expect(BROKER_HEALTHCHECK_DOC).toMatch(/quorum-state/);
    expect(BROKER_HEALTHCHECK_DOC).toMatch(/ApiVersions/);
    expect(BROKER_HEALTHCHECK_DOC).toMatch(/no JVM/);
  });
});

describe("the probe (local bash against a fake broker)", () => {
  let dirs: string[] = [];
  const dataDir = (content: string | undefined) => {
    const dir = dataDirWithQuorumState(content);
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    dirs = [];
  });

  test("passes when a leader is recorded and the broker answers ApiVersions with our correlation id and no error", async () => {
    const broker = await fakeBroker((request) => (request.equals(EXPECTED_REQUEST) ? response("4843484b", 0) : undefined));
    try {
      const result = await runProbe(brokerHealthcheckTest({ port: broker.port, dataDir: dataDir(LEADER) }));
      expect(Buffer.concat(broker.received)).toEqual(EXPECTED_REQUEST);
      expect(result).toEqual({ code: 0, output: "" });
    } finally {
      await broker.close();
    }
  });

  test.each([
    ["an error code", response("4843484b", 35)],
    ["another correlation id", response("00000001", 0)],
  ])("fails when the answer carries %s", async (_name, answer) => {
    const broker = await fakeBroker(() => answer);
    try {
      const result = await runProbe(brokerHealthcheckTest({ port: broker.port, dataDir: dataDir(LEADER) }));
      expect(result.code).toBe(1);
      expect(result.output).toContain(`no ApiVersions answer on 127.0.0.1:${broker.port}`);
    } finally {
      await broker.close();
    }
  });

  test("fails within its read timeout when the broker accepts but never answers (a hung or stopped JVM)", async () => {
    const broker = await fakeBroker(() => undefined);
    try {
      const started = Date.now();
      const result = await runProbe(brokerHealthcheckTest({ port: broker.port, dataDir: dataDir(LEADER) }));
      expect(result.code).toBe(1);
      expect(result.output).toContain("got: nothing");
      expect(Date.now() - started).toBeLessThan((BROKER_PROBE_READ_TIMEOUT_SECONDS + 2) * 1000);
    } finally {
      await broker.close();
    }
  });

  test("fails when nothing listens on the port", async () => {
    const broker = await fakeBroker(() => undefined);
    await broker.close();
    const result = await runProbe(brokerHealthcheckTest({ port: broker.port, dataDir: dataDir(LEADER) }));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`nothing listens on 127.0.0.1:${broker.port}`);
  });

  test.each([
    ["records leaderId -1 (election open)", NO_LEADER],
    ["is missing (storage not formatted or wrong data directory)", undefined],
  ])("fails without contacting the broker when quorum-state %s", async (_name, content) => {
    const broker = await fakeBroker(() => response("4843484b", 0));
    try {
      const dir = dataDir(content);
      const result = await runProbe(brokerHealthcheckTest({ port: broker.port, dataDir: dir }));
      expect(result.code).toBe(1);
      expect(result.output).toContain(`KRaft quorum has no leader in ${dir}/__cluster_metadata-0/quorum-state`);
      expect(broker.received).toEqual([]);
    } finally {
      await broker.close();
    }
  });
});
