// The two downstream examples as written in examples/, each a project of its own with the packed library installed:
// the component example deploys a Kafka stack with KafkaStack; the StackReference example reads that stack's outputs
// and declares a topic of its own on its cluster. Both deploy with the literal CLI and are destroyed, leaving nothing.
import { describeConfig, withAdmin } from "../../support/kafkaAdmin";
import { countByLabel } from "../../support/docker";
import { DownstreamProject, downstreamProject, exampleFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";

const stackName = uniqueId("ex");
const stackLabel = `cdc-kafka.stack=cdc-kafka-example-component/${stackName}`;
let component: DownstreamProject;
let reference: DownstreamProject;

beforeAll(async () => {
  [component, reference] = await Promise.all([
    downstreamProject("example-component", exampleFiles("component")),
    downstreamProject("example-stack-reference", exampleFiles("stackReference")),
  ]);
  // Both projects share one backend, as stacks of one organization do, so the reference can find the Kafka stack.
  reference.useBackendOf(component);
  await component.mustPulumi(["stack", "init", stackName]);
  await component.mustPulumi(["config", "set", "hostPort", String(await freePort()), "--stack", stackName]);
  await reference.mustPulumi(["stack", "init", stackName]);
  await reference.mustPulumi(["config", "set", "kafkaStack", `organization/cdc-kafka-example-component/${stackName}`, "--stack", stackName]);
});

afterAll(async () => {
  // Best effort, so a failed test still leaves no containers; the test asserts a clean destroy itself.
  for (const project of [reference, component]) {
    await project?.pulumi(["destroy", "--yes", "--stack", stackName]);
    await project?.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
  }
  component?.remove();
  reference?.remove();
});

test("examples/component and examples/stackReference deploy with the CLI, read each other, and destroy cleanly", async () => {
  await component.mustPulumi(["up", "--yes", "--stack", stackName]);
  const kafka = JSON.parse(await component.mustPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stackName]));
  expect(kafka.topicNames).toEqual(["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"]);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

  await reference.mustPulumi(["up", "--yes", "--stack", stackName]);
  const downstream = JSON.parse(await reference.mustPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stackName]));
  expect(downstream.network).toBe(kafka.networkName);
  expect(downstream.topicName).toBe("search.indexed.videos");
  expect(downstream.connectorConfig).toEqual({
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "dbserver",
    "table.include.list": "public.videos,public.users,public.comments",
    ...kafka.debeziumProducerConfig,
  });
  await withAdmin(kafka.hostBootstrapServers, async (admin) => {
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["search.indexed.videos"] })).topics;
    expect(topic.partitions).toHaveLength(3);
    expect(await describeConfig(admin, "topic", "search.indexed.videos")).toMatchObject({
      "cleanup.policy": "delete",
      "min.insync.replicas": "1",
      "retention.ms": "604800000",
    });
  });

  await reference.mustPulumi(["up", "--yes", "--expect-no-changes", "--stack", stackName]);
  await reference.mustPulumi(["destroy", "--yes", "--stack", stackName]);
  await component.mustPulumi(["destroy", "--yes", "--stack", stackName]);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});
