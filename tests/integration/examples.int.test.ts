// The downstream examples as written in examples/, each a project of its own with the packed library installed: the
// component example deploys a Kafka stack with KafkaStack; the StackReference example reads that stack's outputs and
// declares a topic of its own on its cluster; the pipeline example, given that stack as its kafkaStack, puts Postgres
// and Debezium on it without a Kafka of its own. All deploy with the literal CLI and are destroyed, leaving nothing.
import { describeConfig, withAdmin } from "../../support/kafkaAdmin";
import { countByLabel } from "../../support/docker";
import { DownstreamProject, downstreamProject, exampleFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { ChangeReader, connectPostgres } from "../../support/pipeline";
import { freePort } from "../../support/ports";
import { CDC_TOPICS, deployPipeline, expectRowLifecycle, PIPELINE_PROJECT } from "../helpers/pipeline";

const stackName = uniqueId("ex");
const stackLabel = `cdc-kafka.stack=cdc-kafka-example-component/${stackName}`;
const pipelineStack = uniqueId("exp");
let component: DownstreamProject;
let reference: DownstreamProject;
let pipeline: DownstreamProject | undefined;

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
  // Best effort, so a failed test still leaves no containers; the tests assert a clean destroy themselves.
  for (const [project, stack] of [[pipeline, pipelineStack], [reference, stackName], [component, stackName]] as const) {
    await project?.pulumi(["destroy", "--yes", "--stack", stack], 600_000);
    await project?.pulumi(["stack", "rm", "--yes", "--stack", stack]);
  }
  component?.remove();
  reference?.remove();
  pipeline?.remove();
});

test("examples/component, then examples/stackReference and examples/cdc-pipeline (kafkaStack) on its stack, deploy with the CLI, read it, and all destroy cleanly", async () => {
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

  // The pipeline with kafkaStack set to the component's stack: Postgres and Debezium on that cluster, no Kafka of its
  // own, every row change arrives.
  const pipelineLabel = `cdc-kafka.stack=${PIPELINE_PROJECT}/${pipelineStack}`;
  const deployed = await deployPipeline(pipelineStack, { kafkaStack: `organization/cdc-kafka-example-component/${stackName}` }, component);
  pipeline = deployed.project;
  const { outputs } = deployed;
  expect([outputs.hostBootstrapServers, outputs.topicNames, outputs.connectorState, outputs.uiUrl]).toEqual([kafka.hostBootstrapServers, kafka.topicNames, "RUNNING", undefined]);
  // Postgres and the Connect worker with the postgres data volume, on the component's network; the broker stays the component's.
  expect(await countByLabel(pipelineLabel)).toEqual({ containers: 2, networks: 0, volumes: 1 });
  expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

  const postgres = await connectPostgres(outputs.postgresUrl, deployed.password);
  const reader = new ChangeReader(outputs.hostBootstrapServers, CDC_TOPICS, outputs.consumerConfig);
  try {
    await reader.start();
    await expectRowLifecycle(postgres, reader);
  } finally {
    await reader.stop();
    await postgres.end();
  }
  await pipeline.mustPulumi(["destroy", "--yes", "--stack", pipelineStack], 600_000);
  await pipeline.mustPulumi(["stack", "rm", "--yes", "--stack", pipelineStack]);
  expect(await countByLabel(pipelineLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });

  await component.mustPulumi(["destroy", "--yes", "--stack", stackName]);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});
