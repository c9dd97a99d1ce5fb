// StrimziKafkaStack and StrimziDebeziumConnect with Pulumi mocks: the Kubernetes objects they register for one and three
// nodes, plaintext and secured (each custom resource accepted by Strimzi 1.2.0's CRD schemas), their order, which
// inputs go to the engine as secrets, the outputs KafkaStack also has, bad input refused before anything registers, and
// an entry point that loads neither the Docker flavour nor its providers.
import { execFile } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { adminConfig, consumerConfig, debeziumProducerConfig, producerConfig } from "../../components/clientConfig";
import { mockedSuite, RecordedResource, valuesOf } from "../helpers/pulumiMocks";
import { validateCustomResource } from "../helpers/strimziSchemas";

/** The external listener's address the mocked Strimzi publishes (documentation addresses, RFC 5737). */
const PUBLISHED_EXTERNAL = "192.0.2.10:31094,192.0.2.11:31094";
/**
 * Every Kafka resource gets a status as Strimzi publishes it once Ready (the provider keeps the object's status as an
 * output), whatever the settings: whether the stack reads it is what the outputs' tests check.
 */
const suite = mockedSuite(
  () => import("../../components/strimzi"),
  (type) =>
    type === "kubernetes:kafka.strimzi.io/v1:Kafka"
      ? {
          status: {
            conditions: [{ type: "Ready", status: "True" }],
            listeners: [
              { name: "plain", bootstrapServers: "kafka-kafka-bootstrap.cdc.svc:9092" },
              { name: "external", bootstrapServers: PUBLISHED_EXTERNAL, addresses: PUBLISHED_EXTERNAL.split(",").map((address) => ({ host: address.split(":")[0], port: 31094 })) },
            ],
          },
        }
      : undefined,
);

const STACK = "cdc-kafka:strimzi:StrimziKafkaStack";
const CONNECT_COMPONENT = "cdc-kafka:strimzi:StrimziDebeziumConnect";
const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
const NODE_POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";
const CONNECT = "kubernetes:kafka.strimzi.io/v1:KafkaConnect";
const CONNECTOR = "kubernetes:kafka.strimzi.io/v1:KafkaConnector";
const SECRET = "kubernetes:core/v1:Secret";
const CA = "pulumi-nodejs:dynamic/cdc-kafka:CertificateAuthority";
const PASSWORD = "pulumi-nodejs:dynamic/cdc-kafka:GeneratedPassword";
const TOPICS = ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"];

const graph = () => suite.mocks.resources.map((resource) => `${resource.type} ${resource.name} <- ${resource.parent ?? "(root)"}`).sort();
const customResources = () => suite.mocks.resources.filter((resource) => resource.type.startsWith("kubernetes:kafka.strimzi.io/"));
/** The object as the provider would apply it: apiVersion, kind, metadata and spec, as registered. */
const applied = (resource: RecordedResource) => ({
  apiVersion: resource.inputs.apiVersion,
  kind: resource.inputs.kind,
  metadata: resource.inputs.metadata,
  spec: resource.inputs.spec,
});

/** An input as its plain value: the mocks record secrets in their wire form (`{ <signature>, value }`). */
function revealed(value: any): any {
  if (value === null || typeof value !== "object") return value;
  if (SECRET_SIGNATURE_KEY in value) return revealed(value.value);
  return Array.isArray(value) ? value.map(revealed) : Object.fromEntries(Object.entries(value).map(([key, child]) => [key, revealed(child)]));
}
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

async function build(args: Partial<import("../../components/strimzi").StrimziKafkaStackArgs> = {}) {
  const kafka = new suite.lib.StrimziKafkaStack("kafka", { namespace: "cdc", ...args });
  const outputs = await valuesOf(kafka.stackOutputs());
  await suite.mocks.settled();
  return { kafka, outputs };
}

