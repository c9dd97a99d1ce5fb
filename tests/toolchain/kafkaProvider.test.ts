// The built pulumi-resource-kafka plugin under the real engine: an Automation API inline program with @pulumi/kafka's
// Provider and Topics previews (no broker needed: nothing is read before a create), and the data sources answer
// under the tokens the npm SDK invokes. Needs `npm run setup` (the Pulumi CLI on the toolchain PATH, the plugin built; the
// sandbox installs it in its own plugin cache).
import * as kafka from "@pulumi/kafka";
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { onPath, pulumiSandbox } from "./fixtures/pulumiSandbox";

jest.setTimeout(120_000);

// Nothing listens on port 1, so anything that does reach for a broker fails at once with "connection refused".
const unreachableBroker = "127.0.0.1:1";
const sandbox = pulumiSandbox("kafka-provider");
let program: () => Promise<Record<string, unknown>> = async () => ({});

function explicitProvider(): kafka.Provider {
  return new kafka.Provider("kafka", { bootstrapServers: [unreachableBroker], tlsEnabled: false, timeout: 5 });
}

function topicsProgram(): Promise<Record<string, unknown>> {
  const provider = explicitProvider();
  const orders = new kafka.Topic(
    "orders",
    { partitions: 3, replicationFactor: 1, config: { "cleanup.policy": "compact", "min.insync.replicas": "1" } },
    { provider },
  );
  const named = new kafka.Topic(
    "named",
    { name: "dbserver.public.users", partitions: 1, replicationFactor: 1 },
    { provider },
  );
  return Promise.resolve({ ordersName: orders.name, namedName: named.name });
}

/** What each data source answered: "answered", or the error it failed with. */
const invokeOutcomes: Record<string, string> = {};

async function dataSourcesProgram(): Promise<Record<string, unknown>> {
  const provider = explicitProvider();
  const outcome = (invoked: Promise<unknown>) => invoked.then(() => "answered", (error: Error) => error.message);
  invokeOutcomes.getTopic = await outcome(kafka.getTopic({ name: "dbserver.public.users" }, { provider }));
  invokeOutcomes.getTopics = await outcome(kafka.getTopics({ provider }));
  return {};
}

function resourcePreEvents(events: EngineEvent[], type: string) {
  return events.flatMap((e) => (e.resourcePreEvent?.metadata.type === type ? [e.resourcePreEvent.metadata] : []));
}

describe("pulumi-resource-kafka built from toolchain/providers/kafka", () => {
  let stack: Stack;
  const installed = path.join(sandbox.env.PULUMI_HOME, "plugins", "resource-kafka-v3.13.2");

  beforeAll(async () => {
    expect(() => onPath("pulumi-resource-kafka", sandbox.env)).toThrow(/^pulumi-resource-kafka is not on the toolchain PATH/);
    // PulumiCommand wants the installation root, the directory above bin/pulumi.
    const cliRoot = path.dirname(path.dirname(onPath("pulumi", sandbox.env)));
    const pulumiCommand = await PulumiCommand.get({ root: cliRoot, skipVersionCheck: true });
    stack = await LocalWorkspace.createOrSelectStack(
      { projectName: "kafka-provider-test", stackName: "dev", program: () => program() },
      { pulumiCommand, workDir: sandbox.dir, envVars: sandbox.env },
    );
  });

  afterAll(async () => {
    await stack?.workspace.removeStack("dev").catch(() => undefined);
    sandbox.remove();
  });

  test("previews a Provider and Topics exactly as @pulumi/kafka 3.13.2 sends them, without a broker", async () => {
    program = topicsProgram;
    const events: EngineEvent[] = [];
    const started = Date.now();

    const result = await stack.preview({ onEvent: (e) => events.push(e) });
    console.log(`kafka provider preview: ${Date.now() - started} ms`);

    expect(result.changeSummary).toEqual({ create: 4 });
    const diagnostics = events.flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent.message] : []));
    // Loaded from the plugin cache, as a downloaded plugin is: no "using … from $PATH" warning.
    expect(diagnostics.join("")).not.toContain("from $PATH");
    expect(fs.existsSync(`${installed}.lastused`)).toBe(true);
    const [provider] = resourcePreEvents(events, "pulumi:providers:kafka");
    expect(provider.new?.inputs).toMatchObject({
      bootstrapServers: JSON.stringify([unreachableBroker]),
      tlsEnabled: "false",
      version: "3.13.2",
    });
    const topics = resourcePreEvents(events, "kafka:index/topic:Topic");
    expect(topics.map((t) => t.op)).toEqual(["create", "create"]);
    const inputs = Object.fromEntries(topics.map((t) => [t.urn.split("::").pop(), t.new?.inputs]));
    expect(inputs.orders).toMatchObject({
      partitions: 3,
      replicationFactor: 1,
      config: { "cleanup.policy": "compact", "min.insync.replicas": "1" },
    });
    // Autonaming as in pulumi-kafka: the resource name plus a 7-character random suffix.
    expect(inputs.orders?.name).toMatch(/^orders-[0-9a-f]{7}$/);
    expect(inputs.named?.name).toBe("dbserver.public.users");
  });

  test("serves getTopic and getTopics under the tokens the npm SDK invokes", async () => {
    program = dataSourcesProgram;

    await stack.preview();

    // Reaching the Terraform data source, which then finds no broker, proves the token was recognised.
    for (const token of ["getTopic", "getTopics"]) {
      expect(invokeOutcomes[token]).toContain(`invoking kafka:index:${token}`);
      expect(invokeOutcomes[token]).toContain(`dial tcp ${unreachableBroker}: connect: connection refused`);
    }
  });
});
