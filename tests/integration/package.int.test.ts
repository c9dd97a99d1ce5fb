// The library as someone else's dependency: a new Pulumi TypeScript project in a temporary directory outside the repo
// installs the packed tarball and the peer dependencies from the registry, imports KafkaStack and the client helpers
// by the package's name, deploys with the literal `pulumi up` (the language host runs the project's own SDK),
// produces and consumes a record on a CDC topic through the helpers, destroys, and leaves nothing behind.
import { countByLabel } from "../../support/docker";
import { DownstreamProject, downstreamProject, typescriptProjectFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { localImages } from "../../support/testConfig";

const stackName = uniqueId("pkg");
const projectName = "video-platform-kafka";
const stackLabel = `cdc-kafka.stack=${projectName}/${stackName}`;

const files: Record<string, string> = {
  ...typescriptProjectFiles(projectName, ["@pulumi/pulumi", "@pulumi/docker", "@pulumi/kafka"]),
  "index.ts": [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { KafkaStack } from "cdc-kafka";',
    "const config = new pulumi.Config();",
    "const kafka = new KafkaStack(`vp-${pulumi.getStack()}`, {",
    '  kafkaImage: config.require("kafkaImage"),',
    '  hostPort: config.requireNumber("hostPort"),',
    "  uiEnabled: false,",
    "});",
    "export const hostBootstrapServers = kafka.hostBootstrapServers;",
    "export const topicNames = kafka.topicNames;",
    "export const producerConfig = kafka.producerConfig;",
    "export const consumerConfig = kafka.consumerConfig;",
    "",
  ].join("\n"),
  // What an application of the video platform does with the client helpers: one change event in, read back once.
  "roundTrip.js": [
    '"use strict";',
    'const { kafkaClient, deliveryProducer, sendAcknowledged, deliveryConsumer, consumeAtLeastOnce } = require("cdc-kafka/clients");',
    "const [bootstrap, topic, id, producerJson, consumerJson] = process.argv.slice(2);",
    "(async () => {",
    "  const kafka = kafkaClient(bootstrap, `round-trip-${id}`);",
    "  const producer = deliveryProducer(kafka, JSON.parse(producerJson));",
    "  await producer.connect();",
    "  const value = JSON.stringify({ op: 'c', after: { id } });",
    "  const [ack] = await sendAcknowledged(producer, topic, [{ key: id, value }], JSON.parse(producerJson));",
    "  await producer.disconnect();",
    "  const consumer = deliveryConsumer(kafka, `round-trip-${id}`, JSON.parse(consumerJson));",
    "  await consumer.connect();",
    "  const read = await new Promise((resolve, reject) => {",
    "    const timer = setTimeout(() => reject(new Error(`record ${id} not read within 60 s`)), 60_000);",
    "    consumeAtLeastOnce(consumer, topic, async ({ message }) => {",
    "      if (message.key && message.key.toString() === id) { clearTimeout(timer); resolve(message.value.toString()); }",
    "    }, JSON.parse(consumerJson)).catch(reject);",
    "  });",
    "  await consumer.disconnect();",
    "  console.log(JSON.stringify({ acknowledgedPartition: ack.partition, read }));",
    "})().catch((error) => { console.error(error); process.exit(1); });",
    "",
  ].join("\n"),
};

let project: DownstreamProject;

beforeAll(async () => {
  project = await downstreamProject("cdc-kafka-consumer", files);
  await project.mustPulumi(["stack", "init", stackName]);
  await project.mustPulumi(["config", "set", "kafkaImage", localImages.kafkaImage, "--stack", stackName]);
  await project.mustPulumi(["config", "set", "hostPort", String(await freePort()), "--stack", stackName]);
});

afterAll(async () => {
  // Best effort, so a failed test still leaves no containers; the test itself asserts a clean destroy.
  await project?.pulumi(["destroy", "--yes", "--stack", stackName]);
  await project?.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
  project?.remove();
});

test("installed from the tarball: pulumi up, a record through the client helpers, pulumi destroy, nothing left", async () => {
  const up = await project.mustPulumi(["up", "--yes", "--stack", stackName]);
  expect(up).toMatch(/\+ +\d+ created/);
  const outputs = JSON.parse(await project.mustPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stackName]));
  expect(outputs.topicNames).toEqual(["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"]);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

  const id = uniqueId("video");
  const roundTrip = JSON.parse(
    await project.exec("node", [
      "roundTrip.js",
      outputs.hostBootstrapServers,
      "dbserver.public.videos",
      id,
      JSON.stringify(outputs.producerConfig),
      JSON.stringify(outputs.consumerConfig),
    ]),
  );
  expect(roundTrip).toEqual({ acknowledgedPartition: expect.any(Number), read: JSON.stringify({ op: "c", after: { id } }) });

  await project.mustPulumi(["up", "--yes", "--expect-no-changes", "--stack", stackName]);
  await project.mustPulumi(["destroy", "--yes", "--stack", stackName]);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});

test("the project resolved the library and the SDK from its own node_modules, one SDK copy", async () => {
  const resolved = JSON.parse(
    await project.exec("node", ["-e", 'console.log(JSON.stringify(["cdc-kafka", "cdc-kafka/clients", "@pulumi/pulumi"].map((m) => require.resolve(m))))']),
  ) as string[];
  for (const file of resolved) expect(file.startsWith(`${project.dir}/node_modules/`)).toBe(true);
  const sdkCopies = (await project.exec("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"])).trim().split("\n");
  expect([...new Set(sdkCopies)]).toEqual([`${project.dir}/node_modules/@pulumi/pulumi`]);
});