describe("one node, plaintext (the defaults)", () => {
  test("registers exactly the Kafka resource, its node pool and a KafkaTopic per CDC topic, under the component", async () => {
    await build();
    expect(graph()).toEqual(
      [
        `${STACK} kafka <- (root)`,
        `${KAFKA} kafka-kafka <- kafka`,
        `${NODE_POOL} kafka-nodes <- kafka`,
        ...TOPICS.map((topic) => `${TOPIC} kafka-topic-${topic} <- kafka`),
      ].sort(),
    );
  });

  test("registers what the renderers render, and the API server's schema accepts each object", async () => {
    await build();
    const settings = suite.lib.resolveStrimziSettings("kafka", { namespace: "cdc" });
    const kafka = suite.lib.renderKafka(settings);
    // The Kafka resource as rendered, plus the provider's annotations that make up wait for Strimzi's Ready.
    expect(applied(suite.mocks.get(KAFKA, "kafka-kafka"))).toEqual({ ...kafka, metadata: { ...kafka.metadata, annotations: suite.lib.readinessAnnotations(settings) } });
    expect(applied(suite.mocks.get(NODE_POOL, "kafka-nodes"))).toEqual(suite.lib.renderNodePool(settings));
    expect(suite.mocks.ofType(TOPIC).map(applied)).toEqual(suite.lib.renderTopics(settings));
    expect(customResources().flatMap((resource) => validateCustomResource(applied(resource)))).toEqual([]);
  });

  test("the topics come after the Kafka resource (deleted first, while Strimzi's topic operator still clears their finalizers)", async () => {
    await build();
    expect(suite.mocks.ofType(TOPIC).map((topic) => topic.dependencies)).toEqual(TOPICS.map(() => ["kafka-kafka", "kafka-nodes"]));
  });

  test("outputs: Strimzi's bootstrap Service, the topics, replication, the client settings without credentials, no CA", async () => {
    const { outputs } = await build();
    expect(outputs).toEqual({
      internalBootstrapServers: "kafka-kafka-bootstrap.cdc.svc:9092",
      // The external listener's address from the status the mocked Strimzi published.
      hostBootstrapServers: PUBLISHED_EXTERNAL,
      clusterName: "kafka",
      namespace: "cdc",
      kafkaVersion: "4.3.1",
      topicNames: TOPICS,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      security: "plaintext",
      caCertificate: undefined,
      producerConfig: producerConfig(),
      debeziumProducerConfig: debeziumProducerConfig(),
      consumerConfig: consumerConfig(),
      adminConfig: adminConfig(),
    });
  });

  // The mocks publish the address in these two cases as with the defaults (above): the undefined comes from the setting.
  test("no external address without the wait: the status was not waited for, so it is not current", async () => {
    expect((await build({ awaitReady: false })).outputs.hostBootstrapServers).toBeUndefined();
  });

  test("no external address without an external listener", async () => {
    expect((await build({ externalListener: "none" })).outputs.hostBootstrapServers).toBeUndefined();
  });

  test("tlsRotation is not checked on plaintext, where there is no CA to number: a free-form one registers no CA", async () => {
    await build({ tlsRotation: "2026-q3" });
    expect([suite.mocks.ofType(CA), suite.mocks.ofType(SECRET)]).toEqual([[], []]);
    expect(suite.mocks.get(KAFKA, "kafka-kafka").dependencies).toEqual([]);
  });
});

