// Defaults, derivations, validation messages (every one, exactly) and the reading of the stack config.
import { defaultNamePrefix, deriveClusterId, KafkaSettingsArgs, resolveKafkaSettings } from "../../components/config";
import { isImageReference } from "../../components/imageReference";
import { clusterIdError, KafkaConfigError, throwIfInvalid, validateKafkaSettings } from "../../components/validation";

describe("defaults", () => {
  test("every setting resolves, the cluster id and name from the component name", () => {
    expect(resolveKafkaSettings("cdc-kafka-dev", {})).toEqual({
      brokers: 1,
      kafkaImage: "confluentinc/cp-kafka:7.6.1",
      uiImage: "ghcr.io/kafbat/kafka-ui:v1.5.0",
      uiEnabled: true,
      clusterId: "Dt0bbbLBIsu2KEIXx8wfIw",
      clusterName: "cdc-kafka-dev",
      hostPort: 9092,
      hostBindIp: "127.0.0.1",
      uiPort: 8080,
      autoCreateTopics: false,
      logRetentionHours: 168,
      logRetentionBytes: -1,
      topics: ["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"],
      topicPartitions: 3,
      topicRetentionMs: 604800000,
      topicCleanupPolicy: "delete",
      replicationFactor: 1,
      minInsyncReplicas: 1,
      keepDataVolume: false,
      brokerMemoryMb: 1024,
      groupInitialRebalanceDelayMs: 0,
      brokerWaitTimeoutSeconds: 180,
      metricsEnabled: false,
      metricsHostPort: undefined,
      metricsServerEnabled: false,
      metricsServerPort: 9090,
      prometheusImage: "prom/prometheus:v2.42.0",
      security: "plaintext",
      advertisedHost: "localhost",
      tlsRotation: "1",
      uiLogin: false,
      uiLoginUsername: "admin",
    });
  });

  test("given values win and undefined ones do not erase defaults", () => {
    const settings = resolveKafkaSettings("x", { hostPort: 19092, uiPort: undefined, topics: ["a"] });
    expect(settings).toMatchObject({ hostPort: 19092, uiPort: 8080, topics: ["a"] });
  });

  test.each([
    [1, undefined, 1, 1],
    [2, undefined, 2, 1],
    [3, undefined, 3, 2],
    [5, undefined, 3, 2],
    [3, 2, 2, 1],
    [3, 1, 1, 1],
  ])("%i brokers, replicationFactor %p → replication factor %i, min.insync.replicas %i", (brokers, replicationFactor, rf, minIsr) => {
    expect(resolveKafkaSettings("x", { brokers, replicationFactor })).toMatchObject({ replicationFactor: rf, minInsyncReplicas: minIsr });
  });

  test("the derived cluster id is stable, differs per name and is a valid Kafka cluster id", () => {
    expect(deriveClusterId("kafka")).toBe("y78kHuvtum_V5lezxWD8nQ");
    expect(deriveClusterId("kafka")).toBe(deriveClusterId("kafka"));
    expect(deriveClusterId("kafka-2")).not.toBe(deriveClusterId("kafka"));
    // "cdc-kafka-s23" hashes to an id starting with "-" (-pfgokYlOOvN6tu1ZTky5g), which kafka-storage refuses.
    expect(deriveClusterId("cdc-kafka-s23")).not.toMatch(/^-/);
    for (const name of ["kafka", "cdc-kafka-dev", "x", "cdc-kafka-s23"]) {
      expect(deriveClusterId(name)).toHaveLength(22);
      expect(clusterIdError(deriveClusterId(name))).toBeUndefined();
      expect(Buffer.from(deriveClusterId(name), "base64url")).toHaveLength(16);
    }
  });

  test.each([
    ["dev", "cdc-kafka-dev"],
    ["Prod_EU.1", "cdc-kafka-prod-eu-1"],
    ["x".repeat(80), `cdc-kafka-${"x".repeat(40)}`],
  ])("name prefix of stack %s is %s", (stack, prefix) => {
    expect(defaultNamePrefix(stack)).toBe(prefix);
    expect(validateKafkaSettings(prefix, {})).toEqual([]);
  });
});

