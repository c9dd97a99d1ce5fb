// The ops scripts and the console on a secured stack of their own (security sasl_ssl): each acts as the stack's
// principal for the job (status as admin, produce as connect, consume as consumer, the console as ui), the ACLs show
// through as Kafka's own refusals, and no password reaches an output, a log or the console's API.
import { Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import { PRINCIPALS } from "../../components/accessControl";
import type { KafkaStackOutputValues } from "../../components/kafkaStack";
import { destroyAndRemove, plainOutputs, testStack } from "../../support/deploy";
import { countByLabel, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { withAdmin } from "../../support/kafkaAdmin";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";
import { ConsoleAccount, consoleSession } from "../helpers/consoleLogin";
import { npmScript, ScriptRun } from "../helpers/npmScript";
import { leakedSecrets, NamedSecret, namedSecrets, stackSecrets } from "../helpers/secretLeaks";

type Outputs = Pick<
  KafkaStackOutputValues,
  "hostBootstrapServers" | "adminConfig" | "producerConfig" | "consumerConfig" | "clusterName" | "topicNames" | "brokerContainerNames"
> & { uiUrl: string; uiLogin: ConsoleAccount };

const RECORDS = 20;

describe("ops scripts and the console on a secured stack", () => {
  const stackName = uniqueId("ops-sec");
  let stack: Stack;
  let stackLabel = "";
  let outputs: Outputs;
  let secrets: NamedSecret[] = [];
  const users = "dbserver.public.users";

  beforeAll(async () => {
    const deployment = await deploymentConfig(stackName, { security: "sasl_ssl" });
    stackLabel = deployment.stackLabel;
    stack = await testStack(stackName, deployment.config);
    await stack.up();
    outputs = (await plainOutputs(stack)) as unknown as Outputs;
    // Every principal's password (admin, connect, consumer, ui), the console's login and every private key, from the
    // decrypted state.
    const found = await stackSecrets(stack);
    expect(Object.keys(found.passwords).sort()).toEqual(Object.keys(PRINCIPALS).sort());
    expect(found.otherPasswords.map(({ name }) => name)).toEqual([expect.stringMatching(/-ui-login-password$/)]);
    secrets = namedSecrets(found);
  }, 600_000);

  afterAll(async () => {
    if (stack) {
      await destroyAndRemove(stack);
      fs.rmSync(stack.workspace.workDir, { recursive: true, force: true });
    }
    expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 600_000);

  const withoutPasswords = (text: string) => {
    // Names, never values: a failure message must not print the secret it found.
    expect(leakedSecrets(text, secrets)).toEqual([]);
    expect(text).not.toContain("sasl.jaas.config");
  };

  test("status reads brokers, quorum and topics as admin, and says the stack is secured", async () => {
    const table = await npmScript("status", ["--stack", stackName]);
    expect(table).toEqual(expect.objectContaining({ code: 0 }));
    expect(table.stdout).toContain(`bootstrap ${outputs.hostBootstrapServers} (SASL_SSL)`);
    expect(table.stdout).toMatch(/^\s+1  leader\s+\d+\s+0\s/m);
    expect(table.stdout).toMatch(/^Healthy: 1 of 1 broker up, quorum leader 1, 9 partitions in sync across 3 topics/m);

    const json = await npmScript("status", ["--stack", stackName, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expect.objectContaining({ security: "sasl_ssl", healthy: true, quorumLeader: 1, problems: [] }));
    withoutPasswords(json.stdout + json.stderr + table.stdout + table.stderr);
  });

  test("produce to a topic outside dbserver.* is refused with Kafka's error name", async () => {
    const outside = uniqueId("ops-outside");
    await withAdmin(
      outputs.hostBootstrapServers,
      (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic: outside, numPartitions: 1, replicationFactor: 1 }] }),
      outputs.adminConfig,
    );
    const refused = await npmScript("produce", ["--stack", stackName, "--topic", outside, "--count", "3"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`Produced to ${outside}: 0 acknowledged, 3 failed in `);
    expect(refused.stdout).toContain("(TOPIC_AUTHORIZATION_FAILED); the failed messages were not sent again).");
    withoutPasswords(refused.stdout + refused.stderr);
  });

  test("consume with a group outside cdc-* is one sentence, before connecting", async () => {
    const otherGroup = await npmScript("consume", ["--stack", stackName, "--topic", users, "--group", "mine", "--max", "1"]);
    expect(otherGroup.code).toBe(2);
    expect(otherGroup.stderr.trim()).toBe(
      `Stack ${stackName} is secured and its consumer principal may only use consumer groups starting with cdc-; pick --group cdc-mine.`,
    );
  });

  describe("records produced as connect and consumed as consumer", () => {
    let produced: ScriptRun;
    let consumed: ScriptRun;

    beforeAll(async () => {
      produced = await npmScript("produce", ["--stack", stackName, "--topic", users, "--count", String(RECORDS)]);
      consumed = await npmScript("consume", ["--stack", stackName, "--topic", users, "--from-beginning", "--max", String(RECORDS), "--count-only"]);
    }, 300_000);

    test("produce: every record acknowledged; consume: all read as the default group", () => {
      expect(produced).toEqual(expect.objectContaining({ code: 0 }));
      expect(produced.stdout).toMatch(new RegExp(`^Produced to ${users.replace(/\./g, "\\.")}: ${RECORDS} acknowledged, 0 failed in [\\d.]+ s\\.$`, "m"));
      expect(consumed).toEqual(expect.objectContaining({ code: 0 }));
      expect(consumed.stdout).toMatch(new RegExp(`^Read ${RECORDS} records from ${users.replace(/\./g, "\\.")} as group cdc-kafka-consume in `, "m"));
      withoutPasswords(produced.stdout + produced.stderr + consumed.stdout + consumed.stderr);
    });

    test("the console connects as ui: the broker, the topics with their records, the consumer group; no password served or logged", async () => {
      // A secured stack's console has its login on by default: nothing without a session, everything with one.
      expect((await fetch(`${outputs.uiUrl}/api/clusters`)).status).toBe(401);
      const session = await consoleSession(outputs.uiUrl, outputs.uiLogin);
      const api = async (suffix: string): Promise<string> => {
        const response = await fetch(`${outputs.uiUrl}/api/clusters/${outputs.clusterName}${suffix}`, { headers: session, signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`GET ${suffix} answered ${response.status}`);
        return response.text();
      };
      // The console refreshes its statistics every few seconds, so the group shows up after a while.
      const groups = await waitFor(async () => {
        const body = await api("/consumer-groups/paged");
        return body.includes('"groupId":"cdc-kafka-consume"') && body;
      }, { timeoutMs: 60_000, what: "the console to list the group cdc-kafka-consume" });
      const [cluster] = JSON.parse(await (await fetch(`${outputs.uiUrl}/api/clusters`, { headers: session })).text());
      expect(cluster).toEqual(expect.objectContaining({ name: outputs.clusterName, status: "ONLINE", brokerCount: 1 }));
      const brokers = JSON.parse(await api("/brokers"));
      expect(brokers.map((broker: { id: number }) => broker.id)).toEqual([1]);
      const topics = JSON.parse(await api("/topics")).topics.map((topic: { name: string }) => topic.name);
      expect(topics).toEqual(expect.arrayContaining(outputs.topicNames));
      const messages = await api(`/topics/${users}/messages/v2?mode=EARLIEST&limit=${RECORDS}`);
      expect(messages.match(/"type":"MESSAGE"/g)).toHaveLength(RECORDS);
      expect(messages).toContain('"key":"msg-1"');

      const uiContainer = (await docker.listContainers({ filters: { label: [stackLabel] } })).find(
        (container) => !outputs.brokerContainerNames.includes(container.Names[0].replace(/^\//, "")),
      );
      if (!uiContainer) throw new Error("The secured stack runs no console container; check uiEnabled.");
      const logs = (await docker.getContainer(uiContainer.Id).logs({ stdout: true, stderr: true })).toString();
      expect(logs).toMatch(/kafka-ui listening on :8080 \(login form as admin\) for \S+ \(\S+:29092, TLS with the given CA, SCRAM-SHA-512 as ui\)/);
      withoutPasswords(groups + messages + logs + (await api("/topics")) + (await api("/brokers")));
      expect(leakedSecrets(logs, [{ name: "the console's login password", value: outputs.uiLogin.password }])).toEqual([]);
    });
  });
});
