// The Strimzi flavour's pure renderers: the resources for one and three nodes, plaintext and secured, each accepted by
// Strimzi 1.2.0's CRD schemas (validateCustomResource, the API server's checks); the broker, topic and client settings
// the same as the Docker flavour's; the ACL set the same as KafkaAccess's (one home: accessControl.ts); the pipeline's
// KafkaConnect and KafkaConnector; and the settings refused with their sentences.
import { AclSpec, defaultAcls, PrincipalRole } from "../../components/accessControl";
import { brokerDeliveryProperties } from "../../components/brokerEnv";
import { debeziumProducerConfig } from "../../components/clientConfig";
import { connectWorkerDeliveryConfig, debeziumDeliveryConfig } from "../../components/connectDelivery";
import { debeziumConnectorConfig } from "../../components/debeziumConnectorConfig";
import * as strimzi from "../../components/strimzi";
import { topicConfig } from "../../components/topicConfig";
import { validateCustomResource } from "../helpers/strimziSchemas";

const settings = (args: Partial<strimzi.StrimziSettingsArgs> = {}) => strimzi.resolveStrimziSettings("kafka", { namespace: "cdc", ...args });
const connectSettings = (args: Partial<strimzi.StrimziConnectSettingsArgs> = {}) =>
  strimzi.resolveStrimziConnectSettings("pipeline", {
    outputImage: "registry.example.com/cdc/connect:1",
    databaseHost: "postgres.db.svc",
    databaseName: "videoplatform",
    databaseUser: "cdc",
    ...args,
  });

/** Every resource the flavour renders for `settings`, the pipeline's included. */
function renderAll(resolved: strimzi.StrimziSettings): strimzi.StrimziResource[] {
  return [
    strimzi.renderKafka(resolved),
    strimzi.renderNodePool(resolved),
    ...strimzi.renderTopics(resolved),
    ...strimzi.renderUsers(resolved),
    strimzi.renderKafkaConnect(resolved, connectSettings()),
    strimzi.renderDebeziumConnector(resolved, connectSettings()),
  ];
}

const SHAPES = {
  "1 node, plaintext": { brokers: 1 },
  "1 node, secured": { brokers: 1, security: "sasl_ssl" as const },
  "3 nodes, plaintext": { brokers: 3 },
  "3 nodes, secured": { brokers: 3, security: "sasl_ssl" as const },
  "3 nodes, secured, LoadBalancer, kept claims, a storage class": {
    brokers: 3,
    security: "sasl_ssl" as const,
    externalListener: "loadbalancer" as const,
    keepDataVolume: true,
    storageClass: "fast-ssd",
  },
  "1 node, no external listener, at-least-once, a topic that is no Kubernetes name": {
    brokers: 1,
    externalListener: "none" as const,
    topics: ["dbserver.public.Videos_2024", "dbserver.public.users"],
  },
};

