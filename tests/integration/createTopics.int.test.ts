// npm run create-topics on a stack of its own: the declared topic set applied alone (a new topic, a changed retention),
// nothing else touched; shrinking partitions refused in one sentence; a dropped topic deleted only with --yes.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";
import { containerState } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { describeConfig, withAdmin } from "../../support/kafkaAdmin";
import { npmScript } from "../helpers/npmScript";
import { deploymentConfig } from "../../support/testConfig";

describe("create-topics on a stack of its own", () => {
  const stackName = uniqueId("ct");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "create-topics-"));
  const configFile = path.join(dir, "stack.yaml");
  const broker = `cdc-${stackName}-broker-1`;
  let base: Record<string, string> = {};
  let hostBootstrapServers = "";

  /** The stack file with these topics, partitions and retention (the rest from the test config). */
  function writeConfig(topics: string[], partitions: number, retentionMs: number): void {
    const settings = { ...base, topicPartitions: String(partitions), topicRetentionMs: String(retentionMs) };
    const lines = Object.entries(settings).map(([key, value]) => `  cdc-kafka:${key}: "${value}"`);
    fs.writeFileSync(configFile, `config:\n${lines.join("\n")}\n  cdc-kafka:topics:\n${topics.map((topic) => `    - ${topic}`).join("\n")}\n`);
  }

  const createTopics = (...args: string[]) => npmScript("create-topics", ["--stack", stackName, "--config-file", configFile, ...args], 300_000);
  const topicNames = () => withAdmin(hostBootstrapServers, (admin) => admin.listTopics()).then((names) => names.filter((name) => name.startsWith("ct.")).sort());

  beforeAll(async () => {
    const deployment = await deploymentConfig(stackName, { uiEnabled: "false" });
    base = deployment.config;
    hostBootstrapServers = `localhost:${base.hostPort}`;
    writeConfig(["ct.one", "ct.two"], 2, 604800000);
    const up = await npmScript("up", ["--stack", stackName, "--config-file", configFile], 300_000);
    expect(up).toEqual(expect.objectContaining({ code: 0 }));
  }, 300_000);

  afterAll(async () => {
    await npmScript("down", ["--stack", stackName, "--yes", "--remove", "--config-file", configFile], 300_000);
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
  }, 300_000);

  test("unchanged config: nothing to do; a new topic and a new retention: applied, the broker untouched", async () => {
    const same = await createTopics();
    expect(same).toEqual(expect.objectContaining({ code: 0, stdout: `The topics of stack ${stackName} match its config; nothing to do.\n` }));

    const brokerId = (await containerState(broker)).id;
    writeConfig(["ct.one", "ct.two", "ct.three"], 2, 86400000);
    const applied = await createTopics();
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Stack ${stackName}'s topics:\n`);
    expect(applied.stdout).toMatch(/^ {2}\+ create ct\.three \(2 partitions\)$/m);
    expect(applied.stdout).toMatch(/^ {2}~ update ct\.one: config$/m);
    expect(applied.stdout).toMatch(new RegExp(`^Topics of stack ${stackName} applied \\(3 changed, \\d+\\.\\d s\\); nothing else was touched\\.$`, "m"));
    expect(await topicNames()).toEqual(["ct.one", "ct.three", "ct.two"]);
    const retention = await withAdmin(hostBootstrapServers, (admin) => describeConfig(admin, "topic", "ct.one"));
    expect(retention["retention.ms"]).toBe("86400000");
    expect((await containerState(broker)).id).toBe(brokerId);
  });

  test("fewer partitions: refused in one sentence, exit 2, nothing changed", async () => {
    writeConfig(["ct.one", "ct.two", "ct.three"], 1, 86400000);
    const refused = await createTopics();
    expect(refused.code).toBe(2);
    // The engine reports the topics in no fixed order.
    const sentence = refused.stderr.trim().split("\n").pop() as string;
    expect(sentence).toMatch(/^Kafka cannot remove partitions, and recreating the topics would delete their records: ct\.\w+ \(2 → 1\), ct\.\w+ \(2 → 1\), ct\.\w+ \(2 → 1\); set topicPartitions back to 2 or more\.$/);
    expect(sentence).toMatch(/ct\.two \(2 → 1\)/);
    expect(refused.stderr).toMatch(/ct\.one \(2 → 1\)/);
    expect(refused.stderr).toMatch(/ct\.three \(2 → 1\)/);
    expect(await topicNames()).toEqual(["ct.one", "ct.three", "ct.two"]);
  });

  test("a dropped topic: refused without a terminal unless --yes, then deleted", async () => {
    writeConfig(["ct.one", "ct.three"], 2, 86400000);
    const refused = await createTopics();
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain("  - delete ct.two and every record in it");
    expect(refused.stderr.trim().split("\n").pop()).toBe(
      `Refusing to delete ct.two without confirmation: stdin is not a terminal, so run \`npm run create-topics -- --stack ${stackName} --yes\` to mean it.`,
    );
    expect(await topicNames()).toEqual(["ct.one", "ct.three", "ct.two"]);

    const deleted = await createTopics("--yes");
    expect(deleted.code).toBe(0);
    expect(await topicNames()).toEqual(["ct.one", "ct.three"]);
  });
});