describe("image references", () => {
  test.each([
    "confluentinc/cp-kafka:7.6.1",
    "cdc-kafka/kafka:3.6.2",
    "cdc-kafka/kafka-ui:local",
    "ghcr.io/kafbat/kafka-ui:v1.5.0",
    "localhost:5000/kafka",
    "registry.example.com:443/team/kafka_image__x:1.0-rc.1",
    "busybox",
    `kafka@sha256:${"a".repeat(64)}`,
    `kafka:1@sha256:${"a".repeat(64)}`,
  ])("%s is valid", (reference) => expect(isImageReference(reference)).toBe(true));

  test.each(["", "Confluent/cp-kafka", "cp-kafka:", "cp kafka", ":7.6.1", "kafka:bad/tag", "kafka@sha256:xyz", "a//b", "-kafka", `k:${"t".repeat(129)}`])(
    "%j is not",
    (reference) => expect(isImageReference(reference)).toBe(false),
  );
});

describe("validation of a stack's settings", () => {
  test("the defaults are valid", () => {
    expect(validateKafkaSettings("kafka", {})).toEqual([]);
    expect(validateKafkaSettings("kafka", { brokers: 3, uiPort: 8080, hostPort: 9092 })).toEqual([]);
  });

  test.each<[string, KafkaSettingsArgs, string[]]>([
    ["brokers below 1", { brokers: 0 }, ["brokers (0) is out of range; set brokers to a whole number from 1 to 9."]],
    ["too many brokers", { brokers: 10 }, ["brokers (10) is out of range; set brokers to a whole number from 1 to 9."]],
    ["fractional brokers", { brokers: 1.5 }, ["brokers (1.5) is out of range; set brokers to a whole number from 1 to 9."]],
    [
      "a malformed broker image",
      { kafkaImage: "Confluent/cp-kafka" },
      ['kafkaImage "Confluent/cp-kafka" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. confluentinc/cp-kafka:7.6.1.'],
    ],
    [
      "a malformed UI image",
      { uiImage: "kafka ui" },
      ['uiImage "kafka ui" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. ghcr.io/kafbat/kafka-ui:v1.5.0.'],
    ],
    ["a malformed UI image with the UI disabled", { uiImage: "kafka ui", uiEnabled: false }, []],
    [
      "a malformed cluster id",
      { clusterId: "MkU3OEVBNTcwNTJENDM2Q" },
      ['clusterId "MkU3OEVBNTcwNTJENDM2Q" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.'],
    ],
    [
      "a cluster id that starts with -",
      { clusterId: "-pfgokYlOOvN6tu1ZTky5g" },
      ['clusterId "-pfgokYlOOvN6tu1ZTky5g" starts with "-", which Kafka\'s storage tool reads as an option; use an id that starts with a letter, digit or "_" (kafka-storage random-uuid never prints one with "-" first).'],
    ],
    [
      "a cluster id with characters outside base64url",
      { clusterId: "MkU3OEVBNTcwNTJENDM2Q+" },
      ['clusterId "MkU3OEVBNTcwNTJENDM2Q+" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.'],
    ],
    [
      "a cluster name that cannot be a URL path segment",
      { clusterName: "my cluster" },
      ['clusterName "my cluster" cannot be used in the UI\'s URLs; use only letters, digits, ".", "_" and "-".'],
    ],
    [
      "a host bind address that is not an IP address",
      { hostBindIp: "localhost" },
      ['hostBindIp "localhost" is not an IP address; use 127.0.0.1 to stay on this machine or 0.0.0.0 to publish on every interface.'],
    ],
    ["non-positive log retention hours", { logRetentionHours: 0 }, ["logRetentionHours (0) is out of range; set logRetentionHours to a whole number of at least 1."]],
    [
      "non-positive log retention bytes",
      { logRetentionBytes: -2 },
      ["logRetentionBytes (-2) is out of range; set logRetentionBytes to a positive whole number, or -1 for no limit."],
    ],
    ["too little broker memory", { brokerMemoryMb: 255 }, ["brokerMemoryMb (255) is out of range; set brokerMemoryMb to a whole number of at least 256."]],
    [
      "a negative rebalance delay",
      { groupInitialRebalanceDelayMs: -1 },
      ["groupInitialRebalanceDelayMs (-1) is out of range; set groupInitialRebalanceDelayMs to a whole number of at least 0."],
    ],
    [
      "a zero wait timeout",
      { brokerWaitTimeoutSeconds: 0 },
      ["brokerWaitTimeoutSeconds (0) is out of range; set brokerWaitTimeoutSeconds to a whole number of at least 1."],
    ],
    ["host port 0", { hostPort: 0 }, ["hostPort (0) is out of range; set hostPort to a whole number from 1 to 65535."]],
    ["host port above 65535", { hostPort: 65536 }, ["hostPort (65536) is out of range; set hostPort to a whole number from 1 to 65535."]],
    [
      "host ports of the later brokers beyond 65535",
      { brokers: 3, hostPort: 65534, uiPort: 8080 },
      ["hostPort (65534) leaves no room for 3 brokers, which use consecutive ports up to 65536; lower hostPort."],
    ],
    ["UI port above 65535", { uiPort: 70000 }, ["uiPort (70000) is out of range; set uiPort to a whole number from 1 to 65535."]],
    [
      "the UI on the broker's host port",
      { uiPort: 9092 },
      ["uiPort (9092) is already the host port of broker 1; choose a uiPort other than 9092."],
    ],
    [
      "the UI on the third broker's host port",
      { brokers: 3, uiPort: 9094 },
      ["uiPort (9094) is already the host port of broker 3; choose a uiPort outside 9092-9094."],
    ],
    ["the broker's host port for a disabled UI", { uiPort: 9092, uiEnabled: false }, []],
    ["metrics published on their own port", { metricsEnabled: true, metricsHostPort: 11001 }, []],
    [
      "the metrics host port on the broker's host port",
      { metricsEnabled: true, metricsHostPort: 9092 },
      ["metricsHostPort (9092) collides with the brokers' host ports (9092); choose a metricsHostPort whose port avoids them."],
    ],
    [
      "three brokers' metrics ports overlapping their broker ports",
      { brokers: 3, metricsEnabled: true, metricsHostPort: 9090 },
      ["metricsHostPort (9090-9092) collides with the brokers' host ports (9092-9094); choose a metricsHostPort whose 3 consecutive ports avoid them."],
    ],
    [
      "the metrics host port on the UI's port",
      { metricsEnabled: true, metricsHostPort: 8080 },
      ["metricsHostPort (8080) collides with uiPort (8080); choose a metricsHostPort whose port avoids it."],
    ],
    [
      "a metrics host port with metrics off",
      { metricsHostPort: 11001 },
      ["metricsHostPort (11001) publishes the brokers' metrics, which are off; set metricsEnabled to true or remove metricsHostPort."],
    ],
    [
      "a metrics host port above 65535",
      { metricsEnabled: true, metricsHostPort: 65536 },
      ["metricsHostPort (65536) is out of range; set metricsHostPort to a whole number from 1 to 65535."],
    ],
    [
      "metrics host ports of the later brokers beyond 65535",
      { brokers: 3, metricsEnabled: true, metricsHostPort: 65535, uiPort: 8080 },
      ["metricsHostPort (65535) leaves no room for 3 brokers, which use consecutive ports up to 65537; lower metricsHostPort."],
    ],
    ["the metrics server on its own port", { metricsEnabled: true, metricsServerEnabled: true }, []],
    ["a metrics server port that would collide, with the server off", { metricsServerPort: 9092 }, []],
    [
      "the metrics server without the brokers' metrics",
      { metricsServerEnabled: true },
      ["metricsServerEnabled needs the brokers' metrics, which are off; set metricsEnabled to true or metricsServerEnabled to false."],
    ],
    [
      "a metrics server image that is not an image reference",
      { metricsEnabled: true, metricsServerEnabled: true, prometheusImage: "Prom" },
      ['prometheusImage "Prom" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. prom/prometheus:v2.42.0.'],
    ],
    [
      "a metrics server port above 65535",
      { metricsEnabled: true, metricsServerEnabled: true, metricsServerPort: 65536 },
      ["metricsServerPort (65536) is out of range; set metricsServerPort to a whole number from 1 to 65535."],
    ],
    [
      "the metrics server on the second broker's host port",
      { brokers: 3, metricsEnabled: true, metricsServerEnabled: true, metricsServerPort: 9093 },
      ["metricsServerPort (9093) is already the host port of broker 2; choose a metricsServerPort outside 9092-9094."],
    ],
    [
      "the metrics server on the UI's port",
      { metricsEnabled: true, metricsServerEnabled: true, metricsServerPort: 8080 },
      ["metricsServerPort (8080) is already uiPort; choose a metricsServerPort other than 8080."],
    ],
    [
      "the metrics server on a broker's metrics host port",
      { brokers: 2, metricsEnabled: true, metricsHostPort: 11001, metricsServerEnabled: true, metricsServerPort: 11002 },
      ["metricsServerPort (11002) is already the metrics port of broker 2; choose a metricsServerPort outside 11001-11002."],
    ],
    [
      "a replication factor of 0",
      { replicationFactor: 0 },
      ["replicationFactor (0) is out of range; set replicationFactor to a whole number of at least 1."],
    ],
    [
      "more replicas than brokers",
      { brokers: 2, replicationFactor: 3 },
      ["replicationFactor (3) cannot exceed the number of brokers (2); lower replicationFactor or add brokers."],
    ],
    [
      "min.insync.replicas of 0",
      { minInsyncReplicas: 0 },
      ["minInsyncReplicas (0) is out of range; set minInsyncReplicas to a whole number of at least 1."],
    ],
    [
      "min.insync.replicas above the derived replication factor",
      { minInsyncReplicas: 2 },
      ["min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or add brokers."],
    ],
    [
      "min.insync.replicas above a replication factor that was set",
      { brokers: 3, replicationFactor: 1, minInsyncReplicas: 2 },
      ["min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or raise replicationFactor."],
    ],
    ["an empty topic name", { topics: [""] }, ['Topic name "" is empty; remove it from topics.']],
    ["the topic name .", { topics: ["."] }, ['Topic name "." is reserved by Kafka; choose another name.']],
    ["the topic name ..", { topics: [".."] }, ['Topic name ".." is reserved by Kafka; choose another name.']],
    [
      "a topic name of 250 characters",
      { topics: ["t".repeat(250)] },
      [`Topic name "${"t".repeat(250)}" is 250 characters long; shorten it to at most 249.`],
    ],
    ["a topic name of 249 characters", { topics: ["t".repeat(249)] }, []],
    [
      "a topic name with a character Kafka refuses",
      { topics: ["dbserver/public"] },
      ['Topic name "dbserver/public" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".'],
    ],
    [
      "a topic listed twice",
      { topics: ["a", "b", "a"] },
      ['Topic "a" is listed more than once; remove the duplicate from topics.'],
    ],
    [
      "topics whose names collide in metric names",
      { topics: ["db.users", "db_users"] },
      ['Topics "db.users" and "db_users" collide in Kafka\'s metric names ("." and "_" read alike); rename one of them.'],
    ],
    ["zero partitions", { topicPartitions: 0 }, ["topicPartitions (0) is out of range; set topicPartitions to a whole number of at least 1."]],
    [
      "non-positive topic retention",
      { topicRetentionMs: 0 },
      ["topicRetentionMs (0) is out of range; set topicRetentionMs to a positive whole number, or -1 for no limit."],
    ],
    ["unlimited topic retention", { topicRetentionMs: -1 }, []],
    [
      "an unknown cleanup policy",
      { topicCleanupPolicy: "keep" },
      ['topicCleanupPolicy "keep" is not a Kafka cleanup policy; use delete, compact or compact,delete.'],
    ],
  ])("%s", (_, args, messages) => {
    expect(validateKafkaSettings("kafka", args)).toEqual(messages);
  });

  test("an unusable name, as the component calls it and as the stack config does", () => {
    const rule = 'cannot name containers and volumes; use at most 50 lowercase letters, digits and "-", starting with a letter or digit.';
    expect(validateKafkaSettings("Kafka_1", {})).toEqual([`name "Kafka_1" ${rule}`]);
    expect(validateKafkaSettings("k".repeat(51), {}, "namePrefix")).toEqual([`namePrefix "${"k".repeat(51)}" ${rule}`]);
  });

  test("an invalid broker count skips the checks that compare with it", () => {
    expect(validateKafkaSettings("kafka", { brokers: 0, replicationFactor: 3, uiPort: 9092 })).toEqual([
      "brokers (0) is out of range; set brokers to a whole number from 1 to 9.",
    ]);
  });

  test("all problems are reported, in the order of the settings", () => {
    expect(validateKafkaSettings("kafka", { topics: ["a b"], hostPort: 0, kafkaImage: "" })).toEqual([
      'kafkaImage "" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. confluentinc/cp-kafka:7.6.1.',
      "hostPort (0) is out of range; set hostPort to a whole number from 1 to 65535.",
      'Topic name "a b" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".',
    ]);
  });
});

describe("KafkaConfigError", () => {
  test("throwIfInvalid ignores the rules that passed and throws one error with a line per problem", () => {
    expect(() => throwIfInvalid([undefined, undefined])).not.toThrow();
    expect(() => throwIfInvalid(["First.", undefined, "Second."])).toThrow("First.\nSecond.");
    let thrown: unknown;
    try {
      throwIfInvalid(["Only."]);
    } catch (error) {
      thrown = error;
    }
    // Outside the catch, so a throwIfInvalid that stopped throwing fails here.
    expect(thrown).toBeInstanceOf(KafkaConfigError);
    expect(thrown).toMatchObject({ name: "KafkaConfigError", message: "Only.", errors: ["Only."] });
  });
});