describe("three nodes, secured", () => {
  const secured = { brokers: 3, security: "sasl_ssl" as const, connectPassword: "a-given-connect-password-1" };

  test("adds the CA and its two Secrets, a password and its Secret per principal (generated unless given), a KafkaUser per principal", async () => {
    await build(secured);
    const roles = ["admin", "connect", "consumer", "ui"];
    expect(graph()).toEqual(
      [
        `${STACK} kafka <- (root)`,
        `${CA} kafka-ca <- kafka`,
        `${SECRET} kafka-cluster-ca-cert <- kafka`,
        `${SECRET} kafka-cluster-ca <- kafka`,
        `${KAFKA} kafka-kafka <- kafka`,
        `${NODE_POOL} kafka-nodes <- kafka`,
        ...roles.filter((role) => role !== "connect").map((role) => `${PASSWORD} kafka-${role}-password <- kafka`),
        ...roles.map((role) => `${SECRET} kafka-${role}-scram-password <- kafka`),
        ...roles.map((role) => `${USER} kafka-user-${role} <- kafka`),
        ...TOPICS.map((topic) => `${TOPIC} kafka-topic-${topic} <- kafka`),
      ].sort(),
    );
    expect(customResources().flatMap((resource) => validateCustomResource(applied(resource)))).toEqual([]);
    expect(applied(suite.mocks.get(NODE_POOL, "kafka-nodes")).spec.replicas).toBe(3);
  });

  test("the CA goes into Strimzi's Secrets, labelled for the cluster, before the Kafka resource", async () => {
    await build(secured);
    const certificate = suite.mocks.get(SECRET, "kafka-cluster-ca-cert");
    const key = suite.mocks.get(SECRET, "kafka-cluster-ca");
    const metadata = suite.lib.clusterCaSecrets("kafka", "cdc", 0);
    expect([certificate.inputs.metadata, revealed(certificate.inputs.stringData)]).toEqual([metadata.certificate, { "ca.crt": "kafka-ca.certificatePem" }]);
    expect([key.inputs.metadata, revealed(key.inputs.stringData)]).toEqual([metadata.privateKey, { "ca.key": "kafka-ca.privateKeyPem" }]);
    expect(suite.mocks.get(KAFKA, "kafka-kafka").dependencies).toEqual(["kafka-cluster-ca", "kafka-cluster-ca-cert"]);
  });

  test("a new rotation makes a new CA with another CN, and raises both Secrets' generations so Strimzi takes it", async () => {
    await build({ ...secured, tlsRotation: "3" });
    expect([suite.mocks.get(CA, "kafka-ca").inputs.commonName, suite.mocks.get(CA, "kafka-ca").inputs.rotation]).toEqual(["kafka CA v2", "3"]);
    const metadata = suite.lib.clusterCaSecrets("kafka", "cdc", 2);
    expect([suite.mocks.get(SECRET, "kafka-cluster-ca-cert").inputs.metadata, suite.mocks.get(SECRET, "kafka-cluster-ca").inputs.metadata]).toEqual([
      metadata.certificate,
      metadata.privateKey,
    ]);
    expect(metadata.certificate.annotations).toEqual({ "strimzi.io/ca-cert-generation": "2" });
  });

  test("every password and the CA's key reach the engine as secrets only", async () => {
    await build(secured);
    expect(suite.mocks.ofType(SECRET).map((secret) => [secret.name, secret.secretInputs])).toEqual(
      suite.mocks.ofType(SECRET).map((secret) => [secret.name, ["stringData"]]),
    );
    expect(suite.mocks.ofType(SECRET)).toHaveLength(6);
    // No password anywhere else: the KafkaUsers name the Secret, they do not carry the password.
    const connectUser = suite.mocks.get(USER, "kafka-user-connect");
    expect(JSON.stringify(connectUser.inputs)).not.toContain("a-given-connect-password-1");
    expect(revealed(suite.mocks.get(SECRET, "kafka-connect-scram-password").inputs.stringData)).toEqual({ password: "a-given-connect-password-1" });
    expect(revealed(suite.mocks.get(SECRET, "kafka-consumer-scram-password").inputs.stringData)).toEqual({ password: "kafka-consumer-password.result" });
  });

  test("each KafkaUser comes after its password's Secret and the Kafka resource", async () => {
    await build(secured);
    expect(suite.mocks.ofType(USER).map((user) => [user.name, user.dependencies]).sort()).toEqual(
      ["admin", "connect", "consumer", "ui"].map((role) => [`kafka-user-${role}`, ["kafka-kafka", `kafka-${role}-scram-password`, "kafka-nodes"].sort()]),
    );
  });

  test("outputs: the TLS listener, the CA known at deploy time, each role's client settings as secrets with its principal", async () => {
    const { kafka, outputs } = await build(secured);
    const credentials = (role: string, password: string) => ({ username: `kafka-${role}`, password, caCertificatePem: "kafka-ca.certificatePem" });
    expect(outputs).toEqual({
      internalBootstrapServers: "kafka-kafka-bootstrap.cdc.svc:9093",
      hostBootstrapServers: PUBLISHED_EXTERNAL,
      clusterName: "kafka",
      namespace: "cdc",
      kafkaVersion: "4.3.1",
      topicNames: TOPICS,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      security: "sasl_ssl",
      caCertificate: "kafka-ca.certificatePem",
      producerConfig: producerConfig(credentials("connect", "a-given-connect-password-1")),
      debeziumProducerConfig: debeziumProducerConfig(credentials("connect", "a-given-connect-password-1")),
      consumerConfig: consumerConfig(credentials("consumer", "kafka-consumer-password.result")),
      adminConfig: adminConfig(credentials("admin", "kafka-admin-password.result")),
    });
    const secrets = await Promise.all([kafka.producerConfig, kafka.debeziumProducerConfig, kafka.consumerConfig, kafka.adminConfig].map((output) => pulumi.isSecret(output)));
    expect(secrets).toEqual([true, true, true, true]);
    expect(await pulumi.isSecret(kafka.caCertificate)).toBe(false);
  });
});

