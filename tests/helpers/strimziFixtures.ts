// Strimzi 1.2.0 custom resources for the schema tests: accepted resources of each kind (a KRaft Kafka with a dual-role
// node pool, a topic, a SCRAM user with ACLs, a Connect cluster building the Debezium plugin, its connector) and bad
// variants, each differing from an accepted one in one place, with the problems the validator reports for it.

const apiVersion = "kafka.strimzi.io/v1";
const cluster = { "strimzi.io/cluster": "cdc" };

export const kafka = {
  apiVersion,
  kind: "Kafka",
  metadata: { name: "cdc", namespace: "video" },
  spec: {
    kafka: {
      version: "4.3.1",
      listeners: [
        { name: "plain", port: 9092, type: "internal", tls: false },
        { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
        { name: "external", port: 9094, type: "nodeport", tls: true, authentication: { type: "scram-sha-512" } },
      ],
      authorization: { type: "simple", superUsers: ["admin"] },
      config: {
        "min.insync.replicas": 2,
        "default.replication.factor": 3,
        "unclean.leader.election.enable": false,
        "auto.create.topics.enable": false,
      },
      metricsConfig: { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "kafka-metrics", key: "kafka-metrics.yml" } } },
    },
    entityOperator: { topicOperator: {}, userOperator: {} },
  },
};

export const nodePool = {
  apiVersion,
  kind: "KafkaNodePool",
  metadata: { name: "dual-role", namespace: "video", labels: cluster },
  spec: {
    replicas: 3,
    roles: ["controller", "broker"],
    storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "10Gi", deleteClaim: false, kraftMetadata: "shared" }] },
    resources: { requests: { cpu: 1, memory: "2Gi" }, limits: { memory: "2Gi" } },
  },
};

export const topic = {
  apiVersion,
  kind: "KafkaTopic",
  metadata: { name: "dbserver.public.orders", namespace: "video", labels: cluster },
  spec: { partitions: 3, replicas: 3, config: { "retention.ms": 604800000, "min.insync.replicas": 2, "cleanup.policy": "delete" } },
};

export const user = {
  apiVersion,
  kind: "KafkaUser",
  metadata: { name: "connect", namespace: "video", labels: cluster },
  spec: {
    authentication: { type: "scram-sha-512" },
    authorization: {
      type: "simple",
      acls: [
        { resource: { type: "topic", name: "dbserver.", patternType: "prefix" }, operations: ["Write", "Describe", "Create", "DescribeConfigs"] },
        { resource: { type: "group", name: "connect-", patternType: "prefix" }, operations: ["Read", "Describe"] },
        { resource: { type: "cluster" }, operations: ["IdempotentWrite"] },
        { resource: { type: "transactionalId", name: "connect-", patternType: "prefix" }, operations: ["Write", "Describe"] },
      ],
    },
  },
};

/** A user authenticated by a certificate the User Operator issues for 30 days and renews 10 days before expiry. */
export const tlsUser = {
  apiVersion,
  kind: "KafkaUser",
  metadata: { name: "auditor", namespace: "video", labels: cluster },
  spec: { authentication: { type: "tls", validityDays: 30, renewalDays: 10 } },
};

export const connect = {
  apiVersion,
  kind: "KafkaConnect",
  metadata: { name: "cdc-connect", namespace: "video", annotations: { "strimzi.io/use-connector-resources": "true" } },
  spec: {
    replicas: 1,
    bootstrapServers: "cdc-kafka-bootstrap:9093",
    groupId: "connect-cdc",
    configStorageTopic: "connect-cdc-configs",
    offsetStorageTopic: "connect-cdc-offsets",
    statusStorageTopic: "connect-cdc-status",
    tls: { trustedCertificates: [{ secretName: "cdc-cluster-ca-cert", pattern: "*.crt" }] },
    authentication: { type: "scram-sha-512", username: "connect", passwordSecret: { secretName: "connect", password: "password" } },
    config: { "config.storage.replication.factor": -1, "exactly.once.source.support": "enabled" },
    build: {
      output: { type: "docker", image: "registry.example.com/cdc/connect-debezium:latest", pushSecret: "registry-push" },
      plugins: [
        {
          name: "debezium-postgres",
          artifacts: [{ type: "maven", group: "io.debezium", artifact: "debezium-connector-postgres", version: "3.7.0.Final" }],
        },
      ],
    },
  },
};

export const connector = {
  apiVersion,
  kind: "KafkaConnector",
  metadata: { name: "inventory", namespace: "video", labels: { "strimzi.io/cluster": "cdc-connect" } },
  spec: {
    class: "io.debezium.connector.postgresql.PostgresConnector",
    tasksMax: 1,
    state: "running",
    autoRestart: { enabled: true },
    config: { "database.hostname": "postgres", "database.port": 5432, "topic.prefix": "dbserver", "plugin.name": "pgoutput" },
  },
};

/** A deep copy of `resource` changed by `edit`, so each bad case differs from a good resource in one place. */
export function changed<T>(resource: T, edit: (copy: any) => void): T {
  const copy = structuredClone(resource);
  edit(copy);
  return copy;
}