describe.each(Object.entries(SHAPES))("%s", (_, args) => {
  const resolved = settings(args);
  const resources = renderAll(resolved);

  test("every rendered resource is accepted by Strimzi 1.2.0's CRD schema", () => {
    const problems = resources.flatMap((resource) => validateCustomResource(resource).map((problem) => `${resource.kind} ${resource.metadata.name}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test("exactly one Kafka, one node pool, a KafkaTopic per topic, a KafkaUser per principal when secured", () => {
    const kinds = resources.map((resource) => resource.kind);
    const count = (kind: string) => kinds.filter((candidate) => candidate === kind).length;
    expect([count("Kafka"), count("KafkaNodePool"), count("KafkaTopic"), count("KafkaUser")]).toEqual([
      1,
      1,
      resolved.topics.length,
      resolved.security === "sasl_ssl" ? 4 : 0,
    ]);
    expect(resources.every((resource) => resource.apiVersion === "kafka.strimzi.io/v1" && resource.metadata.namespace === "cdc")).toBe(true);
  });

  test("the node pool has `brokers` dual-role nodes on persistent claims that hold the KRaft metadata", () => {
    expect(strimzi.renderNodePool(resolved)).toEqual({
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaNodePool",
      metadata: { name: "kafka-nodes", namespace: "cdc", labels: { "strimzi.io/cluster": "kafka" } },
      spec: {
        replicas: args.brokers,
        roles: ["controller", "broker"],
        storage: {
          type: "jbod",
          volumes: [
            {
              id: 0,
              type: "persistent-claim",
              size: "10Gi",
              ...("storageClass" in args ? { class: args.storageClass } : {}),
              deleteClaim: !("keepDataVolume" in args),
              kraftMetadata: "shared",
            },
          ],
        },
      },
    });
  });
});

describe("the Kafka resource", () => {
  test("one node, plaintext: Kafka 4.3.1, plain and external listeners, the library's broker settings, no CA of its own", () => {
    expect(strimzi.renderKafka(settings())).toEqual({
      apiVersion: "kafka.strimzi.io/v1",
      kind: "Kafka",
      metadata: { name: "kafka", namespace: "cdc" },
      spec: {
        kafka: {
          version: "4.3.1",
          listeners: [
            { name: "plain", port: 9092, type: "internal", tls: false },
            { name: "external", port: 9094, type: "nodeport", tls: false },
          ],
          config: {
            "default.replication.factor": "1",
            "min.insync.replicas": "1",
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "unclean.leader.election.enable": "false",
            "auto.create.topics.enable": "false",
            "log.retention.hours": "168",
            "log.retention.bytes": "-1",
            "group.initial.rebalance.delay.ms": "0",
          },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    });
  });

  test("three nodes, secured: TLS + SCRAM-SHA-512 on both listeners, simple authorization with the admin as super user, the stack's CA", () => {
    const kafka = strimzi.renderKafka(settings({ brokers: 3, security: "sasl_ssl", clusterName: "cdc-prod" }));
    expect(kafka.spec).toEqual({
      kafka: {
        version: "4.3.1",
        listeners: [
          { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
          { name: "external", port: 9094, type: "nodeport", tls: true, authentication: { type: "scram-sha-512" } },
        ],
        authorization: { type: "simple", superUsers: ["cdc-prod-admin"] },
        config: expect.objectContaining({
          "default.replication.factor": "3",
          "min.insync.replicas": "2",
          "offsets.topic.replication.factor": "3",
          "transaction.state.log.replication.factor": "3",
          "transaction.state.log.min.isr": "2",
        }),
      },
      clusterCa: { generateCertificateAuthority: false },
      entityOperator: { topicOperator: {}, userOperator: {} },
    });
  });

  test.each([
    [{ brokers: 3 }],
    [{ brokers: 5, replicationFactor: 3, minInsyncReplicas: 2, autoCreateTopics: true, logRetentionHours: 24, logRetentionBytes: 1_000_000 }],
  ])("its broker config is the Docker brokers' delivery and retention properties (%o)", (args) => {
    const resolved = settings(args);
    expect(strimzi.renderKafka(resolved).spec.kafka).toHaveProperty("config", brokerDeliveryProperties(resolved));
  });

  test("the versions it runs are Strimzi 1.2.0's, the newest the default", () => {
    expect(strimzi.STRIMZI_KAFKA_VERSIONS).toEqual(["4.2.0", "4.2.1", "4.3.0", "4.3.1"]);
    expect(strimzi.renderKafka(settings({ kafkaVersion: "4.2.1" })).spec.kafka).toHaveProperty("version", "4.2.1");
  });

  test("bootstrap addresses are Strimzi's bootstrap Service in the namespace, on the listener clients use", () => {
    expect([strimzi.internalBootstrapAddress("kafka", "cdc", "plaintext"), strimzi.internalBootstrapAddress("kafka", "cdc", "sasl_ssl")]).toEqual([
      "kafka-kafka-bootstrap.cdc.svc:9092",
      "kafka-kafka-bootstrap.cdc.svc:9093",
    ]);
  });
});

describe("KafkaTopics", () => {
  test("one per topic, with the partitions, replicas and configs the Docker flavour's topics get", () => {
    const resolved = settings({ brokers: 3, topicPartitions: 6, topicRetentionMs: -1, topicCleanupPolicy: "compact" });
    const config = topicConfig({ partitions: 6, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: -1, cleanupPolicy: "compact" });
    expect(strimzi.renderTopics(resolved)).toEqual(
      ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"].map((topic) => ({
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaTopic",
        metadata: { name: `kafka-${topic}`, namespace: "cdc", labels: { "strimzi.io/cluster": "kafka" } },
        spec: { topicName: topic, partitions: 6, replicas: 3, config },
      })),
    );
    expect(config).toEqual({ "cleanup.policy": "compact", "min.insync.replicas": "2", "retention.ms": "-1" });
  });

  test.each([
    ["dbserver.public.videos", "kafka-dbserver.public.videos"],
    ["Users", expect.stringMatching(/^kafka-users-[0-9a-f]{8}$/)],
    ["users_", expect.stringMatching(/^kafka-users-[0-9a-f]{8}$/)],
    ["a..b", expect.stringMatching(/^kafka-a-b-[0-9a-f]{8}$/)],
  ])("topic %s is the KafkaTopic %s", (topic, name) => {
    expect(strimzi.topicResourceName("kafka", topic)).toEqual(name);
  });

  test("topics that read alike as Kubernetes names get different KafkaTopics", () => {
    expect(strimzi.topicResourceName("kafka", "Users")).not.toBe(strimzi.topicResourceName("kafka", "users_"));
  });
});

/** An ACL as one comparable line: whose, which resource (the cluster by its type alone), which operation. */
const dockerLine = (acl: AclSpec) =>
  acl.resourceType === "Cluster"
    ? `${acl.role} cluster ${acl.operation}`
    : `${acl.role} ${acl.resourceType.toLowerCase()} ${acl.resourceName} ${acl.patternType.toLowerCase()} ${acl.operation}`;
const strimziPattern = { literal: "literal", prefix: "prefixed" };

/** The Strimzi rendering's ACLs as the same lines, one per operation of each rule, taken from the rendered KafkaUsers. */
function strimziLines(users: strimzi.StrimziResource[], cluster: string): string[] {
  return users.flatMap((user) => {
    const role = user.metadata.name.slice(cluster.length + 1) as PrincipalRole;
    const authorization = user.spec.authorization as { type: string; acls: strimzi.StrimziAcl[] } | undefined;
    return (authorization?.acls ?? []).flatMap((rule) => {
      expect([rule.host, rule.type]).toEqual(["*", "allow"]);
      const { type, name, patternType } = rule.resource;
      return rule.operations.map((operation) =>
        type === "cluster" ? `${role} cluster ${operation}` : `${role} ${type.toLowerCase()} ${name} ${strimziPattern[patternType!]} ${operation}`,
      );
    });
  });
}

describe("KafkaUsers and the ACL set", () => {
  const resolved = settings({ brokers: 3, security: "sasl_ssl" });
  const users = strimzi.renderUsers(resolved);

  test("each Docker ACL (KafkaAccess's, from defaultAcls) has exactly one Strimzi counterpart, and the Strimzi rendering has no other", () => {
    const docker = defaultAcls().map(dockerLine).sort();
    const rendered = strimziLines(users, "kafka").sort();
    expect(new Set(docker).size).toBe(docker.length);
    expect(rendered).toEqual(docker);
    expect(rendered.length).toBe(defaultAcls().length);
  });

  test("an ACL added to the one home appears in the Strimzi rendering too", () => {
    const extra: AclSpec = { role: "consumer", resourceType: "TransactionalID", resourceName: "cdc-", patternType: "Prefixed", operation: "Describe" };
    const docker = [...defaultAcls(), extra];
    const rendered = strimzi.strimziAcls("consumer", docker);
    expect(rendered).toContainEqual({ resource: { type: "transactionalId", name: "cdc-", patternType: "prefix" }, operations: ["Describe"], host: "*", type: "allow" });
    expect(rendered.flatMap((rule) => rule.operations).length).toBe(docker.filter((acl) => acl.role === "consumer").length);
  });

  test("one user per principal, SCRAM-SHA-512 with the password from the stack's Secret; the admin (the super user) has no rules", () => {
    expect(users.map((user) => [user.metadata.name, user.spec.authentication, "authorization" in user.spec])).toEqual(
      ["admin", "connect", "consumer", "ui"].map((role) => [
        `kafka-${role}`,
        { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: `kafka-${role}-scram-password`, key: "password" } } } },
        role !== "admin",
      ]),
    );
    expect(users.every((user) => user.metadata.labels?.["strimzi.io/cluster"] === "kafka")).toBe(true);
  });

  test("a plaintext cluster authenticates nobody, so it has no KafkaUser", () => {
    expect(strimzi.renderUsers(settings({ brokers: 3 }))).toEqual([]);
  });
});

describe("the cluster CA's Secrets and its generation", () => {
  test("Strimzi's names and labels; both generations the CA's (tlsRotation's), the first 0 as Strimzi's own first CA", () => {
    const secrets = (generation: string) => ({
      certificate: {
        name: "kafka-cluster-ca-cert",
        namespace: "cdc",
        labels: { "strimzi.io/kind": "Kafka", "strimzi.io/cluster": "kafka" },
        annotations: { "strimzi.io/ca-cert-generation": generation },
      },
      privateKey: {
        name: "kafka-cluster-ca",
        namespace: "cdc",
        labels: { "strimzi.io/kind": "Kafka", "strimzi.io/cluster": "kafka" },
        annotations: { "strimzi.io/ca-key-generation": generation },
      },
    });
    expect(strimzi.clusterCaSecrets("kafka", "cdc", 0)).toEqual(secrets("0"));
    expect(strimzi.clusterCaSecrets("kafka", "cdc", 4)).toEqual(secrets("4"));
  });

  test("each new rotation raises the generation by one, so Strimzi takes every new CA; the default is the first CA", () => {
    const rotations = ["1", "2", "3", "10", "999999999"];
    expect(rotations.map(strimzi.caGeneration)).toEqual([0, 1, 2, 9, 999999998]);
    expect(strimzi.caGeneration(settings().tlsRotation)).toBe(0);
  });

  test("a rotation with no order has no generation, and is refused in one sentence", () => {
    for (const rotation of ["0", "01", "2026-q3", "", "1.5", "1000000000"]) {
      expect([rotation, strimzi.caGeneration(rotation)]).toEqual([rotation, undefined]);
    }
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", security: "sasl_ssl", tlsRotation: "2026-q3" })).toEqual([
      'tlsRotation "2026-q3" is not a whole number from 1 to 999999999; on Kubernetes it numbers the CA (Strimzi takes a new CA only when its generation grows), so raise it by one for each new CA.',
    ]);
  });

  test("on plaintext there is no CA to number, so any tlsRotation is accepted", () => {
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", tlsRotation: "2026-q3" })).toEqual([]);
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", security: "plaintext", tlsRotation: "0" })).toEqual([]);
  });

  test("a CA with a new key gets another CN than the one it replaces, as Strimzi asks; the first keeps the Docker flavour's", () => {
    expect([0, 1, 2].map((generation) => strimzi.caCommonName("kafka", generation))).toEqual(["kafka CA", "kafka CA v1", "kafka CA v2"]);
  });
});

describe("waiting for Ready and reading the published address", () => {
  const EXTERNAL = 'jsonpath={.status.listeners[?(@.name=="external")].bootstrapServers}';

  test("by default up waits for the Ready condition and the external listener's address, 600 s at most", () => {
    expect(strimzi.readinessAnnotations(settings())).toEqual({ "pulumi.com/waitFor": JSON.stringify(["condition=Ready", EXTERNAL]) });
    expect(strimzi.readinessTimeouts(settings())).toEqual({ create: "600s", update: "600s" });
  });

  test("without an external listener, Ready alone; with awaitReady off, no annotation and the provider's own timeouts", () => {
    expect(strimzi.readinessAnnotations(settings({ externalListener: "none" }))).toEqual({ "pulumi.com/waitFor": JSON.stringify(["condition=Ready"]) });
    expect(strimzi.readinessTimeouts(settings({ readyTimeoutSeconds: 30 }))).toEqual({ create: "30s", update: "30s" });
    expect([strimzi.readinessAnnotations(settings({ awaitReady: false })), strimzi.readinessTimeouts(settings({ awaitReady: false }))]).toEqual([{}, undefined]);
  });

  test("the timeout bounds create and update only: a destroy keeps the provider's own (a short wait must not fail it)", () => {
    expect(Object.keys(strimzi.readinessTimeouts(settings({ readyTimeoutSeconds: 5 })) ?? {})).toEqual(["create", "update"]);
  });

  test("the Kafka resource with the annotations is still accepted by the schema", () => {
    const kafka = strimzi.renderKafka(settings());
    expect(validateCustomResource({ ...kafka, metadata: { ...kafka.metadata, annotations: strimzi.readinessAnnotations(settings()) } })).toEqual([]);
  });

  test("the external listener's bootstrapServers as Strimzi publishes it, not the internal one's; undefined before it publishes", () => {
    const status: strimzi.KafkaStatus = {
      conditions: [{ type: "Ready", status: "True" }],
      listeners: [
        { name: "tls", bootstrapServers: "kafka-kafka-bootstrap.cdc.svc:9093", addresses: [{ host: "kafka-kafka-bootstrap.cdc.svc", port: 9093 }] },
        { name: "external", bootstrapServers: "10.0.0.1:31234,10.0.0.2:31234", addresses: [{ host: "10.0.0.1", port: 31234 }, { host: "10.0.0.2", port: 31234 }] },
      ],
    };
    expect(strimzi.externalBootstrapServers(status)).toBe("10.0.0.1:31234,10.0.0.2:31234");
    expect(strimzi.externalBootstrapServers({ listeners: [status.listeners![0]] })).toBeUndefined();
    expect(strimzi.externalBootstrapServers({ conditions: [] })).toBeUndefined();
    expect(strimzi.externalBootstrapServers(undefined)).toBeUndefined();
  });

  test("a timeout that is no whole number of seconds is refused", () => {
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", readyTimeoutSeconds: 0 })).toEqual([
      "readyTimeoutSeconds (0) is out of range; set readyTimeoutSeconds to a whole number of at least 1.",
    ]);
  });
});

describe("the pipeline: KafkaConnect and KafkaConnector", () => {
  test("secured, exactly once: Strimzi builds the image with the Debezium 3.7.0 plugin from Maven Central, the worker connects as the connect principal", () => {
    const kafka = settings({ brokers: 3, security: "sasl_ssl" });
    const connect = strimzi.renderKafkaConnect(kafka, connectSettings({ pushSecret: "registry-login" }));
    expect(connect).toEqual({
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaConnect",
      metadata: { name: "pipeline", namespace: "cdc", annotations: { "strimzi.io/use-connector-resources": "true" } },
      spec: {
        version: "4.3.1",
        replicas: 1,
        bootstrapServers: "kafka-kafka-bootstrap.cdc.svc:9093",
        groupId: "connect-pipeline",
        configStorageTopic: "connect-pipeline.configs",
        offsetStorageTopic: "connect-pipeline.offsets",
        statusStorageTopic: "connect-pipeline.status",
        tls: { trustedCertificates: [{ secretName: "kafka-cluster-ca-cert", certificate: "ca.crt" }] },
        authentication: { type: "scram-sha-512", username: "kafka-connect", passwordSecret: { secretName: "kafka-connect-scram-password", password: "password" } },
        config: {
          "config.storage.replication.factor": "3",
          "offset.storage.replication.factor": "3",
          "status.storage.replication.factor": "3",
          "connector.client.config.override.policy": "All",
          "scheduled.rebalance.max.delay.ms": "5000",
          "config.providers": "directory",
          "config.providers.directory.class": "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
          ...connectWorkerDeliveryConfig("exactly-once"),
        },
        build: {
          output: { type: "docker", image: "registry.example.com/cdc/connect:1", pushSecret: "registry-login" },
          plugins: [
            {
              name: "debezium-postgres-connector",
              artifacts: [
                {
                  type: "tgz",
                  url: "https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/3.7.0.Final/debezium-connector-postgres-3.7.0.Final-plugin.tar.gz",
                  sha512sum: strimzi.DEBEZIUM_PLUGIN_SHA512,
                },
              ],
            },
          ],
        },
        template: {
          pod: { volumes: [{ name: "database-password", secret: { secretName: "pipeline-database-password" } }] },
          connectContainer: { volumeMounts: [{ name: "database-password", mountPath: "/mnt/database" }] },
        },
      },
    });
    expect(connectWorkerDeliveryConfig("exactly-once")).toHaveProperty(["exactly.once.source.support"], "enabled");
  });

  test("plaintext: no TLS, no authentication, the plain listener", () => {
    const connect = strimzi.renderKafkaConnect(settings(), connectSettings({ delivery: "at-least-once" }));
    expect(connect.spec).not.toHaveProperty("tls");
    expect(connect.spec).not.toHaveProperty("authentication");
    expect(connect.spec.bootstrapServers).toBe("kafka-kafka-bootstrap.cdc.svc:9092");
    expect(connect.spec.config).toEqual(expect.objectContaining(connectWorkerDeliveryConfig("at-least-once")));
  });

  test("the connector's config is the Docker pipeline's (debeziumConnectorConfig), class and tasks in Strimzi's fields, the password a file reference", () => {
    const kafka = settings({ security: "sasl_ssl" });
    const connector = strimzi.renderDebeziumConnector(kafka, connectSettings());
    const docker = debeziumConnectorConfig({
      topics: kafka.topics,
      producerOverrides: debeziumProducerConfig(),
      postgresHost: "postgres.db.svc",
      database: "videoplatform",
      user: "cdc",
      password: "${directory:/mnt/database:password}",
      slotName: "debezium_pipeline",
      delivery: "exactly-once",
    });
    const { "connector.class": connectorClass, "tasks.max": tasksMax, ...rest } = docker;
    expect(connector).toEqual({
      apiVersion: "kafka.strimzi.io/v1",
      kind: "KafkaConnector",
      metadata: { name: "pipeline-debezium", namespace: "cdc", labels: { "strimzi.io/cluster": "pipeline" } },
      spec: { class: connectorClass, tasksMax: Number(tasksMax), config: rest, state: "running" },
    });
    expect(connectorClass).toBe("io.debezium.connector.postgresql.PostgresConnector");
    expect(rest).toEqual(expect.objectContaining({ ...debeziumDeliveryConfig("exactly-once"), "table.include.list": "public.videos,public.users,public.comments" }));
    // Strimzi gives the worker's clients the connect principal's login: no credential in the connector's config.
    expect(Object.keys(rest).filter((key) => /sasl|ssl|security/.test(key))).toEqual([]);
  });
});

describe("settings refused before anything is rendered, one sentence each", () => {
  test.each([
    [{ namespace: "CDC" }, 'namespace "CDC" cannot name Kubernetes resources; use at most 63 lowercase letters, digits and "-", starting with a letter or digit and ending with a letter or digit.'],
    [
      { clusterName: "a-cluster-name-that-is-too-long" },
      'clusterName "a-cluster-name-that-is-too-long" cannot name Kubernetes resources; use at most 25 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit.',
    ],
    [{ kafkaVersion: "3.6.2" }, 'kafkaVersion "3.6.2" is not a Kafka version Strimzi 1.2.0 runs; use one of 4.2.0, 4.2.1, 4.3.0, 4.3.1.'],
    [{ storageSize: "10 GB" }, 'storageSize "10 GB" is not a Kubernetes quantity; use a number with a unit, e.g. 10Gi or 500Mi.'],
    [{ externalListener: "ingress" as never }, 'externalListener "ingress" is not a listener type; use "nodeport", "loadbalancer", "none".'],
    [{ brokers: 1, replicationFactor: 3 }, "replicationFactor (3) cannot exceed the number of brokers (1); lower replicationFactor or add brokers."],
    [{ brokers: 0 }, "brokers (0) is out of range; set brokers to a whole number of at least 1."],
    [{ connectPassword: "short" }, 'connectPassword is used only when security is "sasl_ssl"; set security to "sasl_ssl" or remove connectPassword.'],
  ])("%o", (args, sentence) => {
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", ...args })).toEqual([sentence]);
  });

  test("the defaults are valid, and more brokers than the Docker flavour's nine are allowed", () => {
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc" })).toEqual([]);
    expect(strimzi.validateStrimziSettings("kafka", { namespace: "cdc", brokers: 12 })).toEqual([]);
  });

  test.each([
    [{ outputImage: "Not An Image" }, 'outputImage "Not An Image" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. registry.example.com/cdc/connect:1.'],
    [{ databaseHost: " " }, "databaseHost is required; set it to the database's host."],
    [{ slotName: "Debezium-Slot" }, 'slotName "Debezium-Slot" is not a Postgres replication slot name; use 1 to 63 lowercase letters, digits and "_".'],
    [{ delivery: "twice" as never }, 'delivery "twice" is not one of exactly-once, at-least-once; set delivery to exactly-once (the default) or at-least-once.'],
    [{ replicas: 0 }, "replicas (0) is out of range; set replicas to a whole number of at least 1."],
  ])("pipeline %o", (args, sentence) => {
    expect(
      strimzi.validateStrimziConnectSettings("pipeline", {
        outputImage: "registry.example.com/cdc/connect:1",
        databaseHost: "postgres.db.svc",
        databaseName: "videoplatform",
        databaseUser: "cdc",
        ...args,
      }),
    ).toEqual([sentence]);
  });
});

describe("what the schemas refuse, so the validation above is not vacuous", () => {
  test("a topic with partitions as a string, a listener with a name Strimzi refuses, v1beta2's spec.kafka.replicas", () => {
    const [topic] = strimzi.renderTopics(settings());
    expect(validateCustomResource({ ...topic, spec: { ...topic.spec, partitions: "3" } })).not.toEqual([]);
    const kafka = strimzi.renderKafka(settings());
    const spec = kafka.spec as { kafka: { listeners: unknown[] } };
    expect(validateCustomResource({ ...kafka, spec: { ...spec, kafka: { ...spec.kafka, listeners: [{ name: "external-listener", port: 9094, type: "nodeport", tls: false }] } } })).not.toEqual([]);
    expect(validateCustomResource({ ...kafka, spec: { ...spec, kafka: { ...spec.kafka, replicas: 3 } } })).not.toEqual([]);
  });
});

describe("no option Strimzi 1.2.0 drops", () => {
  // Strimzi ignores, with only a warning in its own log, a config key that starts with one of these prefixes and is not
  // one of the exceptions: KafkaClusterSpec's and KafkaConnectSpec's FORBIDDEN_PREFIXES(_EXCEPTIONS) at tag 1.2.0,
  // matched as its AbstractConfiguration.filterForbidden matches them (the key lowercased, startsWith; exceptions exact).
  const KAFKA_FORBIDDEN =
    "listeners, advertised., broker., listener., host.name, port, inter.broker.listener.name, sasl., ssl., security., password., log.dir, zookeeper.connect, zookeeper.set.acl, zookeeper.ssl, zookeeper.clientCnxnSocket, authorizer., super.user, cruise.control.metrics.topic, cruise.control.metrics.reporter.bootstrap.servers, node.id, process.roles, controller., metadata.log.dir, zookeeper.metadata.migration.enable, client.quota.callback.static.kafka.admin., client.quota.callback.static.produce, client.quota.callback.static.fetch, client.quota.callback.static.storage.per.volume.limit.min.available., client.quota.callback.static.excluded.principal.name.list, prometheus.metrics.reporter., cordoned.log.dirs";
  const KAFKA_EXCEPTIONS =
    "zookeeper.connection.timeout.ms, sasl.server.max.receive.size, ssl.cipher.suites, ssl.protocol, ssl.enabled.protocols, ssl.secure.random.implementation, cruise.control.metrics.topic.num.partitions, cruise.control.metrics.topic.replication.factor, cruise.control.metrics.topic.retention.ms, cruise.control.metrics.topic.auto.create.retries, cruise.control.metrics.topic.auto.create.timeout.ms, cruise.control.metrics.topic.min.insync.replicas, broker.session.timeout.ms, broker.heartbeat.interval.ms, controller.socket.timeout.ms, controller.quorum.election.backoff.max.ms, controller.quorum.election.timeout.ms, controller.quorum.fetch.timeout.ms";
  const CONNECT_FORBIDDEN =
    "group.id, config.storage.topic, offset.storage.topic, status.storage.topic, ssl., sasl., security., listeners, plugin.path, rest., bootstrap.servers, consumer.interceptor.classes, producer.interceptor.classes, prometheus.metrics.reporter.";
  const CONNECT_EXCEPTIONS = "ssl.endpoint.identification.algorithm, ssl.cipher.suites, ssl.protocol, ssl.enabled.protocols";
  const list = (options: string) => options.split(", ");
  const dropped = (config: unknown, prefixes: string, exceptions: string) =>
    Object.keys(config as Record<string, string>).filter(
      (key) => list(prefixes).some((prefix) => key.toLowerCase().startsWith(prefix)) && !list(exceptions).includes(key),
    );

  test.each(Object.entries(SHAPES))("%s: the Kafka resource's and the Connect cluster's config keep every key", (_, args) => {
    const resolved = settings(args);
    expect(dropped((strimzi.renderKafka(resolved).spec.kafka as { config: unknown }).config, KAFKA_FORBIDDEN, KAFKA_EXCEPTIONS)).toEqual([]);
    expect(dropped(strimzi.renderKafkaConnect(resolved, connectSettings()).spec.config, CONNECT_FORBIDDEN, CONNECT_EXCEPTIONS)).toEqual([]);
  });

  test("the check finds what Strimzi drops (the Docker brokers' log.dirs and super.users), and lets its exceptions through", () => {
    const config = { "log.dirs": "/data", "super.users": "User:admin", "broker.session.timeout.ms": "3000", "log.retention.hours": "168" };
    expect(dropped(config, KAFKA_FORBIDDEN, KAFKA_EXCEPTIONS)).toEqual(["log.dirs", "super.users"]);
    expect(dropped({ "group.id": "connect-x", "config.storage.replication.factor": "3" }, CONNECT_FORBIDDEN, CONNECT_EXCEPTIONS)).toEqual(["group.id"]);
  });
});