describe("bad input", () => {
  test("a secured cluster refuses a tlsRotation that cannot number its CA, before anything registers", async () => {
    expect(() => new suite.lib.StrimziKafkaStack("kafka", { namespace: "cdc", security: "sasl_ssl", tlsRotation: "2026-q3" })).toThrow(
      'tlsRotation "2026-q3" is not a whole number from 1 to 999999999; on Kubernetes it numbers the CA (Strimzi takes a new CA only when its generation grows), so raise it by one for each new CA.',
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("is refused with every sentence before anything registers", async () => {
    expect(() => new suite.lib.StrimziKafkaStack("kafka", { namespace: "cdc", brokers: 1, replicationFactor: 3, kafkaVersion: "3.6.2" })).toThrow(
      'kafkaVersion "3.6.2" is not a Kafka version Strimzi 1.2.0 runs; use one of 4.2.0, 4.2.1, 4.3.0, 4.3.1.\n' +
        "replicationFactor (3) cannot exceed the number of brokers (1); lower replicationFactor or add brokers.",
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("a pipeline without its output image registers nothing either", async () => {
    const kafka = new suite.lib.StrimziKafkaStack("kafka", { namespace: "cdc" });
    await suite.mocks.settled();
    suite.mocks.reset();
    expect(
      () =>
        new suite.lib.StrimziDebeziumConnect("pipeline", {
          kafka,
          outputImage: "",
          databaseHost: "postgres.db.svc",
          databaseName: "videoplatform",
          databaseUser: "cdc",
          databasePassword: pulumi.secret("database-password-1"),
        }),
    ).toThrow('outputImage "" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. registry.example.com/cdc/connect:1.');
    expect(await suite.mocks.settled()).toEqual([]);
  });
});

describe("the pipeline on a secured cluster", () => {
  async function pipeline() {
    const kafka = new suite.lib.StrimziKafkaStack("kafka", { namespace: "cdc", security: "sasl_ssl" });
    const connect = new suite.lib.StrimziDebeziumConnect("pipeline", {
      kafka,
      outputImage: "registry.example.com/cdc/connect:1",
      databaseHost: "postgres.db.svc",
      databaseName: "videoplatform",
      databaseUser: "cdc",
      databasePassword: pulumi.secret("database-password-1"),
    });
    const outputs = await valuesOf({ connectName: connect.connectName, groupId: connect.groupId, connectorName: connect.connectorName });
    await suite.mocks.settled();
    return outputs;
  }

  test("a database password Secret, the KafkaConnect and the KafkaConnector, as rendered and accepted by the schemas", async () => {
    expect(await pipeline()).toEqual({ connectName: "pipeline", groupId: "connect-pipeline", connectorName: "pipeline-debezium" });
    const mine = suite.mocks.resources.filter((resource) => resource.parent === "pipeline").map((resource) => `${resource.type} ${resource.name}`);
    expect(mine.sort()).toEqual([`${CONNECTOR} pipeline-connector`, `${CONNECT} pipeline-connect`, `${SECRET} pipeline-database-password`].sort());
    expect(suite.mocks.get(CONNECT_COMPONENT, "pipeline").parent).toBeUndefined();
    const settings = suite.lib.resolveStrimziSettings("kafka", { namespace: "cdc", security: "sasl_ssl" });
    const connectSettings = suite.lib.resolveStrimziConnectSettings("pipeline", {
      outputImage: "registry.example.com/cdc/connect:1",
      databaseHost: "postgres.db.svc",
      databaseName: "videoplatform",
      databaseUser: "cdc",
    });
    const connect = applied(suite.mocks.get(CONNECT, "pipeline-connect"));
    const connector = applied(suite.mocks.get(CONNECTOR, "pipeline-connector"));
    expect([connect, connector]).toEqual([suite.lib.renderKafkaConnect(settings, connectSettings), suite.lib.renderDebeziumConnector(settings, connectSettings)]);
    expect([...validateCustomResource(connect), ...validateCustomResource(connector)]).toEqual([]);
  });

  test("the database password is a secret Secret only; the workers start after the connect principal exists", async () => {
    await pipeline();
    const password = suite.mocks.get(SECRET, "pipeline-database-password");
    expect([password.inputs.metadata, revealed(password.inputs.stringData), password.secretInputs]).toEqual([
      { name: "pipeline-database-password", namespace: "cdc" },
      { password: "database-password-1" },
      ["stringData"],
    ]);
    expect(JSON.stringify(suite.mocks.get(CONNECTOR, "pipeline-connector").inputs)).not.toContain("database-password-1");
    expect(suite.mocks.get(CONNECT, "pipeline-connect").dependencies).toEqual(
      expect.arrayContaining(["pipeline-database-password", "kafka-kafka", "kafka-user-connect"]),
    );
    expect(suite.mocks.get(CONNECTOR, "pipeline-connector").dependencies).toEqual(["pipeline-connect"]);
  });
});

test("the entry point loads @pulumi/kubernetes but neither the Docker flavour's providers nor its components", async () => {
  const root = path.join(__dirname, "../..");
  const probe =
    'require("./components/strimzi"); console.log(JSON.stringify(Object.keys(require.cache).map((file) => require("path").relative(process.cwd(), file)).filter((file) => /node_modules\\/@pulumi\\/(docker|kafka|kubernetes)\\/index|components\\/(kafkaStack|kafkaBroker|cdcTopics|kafkaAccess)\\.ts$/.test(file))))';
  const loaded = await new Promise<string[]>((resolve, reject) =>
    execFile(process.execPath, ["-r", "./toolchain/register.js", "-e", probe], { cwd: root, timeout: 60_000 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    ),
  );
  expect(loaded).toEqual(["node_modules/@pulumi/kubernetes/index.js"]);
}, 60_000);