/** [description, resource] of resources the API server accepts. */
export const acceptedResources: [string, unknown][] = [
  ["a KRaft Kafka with SCRAM listeners and simple authorization", kafka],
  ["a dual-role KafkaNodePool with shared KRaft metadata on JBOD", nodePool],
  ["a KafkaTopic with its configs", topic],
  ["a KafkaTopic without a namespace (the request's namespace applies)", changed(topic, (t) => delete t.metadata.namespace)],
  ["a SCRAM-SHA-512 KafkaUser with prefixed ACLs", user],
  ["a TLS KafkaUser whose certificate is renewed before it expires", tlsUser],
  ["a Kafka with brokers spread over zones", changed(kafka, (k) => (k.spec.kafka.rack = { topologyKey: "topology.kubernetes.io/zone" }))],
  ["a KafkaConnect that builds the Debezium plugin from Maven", connect],
  ["a running KafkaConnector", connector],
];

/** [description, resource, the validator's problems] of resources the API server refuses (or would silently prune). */
export const refusedResources: [string, unknown, string[]][] = [
  ["partitions as a string", changed(topic, (t) => (t.spec.partitions = "3")), ['spec.partitions: must be integer, got string "3"']],
  ["a replication factor of 0", changed(topic, (t) => (t.spec.replicas = 0)), ["spec.replicas: must be >= 1, got 0"]],
  ["an unknown node role", changed(nodePool, (p) => (p.spec.roles = ["controller", "leader"])), ['spec.roles[1]: must be one of "controller", "broker", got "leader"']],
  ["v1beta2's spec.kafka.replicas, which v1 moved to node pools", changed(kafka, (k) => (k.spec.kafka.replicas = 3)), ["spec.kafka.replicas: unknown field (the API server would drop it)"]],
  ["the v1beta2 API", changed(kafka, (k) => (k.apiVersion = "kafka.strimzi.io/v1beta2")), ['apiVersion: "kafka.strimzi.io/v1beta2" is not served for Kafka; use kafka.strimzi.io/v1']],
  ["a listener below port 9092", changed(kafka, (k) => (k.spec.kafka.listeners[0].port = 9091)), ["spec.kafka.listeners[0].port: must be >= 9092, got 9091"]],
  ["a listener without tls", changed(kafka, (k) => delete k.spec.kafka.listeners[2].tls), ["spec.kafka.listeners[2].tls: required field is missing"]],
  [
    "the JMX exporter without its config map (a CEL rule)",
    changed(kafka, (k) => delete k.spec.kafka.metricsConfig.valueFrom),
    ["spec.kafka.metricsConfig: valueFrom property is required"],
  ],
  ["an ACL operation Kafka does not have", changed(user, (u) => (u.spec.authorization.acls[0].operations = ["Produce"])), [
    'spec.authorization.acls[0].operations[0]: must be one of "Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All", got "Produce"',
  ]],
  [
    "certificate validity on a SCRAM user (a CEL rule)",
    changed(user, (u) => (u.spec.authentication.validityDays = 30)),
    ["spec.authentication: 'validityDays' and 'renewalDays' can be configured only with 'type: tls'"],
  ],
  [
    "a certificate renewed no earlier than it expires (a CEL rule)",
    changed(tlsUser, (u) => (u.spec.authentication.renewalDays = 30)),
    ["spec.authentication: 'renewalDays' must be less than 'validityDays'."],
  ],
  [
    "rack awareness without its topology key (a CEL rule on a missing field)",
    changed(kafka, (k) => (k.spec.kafka.rack = {})),
    ["spec.kafka.rack: topologyKey property is required (no such key: topologyKey)"],
  ],
  ["a CPU request that is neither integer nor string", changed(nodePool, (p) => (p.spec.resources.requests.cpu = true)), ["spec.resources.requests.cpu: true matches none of the allowed forms"]],
  [
    "a trusted certificate named both by file and by pattern",
    changed(connect, (c) => (c.spec.tls.trustedCertificates[0].certificate = "ca.crt")),
    ["spec.tls.trustedCertificates[0]: must match exactly one of the allowed forms (it matches several)"],
  ],
  ["a build artifact of an unknown type", changed(connect, (c) => (c.spec.build.plugins[0].artifacts[0].type = "jar-with-dependencies")), [
    'spec.build.plugins[0].artifacts[0].type: must be one of "jar", "tgz", "zip", "maven", "other", got "jar-with-dependencies"',
  ]],
  ["a Connect cluster without groupId", changed(connect, (c) => delete c.spec.groupId), ["spec.groupId: required field is missing"]],
  ["a connector state Connect does not have", changed(connector, (c) => (c.spec.state = "started")), ['spec.state: must be one of "paused", "stopped", "running", got "started"']],
  ["an upper-case resource name", changed(topic, (t) => (t.metadata.name = "Orders_Topic")), [
    'metadata.name: "Orders_Topic" is not a lower-case DNS subdomain (a-z, 0-9, \'-\', \'.\', at most 253 characters)',
  ]],
  ["a label value that is a number", changed(nodePool, (p) => (p.metadata.labels.tier = 1)), ['metadata.labels["tier"]: must be a string, got number 1']],
  ["a null the server would drop", changed(topic, (t) => (t.spec.replicas = null)), ["spec.replicas: null (the API server would drop it)"]],
  ["a kind Strimzi 1.2.0 has no CRD for here", { apiVersion, kind: "KafkaBridge", metadata: { name: "b" }, spec: {} }, [
    'kind: "KafkaBridge" is not a Strimzi kind (Kafka, KafkaConnect, KafkaTopic, KafkaUser, KafkaNodePool, KafkaConnector)',
  ]],
  [
    "two problems at once",
    changed(topic, (t) => {
      t.spec.partitions = 0;
      t.spec.replicationFactor = 3;
    }),
    ["spec.partitions: must be >= 1, got 0", "spec.replicationFactor: unknown field (the API server would drop it)"],
  ],
];
