// The npm-script entry points (ops/*.ts) as a person runs them: child processes against the stack the global setup
// deployed, by its name. The shared stack is only read (and its broker briefly paused); up and down run on a stack of
// their own.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toolchainEnv } from "../../toolchain/env";
import { repoRoot } from "../../toolchain/paths";
import { countByLabel, docker, isHealthy } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { kafkaClient, withAdmin } from "../../support/kafkaAdmin";
import { deployedStack, output } from "../helpers/stack";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const tsNode = require.resolve("ts-node/register/transpile-only");

/**
 * `node ops/<script>.ts <args>` from a directory below the root (ts-node finds the repo's tsconfig from there), stdin
 * not a terminal, in the toolchain environment.
 */
function ops(script: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  return run(process.execPath, ["-r", tsNode, path.join(repoRoot, "ops", `${script}.ts`), ...args], path.join(repoRoot, "ops"), timeoutMs);
}

/** `npm run -s <script> -- <args>` from a subdirectory of the repo, as a person would type it. */
function npmRun(script: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  return run("npm", ["run", "-s", script, "--", ...args], path.join(repoRoot, "tests", "integration"), timeoutMs);
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  const env = { ...process.env, ...toolchainEnv(process.env), NO_COLOR: "1" };
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function stackFileYaml(config: Record<string, string>): string {
  return `config:\n${Object.entries(config).map(([key, value]) => `  cdc-kafka:${key}: "${value}"`).join("\n")}\n`;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);

describe("ops scripts against the deployed stack", () => {
  const { stackName, config } = deployedStack();
  const hostBootstrapServers = output("hostBootstrapServers");
  const [broker] = output<string[]>("brokerContainerNames");
  const topicNames = output<string[]>("topicNames");

  test("npm run status: aligned tables of brokers, quorum, topics; healthy exits 0", async () => {
    const result = await npmRun("status", ["--stack", stackName]);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    const lines = result.stdout.split("\n");
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\s+1  ${broker}  up\\s+running\\s+healthy\\s+3\\.6\\.2\\s+.*${hostBootstrapServers}`)));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+1  leader\s+\d+\s+0\s/));
    for (const topic of topicNames) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${topic.replace(/\./g, "\\.")}\\s+0\\s+1\\s+1\\s+1\\s+ok\\s+1\\s+604800000 \\(7d\\)\\s+delete$`)));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^Healthy: 1 of 1 broker up, quorum leader 1, /));
    // Every row of the topics table has its STATUS column where the header has it.
    const header = lines.find((line) => line.startsWith("TOPIC "))!;
    const rows = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header) + 1 + 3 * topicNames.length);
    for (const row of rows) expect(row.slice(header.indexOf("STATUS"), header.indexOf("STATUS") + 2)).toBe("ok");
  });

  test("status --json: parseable, with the quorum leader, broker version, listeners and topic configs", async () => {
    const result = await ops("status", ["--stack", stackName, "--json"]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toEqual(expect.objectContaining({ stack: stackName, healthy: true, problems: [], quorumLeader: 1 }));
    expect(status.brokers).toEqual([
      expect.objectContaining({ nodeId: 1, container: broker, containerState: "running", health: "healthy", version: "3.6.2", registered: true }),
    ]);
    expect(status.brokers[0].listeners).toContain(`EXTERNAL://${hostBootstrapServers}`);
    expect(status.quorum.nodes).toEqual([expect.objectContaining({ nodeId: 1, role: "leader", lag: 0 })]);
    for (const name of topicNames) {
      const topic = status.topics.find((candidate: { name: string }) => candidate.name === name);
      expect(topic).toEqual(
        expect.objectContaining({ declared: true, configs: { "cleanup.policy": "delete", "min.insync.replicas": "1", "retention.ms": "604800000" } }),
      );
      expect(topic.partitions).toHaveLength(3);
      expect(topic.partitions[0]).toEqual(expect.objectContaining({ leader: 1, replicas: [1], isr: [1], marks: [] }));
    }
  });

  describe("a topic and a consumer group of this test", () => {
    const topic = uniqueId("ops-topic");
    const groupId = uniqueId("ops-group");

    beforeAll(async () => {
      await withAdmin(hostBootstrapServers, (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] }));
      const producer = kafkaClient(hostBootstrapServers).producer();
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
      } finally {
        await producer.disconnect();
      }
      // A group that has committed offset 2 of 5: lag 3.
      await withAdmin(hostBootstrapServers, (admin) => admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "2" }] }));
    });

    afterAll(async () => {
      await withAdmin(hostBootstrapServers, async (admin) => {
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.deleteTopics({ topics: [topic] });
      });
    });

    test("status shows the group's lag per topic, in the table and in JSON", async () => {
      const text = await ops("status", ["--stack", stackName]);
      expect(text.stdout.split("\n")).toContainEqual(expect.stringMatching(new RegExp(`^${groupId}\\s+Empty\\s+0\\s+${topic}\\s+1/1\\s+3$`)));
      const json = JSON.parse((await ops("status", ["--stack", stackName, "--json"])).stdout);
      expect(json.groups).toContainEqual({ groupId, state: "Empty", members: 0, topics: [{ topic, partitions: 1, committedPartitions: 1, lag: 3 }] });
    });

    test("status --json carries the byte rates read from the broker's exporter (the shared stack has metrics on); the table shows them", async () => {
      type Rates = { bytesInPerSec: number | null; bytesOutPerSec: number | null };
      type StatusRates = { cluster: Rates; brokers: (Rates & { nodeId: number; container: string })[]; topics: (Rates & { topic: string })[] };
      // Kafka's FifteenMinuteRate ticks every 5 s, so the five messages above count only after a tick: poll, with a deadline.
      const rates = await waitFor(
        async () => {
          const status = JSON.parse((await ops("status", ["--stack", stackName, "--json"])).stdout) as { rates?: StatusRates; ratesUnavailable?: string };
          if (!status.rates) throw new Error(`no rates: ${status.ratesUnavailable}`);
          const ours = status.rates.topics.find((candidate) => candidate.topic === topic);
          return (ours?.bytesInPerSec ?? 0) > 0 && status.rates;
        },
        { timeoutMs: 90_000, intervalMs: 3_000, what: `status --json with bytesInPerSec > 0 for ${topic}` },
      );
      expect(rates.cluster.bytesInPerSec).toBeGreaterThan(0);
      expect(rates.brokers).toEqual([expect.objectContaining({ nodeId: 1, container: broker, bytesInPerSec: expect.any(Number), bytesOutPerSec: expect.any(Number) })]);
      expect(rates.brokers[0].bytesInPerSec).toBeGreaterThan(0);
      const lines = (await ops("status", ["--stack", stackName])).stdout.split("\n");
      expect(lines).toContain("Byte rates (15-minute averages)");
      expect(lines).toContainEqual(expect.stringMatching(/^broker\s+1\s+\d+\.\d (B|KiB|MiB)\/s\s+\d+\.\d (B|KiB|MiB)\/s$/));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^topic\\s+${topic}\\s+\\d+\\.\\d (B|KiB|MiB)/s\\s`)));
    }, 150_000);

    test("topics lists it, not declared; describe shows its partition with offsets", async () => {
      const list = await npmRun("topics", ["--stack", stackName]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`^${topic}\\s+1\\s+1\\s+5\\s+ok\\s+.*\\s+no$`, "m"));
      for (const name of topicNames) expect(list.stdout).toMatch(new RegExp(`^${name.replace(/\./g, "\\.")}\\s+3\\s+1\\s+\\d+\\s+ok\\s+1\\s+604800000 \\(7d\\)\\s+delete\\s+yes$`, "m"));
      expect(list.stdout).not.toContain("__consumer_offsets");

      const described = await ops("topics", ["describe", topic, "--stack", stackName]);
      expect(described.code).toBe(0);
      expect(described.stdout).toContain(`Topic ${topic} (not declared by the stack): 1 partitions, 5 messages`);
      expect(described.stdout).toMatch(/^\s+0\s+1\s+1\s+1\s+-\s+0\s+5\s+ok$/m);

      const json = JSON.parse((await ops("topics", ["describe", topicNames[0], "--json", "--stack", stackName])).stdout);
      expect(json.topics.map((t: { name: string }) => t.name)).toEqual([topicNames[0]]);
      expect(json.topics[0].configs).toEqual(expect.objectContaining({ "min.insync.replicas": "1", "retention.ms": "604800000", "cleanup.policy": "delete" }));
    });
  });

  test("a topic whose min.insync.replicas exceeds its ISR: BELOW-MIN-ISR marks, exit 1 from status and topics", async () => {
    const topic = uniqueId("ops-min-isr");
    await withAdmin(hostBootstrapServers, (admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: "min.insync.replicas", value: "2" }] }],
      }),
    );
    try {
      const status = await ops("status", ["--stack", stackName]);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(new RegExp(`^${topic}\\s+0\\s+1\\s+1\\s+1\\s+BELOW-MIN-ISR\\s+2\\s`, "m"));
      expect(status.stdout).toContain(
        `2 partitions have fewer in-sync replicas than min.insync.replicas, so acks=all writes to them fail: ${topic}-0, ${topic}-1.`,
      );
      const json = JSON.parse((await ops("status", ["--stack", stackName, "--json"])).stdout);
      expect(json.healthy).toBe(false);
      expect(json.topics.find((t: { name: string }) => t.name === topic).partitions[0].marks).toEqual(["below-min-isr"]);
      const topics = await ops("topics", ["--stack", stackName]);
      expect(topics.code).toBe(1);
      expect(topics.stdout).toMatch(new RegExp(`^${topic}\\s+2\\s+1\\s+0\\s+BELOW-MIN-ISR\\s`, "m"));
    } finally {
      await withAdmin(hostBootstrapServers, (admin) => admin.deleteTopics({ topics: [topic] }));
    }
    expect((await ops("status", ["--stack", stackName])).code).toBe(0);
  });

  test("topics describe of a missing topic: a sentence naming the topics there are, exit 1", async () => {
    const result = await ops("topics", ["describe", "no.such.topic", "--stack", stackName]);
    expect(result.code).toBe(1);
    // Other tests' topics may be listed too; the declared ones come first in name order here.
    expect(result.stderr).toMatch(new RegExp(`^No topic named no\\.such\\.topic in stack ${stackName}'s cluster; its topics are .+\\.\\n$`));
    for (const name of topicNames) expect(result.stderr).toContain(name);
  });

  test("preview with the stack's own config: nothing to change", async () => {
    const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ops-preview-")), "stack.yaml");
    fs.writeFileSync(configFile, stackFileYaml(config));
    const result = await ops("preview", ["--stack", stackName, "--config-file", configFile], 300_000);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(result.stdout).toContain(`No changes: stack ${stackName} matches its program and config.`);
  }, 300_000);

  test("a paused broker: status says DOWN and why, exits 1; topics refuses with a sentence; healthy again after unpause", async () => {
    await docker.getContainer(broker).pause();
    try {
      const status = await ops("status", ["--stack", stackName]);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(new RegExp(`^\\s+1  ${broker}  DOWN\\s+paused\\s`, "m"));
      expect(status.stdout).toContain(`Broker 1 is down: its container ${broker} is paused.`);
      noStackTrace(status.stdout + status.stderr);
      const json = JSON.parse((await ops("status", ["--stack", stackName, "--json"])).stdout);
      expect(json).toEqual(expect.objectContaining({ healthy: false, quorumLeader: null }));

      const topics = await ops("topics", ["--stack", stackName]);
      expect(topics.code).toBe(2);
      expect(topics.stderr.trim()).toBe(
        `No broker of stack ${stackName} is running (${broker} is paused), so its topics cannot be read; \`npm run status -- --stack ${stackName}\` shows more.`,
      );
    } finally {
      await docker.getContainer(broker).unpause();
    }
    await waitFor(() => isHealthy(broker), { timeoutMs: 60_000, what: `${broker} to be healthy after unpause` });
    await waitFor(
      async () => {
        const status = await ops("status", ["--stack", stackName]);
        if (status.code !== 0) throw new Error(`status exited ${status.code}: ${status.stdout.split("Unhealthy").pop()}${status.stderr}`);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 2_000, what: "status to exit 0 again" },
    );
  }, 180_000);
});

