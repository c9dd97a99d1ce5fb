// The README's Quickstart, run literally (its `npm run` lines, parsed from the README) against a stack of its own with
// Pulumi.dev.yaml's settings and other names and ports: up → status → topics → produce 1,000 → consume 1,000 → stop →
// start → consume again from the beginning finds all 1,000 → down. Between the steps it checks what a user relies on:
// a clean broker log, the same containers after start, a stopped stack's exit codes, bad input's sentences; and, with
// a reader of its own, that the topic holds each produced record once and the same records after start, and that each
// consume left its group at the topic's end offsets (1,000 reads that included a repeat would fall short of them).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";
import { containerState, countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { withAdmin } from "../../support/kafkaAdmin";
import { stackAddresses } from "../../ops/workspace";
import { readRecords } from "../helpers/delivery";
import { npmScript, ScriptRun } from "../helpers/npmScript";
import { freePorts } from "../../support/ports";
import { devStackFileFor, QuickstartStep, readmeQuickstart } from "../helpers/quickstart";

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);

describe("the README's Quickstart on a stack of its own", () => {
  const stackName = uniqueId("qs");
  const stackLabel = `cdc-kafka.stack=cdc-kafka/${stackName}`;
  const broker = `cdc-${stackName}-broker-1`;
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "quickstart-")), "Pulumi.quickstart.yaml");
  const stackOptions = ["--stack", stackName];
  const timings: string[] = [];
  let destroyed = false;

  beforeAll(async () => {
    const [hostPort, uiPort] = await freePorts(2);
    fs.writeFileSync(configFile, devStackFileFor(stackName, hostPort, uiPort));
  });

  afterAll(async () => {
    if (!destroyed) await npmScript("down", [...stackOptions, "--yes", "--remove", "--config-file", configFile], 300_000);
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
    console.log(`Quickstart of stack ${stackName}:\n${timings.join("\n")}`);
  }, 300_000);

  /** A README step with this test's stack (and, for up and down, its config file; down's --yes a terminal would ask for). */
  async function runStep(step: QuickstartStep): Promise<ScriptRun> {
    const extra = [...stackOptions];
    if (step.script === "up" || step.script === "down") extra.push("--config-file", configFile);
    if (step.script === "down") extra.push("--yes", "--remove");
    const result = await npmScript(step.script, [...step.args, ...extra], 300_000);
    timings.push(`  ${step.line.padEnd(110)} exit ${result.code}, ${result.seconds.toFixed(1)} s`);
    return result;
  }

  const statusJson = async () => JSON.parse((await npmScript("status", [...stackOptions, "--json"])).stdout);
  const option = (step: QuickstartStep, flag: string) => step.args[step.args.indexOf(flag) + 1];

  /** The topic's records as `key value` lines, sorted, read by a group of the test's own. */
  async function topicRecords(bootstrapServers: string, topic: string): Promise<string[]> {
    const records = await readRecords(bootstrapServers, topic, uniqueId("qs-reader"), 60_000);
    return records.map((record) => `${record.key} ${record.value}`).sort();
  }

  /** Per partition: the group's committed offset against the topic's end offset. */
  async function groupPosition(bootstrapServers: string, topic: string, groupId: string): Promise<{ committed: string[]; ends: string[] }> {
    return withAdmin(bootstrapServers, async (admin) => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      const byPartition = (entries: { partition: number; offset: string }[]) => [...entries].sort((a, b) => a.partition - b.partition).map((p) => `${p.partition}:${p.offset}`);
      return { committed: byPartition(committed.partitions), ends: byPartition(ends) };
    });
  }

  test("every step exits 0 and the records survive stop and start", async () => {
    const steps = readmeQuickstart();
    let brokerId = "";
    let consumed = 0;
    let bootstrapServers = "";
    let producedTopic = "";
    let produced: string[] = [];
    for (const step of steps) {
      const result = await runStep(step);
      expect({ step: step.line, code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({ step: step.line, code: 0, stderr: "" });
      switch (step.script) {
        case "up":
          brokerId = (await containerState(broker)).id;
          break;
        case "status": {
          expect(result.stdout).toMatch(/^Healthy: 1 of 1 broker up/m);
          // A clean start logs no ERROR or FATAL line.
          const status = await statusJson();
          expect(status.brokers.map((b: { logProblems?: string[] }) => b.logProblems)).toEqual([[]]);
          expect(status.warnings).toEqual([]);
          break;
        }
        case "topics":
          expect(result.stdout).toMatch(/^dbserver\.public\.videos\s+3\s/m);
          break;
        case "produce": {
          expect(result.stdout).toMatch(/^Produced to dbserver\.public\.videos: 1000 acknowledged, 0 failed in \d+\.\d s\.$/m);
          // The topic (empty before) holds 1,000 records with 1,000 distinct keys: each acknowledged record once.
          bootstrapServers = (await stackAddresses(stackName)).hostBootstrapServers;
          producedTopic = option(step, "--topic");
          produced = await topicRecords(bootstrapServers, producedTopic);
          expect(produced).toHaveLength(1000);
          expect(new Set(produced.map((line) => line.split(" ")[0])).size).toBe(1000);
          const unknown = await npmScript("produce", ["--topic", "no.such.topic", "--count", "1", ...stackOptions]);
          expect(unknown.code).toBe(2);
          expect(unknown.stderr).toMatch(new RegExp(`^No topic named no\\.such\\.topic in stack ${stackName}'s cluster; its topics are .*dbserver\\.public\\.videos.*\\.\\n$`));
          noStackTrace(unknown.stderr);
          break;
        }
        case "consume": {
          consumed++;
          expect(result.stdout).toMatch(/^Read 1000 records from dbserver\.public\.videos as group quickstart in \d+\.\d s, offsets committed\.$/m);
          // Its 1,000 reads reached every partition's end: each of the 1,000 records was read once, none twice.
          const position = await groupPosition(bootstrapServers, option(step, "--topic"), option(step, "--group"));
          expect(position.committed).toEqual(position.ends);
          break;
        }
        case "stop": {
          expect((await containerState(broker)).status).toBe("exited");
          const status = await npmScript("status", stackOptions);
          expect(status.code).toBe(3);
          expect(status.stdout).toContain(`Stopped: Stack ${stackName} is stopped: its broker containers have exited, with their data volumes kept; \`npm run start -- --stack ${stackName}\` starts them again.`);
          for (const [script, args, what] of [
            ["produce", ["--topic", "dbserver.public.videos", "--count", "1"], "nothing can be produced"],
            ["consume", ["--topic", "dbserver.public.videos"], "nothing can be consumed"],
          ] as const) {
            const refused = await npmScript(script, [...args, ...stackOptions]);
            expect(refused).toEqual(expect.objectContaining({ code: 3, stdout: "" }));
            expect(refused.stderr).toBe(`Stack ${stackName} is stopped, so ${what}; \`npm run start -- --stack ${stackName}\` starts it again.\n`);
          }
          // The data volume, the network and the (stopped) containers are all still there.
          expect(await countByLabel(stackLabel)).toEqual({ containers: 2, networks: 1, volumes: 1 });
          break;
        }
        case "start": {
          const state = await containerState(broker);
          expect(state).toEqual(expect.objectContaining({ id: brokerId, status: "running", health: "healthy" }));
          const status = await statusJson();
          expect(status).toEqual(expect.objectContaining({ healthy: true, stopped: false, warnings: [] }));
          expect(status.brokers[0].logProblems).toEqual([]);
          // Every record still there: the topic holds exactly the records read after produce, keys and values.
          expect(await topicRecords(bootstrapServers, producedTopic)).toEqual(produced);
          break;
        }
        case "down":
          destroyed = true;
          expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
          break;
      }
    }
    expect(consumed).toBe(2);
  }, 900_000);
});