describe("ops scripts without a deployed stack", () => {
  const missing = uniqueId("ops-missing");

  test.each([
    ["status", []],
    ["topics", ["describe"]],
    ["produce", ["--topic", "t", "--count", "1"]],
    ["consume", ["--topic", "t"]],
    ["stop", []],
    ["start", []],
  ])("%s of a stack that does not exist: one sentence, exit 2", async (script, args) => {
    const result = await ops(script, [...args, "--stack", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^Stack ${missing} does not exist in .*\\. Create and deploy it with \`npm run up -- --stack ${missing}\`\\.\\n$`));
    noStackTrace(result.stderr);
  });

  test("status --json of a missing stack prints the sentence as JSON", async () => {
    const result = await ops("status", ["--json", "--stack", missing]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatch(new RegExp(`^Stack ${missing} does not exist`));
  });

  test("down without a terminal and without --yes refuses before touching anything", async () => {
    const result = await ops("down", ["--stack", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `Refusing to destroy stack ${missing} without confirmation: stdin is not a terminal, so run \`npm run down -- --stack ${missing} --yes\` to mean it.`,
    );
  });

  test("preview of a stack with neither a stack nor config creates neither", async () => {
    const result = await ops("preview", ["--stack", missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^Stack ${missing} does not exist`));
    expect(fs.existsSync(path.join(repoRoot, `Pulumi.${missing}.yaml`))).toBe(false);
  });

  test("a wrong option: the usage sentence, exit 2", async () => {
    const result = await ops("status", ["--stak", "x"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "Unknown option --stak for `npm run status`; it takes --stack <name>, --json, --timeout <seconds>.\n" });
  });

  test("a non-numeric produce count: the usage sentence, exit 2, before any stack is read", async () => {
    const result = await ops("produce", ["--topic", "t", "--count", "many", "--stack", missing]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: '--count takes a positive whole number of messages, not "many".\n' });
  });
});

describe("up and down of a stack of their own", () => {
  const stackName = uniqueId("ops-up");
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ops-up-")), "stack.yaml");
  let stackLabel = "";
  let destroyed = false;

  beforeAll(async () => {
    const deployment = await deploymentConfig(stackName, { uiEnabled: "false" });
    stackLabel = deployment.stackLabel;
    fs.writeFileSync(configFile, stackFileYaml(deployment.config));
  });

  const stackFile = path.join(repoRoot, `Pulumi.${stackName}.yaml`);

  afterAll(async () => {
    if (!destroyed) await ops("down", ["--stack", stackName, "--yes", "--remove", "--config-file", configFile], 300_000);
    fs.rmSync(stackFile, { force: true });
  }, 300_000);

  test("up deploys with progress and prints the addresses; status reads it; down --yes --remove leaves nothing", async () => {
    const up = await ops("up", ["--stack", stackName, "--config-file", configFile], 300_000);
    expect(up).toEqual(expect.objectContaining({ code: 0 }));
    expect(up.stdout).toContain(`Deploying stack ${stackName} (config: ${configFile})`);
    expect(up.stdout).toMatch(/^ \+ +docker:index:Container cdc-ops-up-\S+-broker-1-container created/m);
    expect(up.stdout).toMatch(new RegExp(`^Stack ${stackName} is up \\(\\d+\\.\\d s\\)\\.$`, "m"));
    expect(up.stdout).toMatch(/^  Bootstrap servers, host\s+localhost:\d+$/m);
    expect(up.stdout).toMatch(new RegExp(`^  Bootstrap servers, Docker network\\s+cdc-${stackName}-broker-1:29092 \\(network .+\\)$`, "m"));
    expect(up.stdout).toMatch(/^  Web UI\s+\(disabled\)$/m);
    expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

    const status = JSON.parse((await ops("status", ["--stack", stackName, "--json"])).stdout);
    expect(status).toEqual(expect.objectContaining({ healthy: true, quorumLeader: 1 }));

    const down = await ops("down", ["--stack", stackName, "--yes", "--remove", "--config-file", configFile], 300_000);
    expect(down).toEqual(expect.objectContaining({ code: 0 }));
    expect(down.stdout).toMatch(new RegExp(`^Stack ${stackName} destroyed \\(\\d+\\.\\d s\\)\\.$`, "m"));
    expect(down.stdout).toContain(`Stack ${stackName} removed from the backend`);
    destroyed = true;
    expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    // Stack creation wrote Pulumi.<stack>.yaml with only the passphrase salt; --remove takes it away too.
    expect(fs.existsSync(stackFile)).toBe(false);
    const gone = await ops("status", ["--stack", stackName]);
    expect(gone.stderr).toMatch(new RegExp(`^Stack ${stackName} does not exist`));
  }, 600_000);
});
