// status's judgement (health.ts) and its tables (render.ts), from hand-made cluster snapshots.
import { brokerDownReason, evaluateHealth, isStopped, logWarnings, partitionMarks } from "../../ops/health";
import { ClusterSnapshot, PartitionStatus, TopicStatus } from "../../ops/model";
import { humanMs, npmCommand, renderStatus, renderTopicDescriptions, renderTopicList, renderUpSummary, resourceSummary, statusJson } from "../../ops/render";

const keyConfigs = { "cleanup.policy": "delete", "min.insync.replicas": "1", "retention.ms": "604800000" };

function partition(index: number, overrides: Partial<PartitionStatus> = {}): PartitionStatus {
  return { partition: index, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], earliestOffset: "0", latestOffset: "10", ...overrides };
}

function topic(name: string, partitions: PartitionStatus[], overrides: Partial<TopicStatus> = {}): TopicStatus {
  return { name, internal: false, declared: true, partitions, configs: { ...keyConfigs }, ...overrides };
}

/** One healthy broker, the quorum led by it, two declared topics, the offsets topic and one consumer group. */
function healthy(): ClusterSnapshot {
  return {
    stack: "dev",
    clusterName: "cdc-kafka-dev",
    clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
    hostBootstrapServers: "localhost:9092",
    internalBootstrapServers: "cdc-kafka-dev-broker-1:29092",
    uiUrl: "http://localhost:8080",
    declaredTopics: ["dbserver.public.users", "dbserver.public.videos"],
    brokers: [
      {
        nodeId: 1,
        container: "cdc-kafka-dev-broker-1",
        containerState: "running",
        health: "healthy",
        image: "cdc-kafka/kafka:3.6.2",
        version: "3.6.2",
        listeners: ["INTERNAL://cdc-kafka-dev-broker-1:29092", "EXTERNAL://localhost:9092"],
        registered: true,
      },
    ],
    quorum: { nodes: [{ nodeId: 1, role: "leader", logEndOffset: 431, lag: 0, lastFetchMsAgo: 12, lastCaughtUpMsAgo: 12 }] },
    topics: [
      topic("__consumer_offsets", [partition(0), partition(1)], { internal: true, declared: false, configs: {} }),
      topic("dbserver.public.users", [partition(0), partition(1, { latestOffset: "5" })]),
      topic("dbserver.public.videos", [partition(0)]),
    ],
    groups: [{ groupId: "cdc-sink", state: "Stable", members: 1, topics: [{ topic: "dbserver.public.users", partitions: 2, committedPartitions: 2, lag: 7 }] }],
    rates: {
      cluster: { bytesInPerSec: 1536, bytesOutPerSec: 0.25 },
      brokers: [{ nodeId: 1, container: "cdc-kafka-dev-broker-1", bytesInPerSec: 1536, bytesOutPerSec: 0.25 }],
      topics: [{ topic: "dbserver.public.users", bytesInPerSec: 1536, bytesOutPerSec: null }],
    },
  };
}

function withBroker(changes: Partial<ClusterSnapshot["brokers"][number]>): (snapshot: ClusterSnapshot) => void {
  return (snapshot) => Object.assign(snapshot.brokers[0], changes);
}

function withPartition(topicName: string, changes: Partial<PartitionStatus>): (snapshot: ClusterSnapshot) => void {
  return (snapshot) => Object.assign(snapshot.topics.find((t) => t.name === topicName)!.partitions[0], changes);
}

describe("evaluateHealth", () => {
  test("every broker exited (npm run stop): stopped, exit 3, one sentence naming start", () => {
    const snapshot = healthy();
    withBroker({ containerState: "exited", health: "unhealthy", registered: undefined })(snapshot);
    snapshot.topics = [];
    snapshot.kafkaError = snapshot.quorumError = "no broker container is running";
    const problem = "Stack dev is stopped: its broker containers have exited, with their data volumes kept; `npm run start` starts them again.";
    expect(evaluateHealth(snapshot)).toEqual({ healthy: false, exitCode: 3, stopped: true, problems: [problem], warnings: [] });
    expect(renderStatus(snapshot).slice(-2)).toEqual(["", `Stopped: ${problem}`]);
    expect(statusJson(snapshot)).toEqual(expect.objectContaining({ healthy: false, stopped: true, problems: [problem] }));
  });

  test("one broker exited of two is not a stopped stack but an unhealthy one", () => {
    const snapshot = healthy();
    snapshot.brokers.push({ ...snapshot.brokers[0], nodeId: 2, container: "cdc-kafka-dev-broker-2", containerState: "exited" });
    expect(evaluateHealth(snapshot)).toEqual(expect.objectContaining({ exitCode: 1, stopped: false }));
    expect(isStopped(snapshot.brokers)).toBe(false);
  });

  test("ERROR/FATAL lines in a broker's log since its start: a warning quoting three, not a problem", () => {
    const snapshot = healthy();
    const lines = [1, 2, 3, 4].map((n) => `[2026-11-29 04:00:0${n},000] ERROR failure ${n} (kafka.server.KafkaApis)`);
    withBroker({ logProblems: lines, startedAt: "2026-11-29T04:00:00Z" })(snapshot);
    const health = evaluateHealth(snapshot);
    expect(health).toEqual(expect.objectContaining({ healthy: true, exitCode: 0, problems: [] }));
    expect(health.warnings).toEqual([
      "Broker 1 logged 4 ERROR/FATAL lines since it started at 2026-11-29T04:00:00Z:" +
        lines.slice(0, 3).map((line) => `\n      ${line}`).join("") +
        "\n      … and 1 more (`docker logs --since 2026-11-29T04:00:00Z cdc-kafka-dev-broker-1`)",
    ]);
    expect(renderStatus(snapshot, health).join("\n")).toContain(`Broker logs:\n  - Broker 1 logged 4 ERROR/FATAL lines`);
    expect(logWarnings([{ ...snapshot.brokers[0], logProblems: [] }])).toEqual([]);
  });

  test("a healthy snapshot exits 0 with no problems", () => {
    expect(evaluateHealth(healthy())).toEqual({ healthy: true, exitCode: 0, stopped: false, problems: [], warnings: [] });
  });

  test.each<[string, (snapshot: ClusterSnapshot) => void, string[]]>([
    [
      "paused broker (nothing else could be read)",
      (s) => {
        withBroker({ containerState: "paused", registered: undefined })(s);
        s.quorum = undefined;
        s.quorumError = s.kafkaError = "no broker container is running";
        s.topics = [];
        s.groups = [];
      },
      [
        "Broker 1 is down: its container cdc-kafka-dev-broker-1 is paused.",
        "No broker is up, so the controller quorum, topics and consumer groups could not be read.",
      ],
    ],
    [
      "missing container",
      (s) => {
        s.brokers[0] = { container: "cdc-kafka-dev-broker-1", containerState: "missing", listeners: [] };
        s.quorum = undefined;
        s.quorumError = s.kafkaError = "no broker container is running";
        s.topics = [];
      },
      [
        "Broker ? is down: its container cdc-kafka-dev-broker-1 does not exist.",
        "No broker is up, so the controller quorum, topics and consumer groups could not be read.",
      ],
    ],
    [
      "no quorum leader",
      (s) => (s.quorum = { nodes: [{ nodeId: 1, role: "follower", logEndOffset: 3, lag: 0 }] }),
      ["The controller quorum has no leader, so no metadata change (topic, partition, broker) can happen."],
    ],
    [
      "quorum not readable",
      (s) => {
        s.quorum = undefined;
        s.quorumError = "kafka-metadata-quorum in b1 failed: timed out";
      },
      ["The controller quorum could not be read: kafka-metadata-quorum in b1 failed: timed out."],
    ],
    [
      "Kafka not answering",
      (s) => {
        s.kafkaError = "Kafka at localhost:9092 did not answer within 10 s";
        s.topics = [];
        s.brokers[0].registered = undefined;
      },
      ["Kafka could not be read: Kafka at localhost:9092 did not answer within 10 s."],
    ],
    [
      "broker not in the metadata",
      withBroker({ registered: false }),
      ["Broker 1 is down: the cluster's metadata does not list it."],
    ],
    [
      "unhealthy container",
      withBroker({ health: "unhealthy" }),
      ["Broker 1 is down: its container cdc-kafka-dev-broker-1 reports unhealthy."],
    ],
    [
      "offline partition",
      withPartition("dbserver.public.videos", { leader: -1, isr: [], offlineReplicas: [1] }),
      [
        "1 partition is offline (no leader, so neither writes nor reads work): dbserver.public.videos-0.",
        "1 partition is under-replicated (a replica is out of the ISR): dbserver.public.videos-0.",
        "1 partition has fewer in-sync replicas than min.insync.replicas, so acks=all writes to it fail: dbserver.public.videos-0.",
      ],
    ],
    [
      "under-replicated partition still at min ISR",
      withPartition("dbserver.public.users", { replicas: [1, 2, 3], isr: [1, 2] }),
      ["1 partition is under-replicated (a replica is out of the ISR): dbserver.public.users-0."],
    ],
    [
      "internal topics count too",
      withPartition("__consumer_offsets", { replicas: [1, 2], isr: [1] }),
      ["1 partition is under-replicated (a replica is out of the ISR): __consumer_offsets-0."],
    ],
    [
      "declared topic missing",
      (s) => (s.topics = s.topics.filter((t) => t.name !== "dbserver.public.videos")),
      ["Topic dbserver.public.videos, declared by the stack, does not exist; run `npm run up -- --stack dev` to create it."],
    ],
  ])("%s → exit 1", (_, mutate, problems) => {
    const snapshot = healthy();
    mutate(snapshot);
    expect(evaluateHealth(snapshot)).toEqual({ healthy: false, exitCode: 1, stopped: false, problems, warnings: [] });
  });

  test("long partition lists are cut after five names", () => {
    const snapshot = healthy();
    snapshot.topics.push(topic("wide", Array.from({ length: 8 }, (_, i) => partition(i, { leader: -1, isr: [] })), { configs: {} }));
    expect(evaluateHealth(snapshot).problems[0]).toBe(
      "8 partitions are offline (no leader, so neither writes nor reads work): wide-0, wide-1, wide-2, wide-3, wide-4 and 3 more.",
    );
  });
});

describe("partitionMarks", () => {
  test.each<[Partial<PartitionStatus>, number | undefined, string[]]>([
    [{}, 1, []],
    [{ leader: -1, isr: [] }, 1, ["offline", "under-replicated", "below-min-isr"]],
    [{ replicas: [1, 2, 3], isr: [1, 2] }, 2, ["under-replicated"]],
    [{ replicas: [1, 2, 3], isr: [1] }, 2, ["under-replicated", "below-min-isr"]],
    [{ replicas: [1, 2, 3], isr: [1] }, undefined, ["under-replicated"]],
  ])("%j with min.insync.replicas %s → %j", (changes, minInsync, marks) => {
    expect(partitionMarks(partition(0, changes), minInsync)).toEqual(marks);
  });
});

test.each([
  [{ containerState: "running", health: "starting", registered: undefined }, undefined],
  [{ containerState: "exited" }, "its container b is exited"],
  [{ containerState: "restarting" }, "its container b is restarting"],
])("brokerDownReason %j → %s", (state, reason) => {
  expect(brokerDownReason({ container: "b", listeners: [], ...state })).toBe(reason);
});

describe("renderStatus", () => {
  test("a secured stack says so beside its bootstrap address; a plaintext one reads as before", () => {
    const headline = (security?: "plaintext" | "sasl_ssl") => renderStatus({ ...healthy(), security })[0];
    expect(headline("sasl_ssl")).toBe(
      "Stack dev · cluster cdc-kafka-dev (id MkU3OEVBNTcwNTJENDM2Qg) · bootstrap localhost:9092 (SASL_SSL) · UI http://localhost:8080",
    );
    expect(headline("plaintext")).toBe(headline(undefined));
    expect(headline("plaintext")).toBe("Stack dev · cluster cdc-kafka-dev (id MkU3OEVBNTcwNTJENDM2Qg) · bootstrap localhost:9092 · UI http://localhost:8080");
  });

  test("a healthy cluster: aligned tables, topic configs on each topic's first row, internal topics summed up", () => {
    expect(renderStatus(healthy())).toEqual([
      "Stack dev · cluster cdc-kafka-dev (id MkU3OEVBNTcwNTJENDM2Qg) · bootstrap localhost:9092 · UI http://localhost:8080",
      "",
      "Brokers",
      "NODE  CONTAINER               STATE  DOCKER   HEALTH   VERSION  LISTENERS",
      "   1  cdc-kafka-dev-broker-1  up     running  healthy  3.6.2    INTERNAL://cdc-kafka-dev-broker-1:29092, EXTERNAL://localhost:9092",
      "",
      "Controller quorum",
      "NODE  ROLE    LOG END OFFSET  LAG  LAST FETCH  LAST CAUGHT UP",
      "   1  leader             431    0   12 ms ago       12 ms ago",
      "",
      "Topics",
      "TOPIC                   PARTITION  LEADER  REPLICAS  ISR  STATUS  min.insync.replicas  retention.ms    cleanup.policy",
      "dbserver.public.users           0       1  1         1    ok      1                    604800000 (7d)  delete",
      "                                1       1  1         1    ok",
      "dbserver.public.videos          0       1  1         1    ok      1                    604800000 (7d)  delete",
      "Internal: __consumer_offsets (2 partitions, ok)",
      "",
      "Consumer groups",
      "GROUP     STATE   MEMBERS  TOPIC                  COMMITTED  LAG",
      "cdc-sink  Stable        1  dbserver.public.users        2/2    7",
      "",
      "Byte rates (15-minute averages)",
      "SCOPE    NAME                    BYTES IN  BYTES OUT",
      "cluster  cdc-kafka-dev          1.5 KiB/s    0.3 B/s",
      "broker   1                      1.5 KiB/s    0.3 B/s",
      "topic    dbserver.public.users  1.5 KiB/s          -",
      "",
      "Healthy: 1 of 1 broker up, quorum leader 1, 5 partitions in sync across 3 topics, 1 consumer group.",
    ]);
  });

  test("an unhealthy cluster: marks in the rows and the problems at the end", () => {
    const snapshot = healthy();
    withPartition("dbserver.public.videos", { leader: -1, isr: [], offlineReplicas: [1] })(snapshot);
    const lines = renderStatus(snapshot);
    expect(lines.slice(lines.indexOf("Topics") + 1, lines.indexOf("Topics") + 5)).toEqual([
      "TOPIC                   PARTITION  LEADER  REPLICAS  ISR  STATUS                                  min.insync.replicas  retention.ms    cleanup.policy",
      "dbserver.public.users           0       1  1         1    ok                                      1                    604800000 (7d)  delete",
      "                                1       1  1         1    ok",
      "dbserver.public.videos          0    none  1         -    OFFLINE,UNDER-REPLICATED,BELOW-MIN-ISR  1                    604800000 (7d)  delete",
    ]);
    expect(lines.slice(-4)).toEqual([
      "Unhealthy (3 problems):",
      "  - 1 partition is offline (no leader, so neither writes nor reads work): dbserver.public.videos-0.",
      "  - 1 partition is under-replicated (a replica is out of the ISR): dbserver.public.videos-0.",
      "  - 1 partition has fewer in-sync replicas than min.insync.replicas, so acks=all writes to it fail: dbserver.public.videos-0.",
    ]);
  });

  test("a paused broker: DOWN, what could not be read, and why", () => {
    const snapshot = healthy();
    withBroker({ containerState: "paused", registered: undefined, version: undefined })(snapshot);
    snapshot.quorum = undefined;
    snapshot.quorumError = snapshot.kafkaError = snapshot.ratesUnavailable = "no broker container is running";
    snapshot.rates = undefined;
    expect(renderStatus(snapshot)).toEqual([
      expect.any(String),
      "",
      "Brokers",
      "NODE  CONTAINER               STATE  DOCKER  HEALTH   VERSION  LISTENERS",
      "   1  cdc-kafka-dev-broker-1  DOWN   paused  healthy  ?        INTERNAL://cdc-kafka-dev-broker-1:29092, EXTERNAL://localhost:9092",
      "",
      "Controller quorum",
      "(not read: no broker container is running)",
      "",
      "Topics",
      "(not read: no broker container is running)",
      "",
      "Rates: unavailable (no broker container is running)",
      "",
      "Unhealthy (2 problems):",
      "  - Broker 1 is down: its container cdc-kafka-dev-broker-1 is paused.",
      "  - No broker is up, so the controller quorum, topics and consumer groups could not be read.",
    ]);
  });
});

test("a lag that cannot be known (offsets unreadable during an outage) is shown as unknown with why, in the table and in JSON", () => {
  const snapshot = healthy();
  const users = snapshot.topics.find((t) => t.name === "dbserver.public.users")!;
  users.partitions.forEach((p) => Object.assign(p, { earliestOffset: undefined, latestOffset: undefined }));
  users.offsetsError = "There is no leader for this topic-partition as we are in the middle of a leadership election";
  const reason = `the latest offsets of dbserver.public.users could not be read: ${users.offsetsError}`;
  snapshot.groups[0].topics[0] = { topic: "dbserver.public.users", partitions: 2, committedPartitions: 2, lag: null, lagUnknown: reason };
  const lines = renderStatus(snapshot);
  expect(lines.slice(lines.indexOf("Consumer groups") + 1, lines.indexOf("Consumer groups") + 4)).toEqual([
    "GROUP     STATE   MEMBERS  TOPIC                  COMMITTED      LAG",
    "cdc-sink  Stable        1  dbserver.public.users        2/2  unknown",
    `Lag of cdc-sink on dbserver.public.users unknown: ${reason}.`,
  ]);
  const json = JSON.parse(JSON.stringify(statusJson(snapshot)));
  expect(json.groups[0].topics).toEqual([{ topic: "dbserver.public.users", partitions: 2, committedPartitions: 2, lag: null, lagUnknown: reason }]);
  expect(json.topics.find((t: { name: string }) => t.name === "dbserver.public.users")).toMatchObject({ offsetsError: users.offsetsError });
});

test("statusJson: the verdict, the quorum leader and each partition's marks", () => {
  const snapshot = healthy();
  withPartition("dbserver.public.users", { replicas: [1, 2], isr: [1] })(snapshot);
  const json = JSON.parse(JSON.stringify(statusJson(snapshot)));
  expect(json).toEqual(
    expect.objectContaining({ stack: "dev", healthy: false, quorumLeader: 1, brokers: snapshot.brokers, groups: snapshot.groups }),
  );
  expect(json.problems).toHaveLength(1);
  expect(json.topics[1].partitions.map((p: { marks: string[] }) => p.marks)).toEqual([["under-replicated"], []]);
});

test("renderTopicList: one row per topic with counts, status, key configs and origin", () => {
  const topics = healthy().topics;
  topics[2].partitions[0].isr = [];
  expect(renderTopicList(topics)).toEqual([
    "TOPIC                   PARTITIONS  RF  MESSAGES  STATUS                          min.insync.replicas  retention.ms    cleanup.policy  DECLARED",
    "__consumer_offsets               2   1        20  ok                              ?                    ?               ?               internal",
    "dbserver.public.users            2   1        15  ok                              1                    604800000 (7d)  delete          yes",
    "dbserver.public.videos           1   1        10  UNDER-REPLICATED,BELOW-MIN-ISR  1                    604800000 (7d)  delete          yes",
  ]);
});

test("renderTopicDescriptions: configs, then partitions with offsets, per topic", () => {
  const users = healthy().topics[1];
  users.configs["segment.bytes"] = "1048576";
  users.declared = false;
  expect(renderTopicDescriptions([users])).toEqual([
    "Topic dbserver.public.users (not declared by the stack): 2 partitions, 15 messages",
    "Configs (overrides and key settings):",
    "  cleanup.policy       delete",
    "  min.insync.replicas  1",
    "  retention.ms         604800000 (7d)",
    "  segment.bytes        1048576",
    "  PARTITION  LEADER  REPLICAS  ISR  OFFLINE  EARLIEST  LATEST  STATUS",
    "          0       1  1         1    -               0      10  ok",
    "          1       1  1         1    -               0       5  ok",
  ]);
});

test.each([
  ["604800000", "7d"],
  ["3600000", "1h"],
  ["90000", "90s"],
  ["1500", "1500ms"],
  ["-1", "forever"],
  ["abc", "abc"],
])("humanMs(%s) → %s", (value, expected) => {
  expect(humanMs(value)).toBe(expected);
});

test.each([
  ["dev", "npm run status"],
  ["it-1", "npm run status -- --stack it-1"],
])("npmCommand for stack %s", (stack, expected) => {
  expect(npmCommand("status", stack)).toBe(expected);
});

test("renderUpSummary: host and network addresses, UI, topics, containers, next step", () => {
  const outputs = {
    hostBootstrapServers: "localhost:19092",
    internalBootstrapServers: "cdc-x-broker-1:29092",
    networkName: "cdc-x-network",
    uiUrl: "http://localhost:18080",
    topicNames: ["a", "b"],
    brokerContainerNames: ["cdc-x-broker-1"],
  };
  expect(renderUpSummary("x", outputs, 41.26)).toEqual([
    "",
    "Stack x is up (41.3 s).",
    "  Bootstrap servers, host            localhost:19092",
    "  Bootstrap servers, Docker network  cdc-x-broker-1:29092 (network cdc-x-network)",
    "  Web UI                             http://localhost:18080",
    "  Topics                             a, b",
    "  Broker containers                  cdc-x-broker-1",
    "Check it: npm run status -- --stack x",
  ]);
  expect(renderUpSummary("dev", { ...outputs, uiUrl: undefined }, 1)).toContain("  Web UI                             (disabled)");
  expect(renderUpSummary("x", { ...outputs, security: "plaintext" }, 41.26)).toEqual(renderUpSummary("x", outputs, 41.26));
  // A secured stack: where the client settings are, never the settings (they hold passwords).
  const secured = renderUpSummary("x", { ...outputs, security: "sasl_ssl", adminConfig: { "sasl.jaas.config": 'x password="pw";' } }, 41.26);
  expect(secured[4]).toBe(
    "  Security                           SASL_SSL (SCRAM-SHA-512, the stack's CA); client settings: the secret outputs adminConfig, producerConfig, consumerConfig",
  );
  expect(secured).toHaveLength(9);
  expect(secured.join("\n")).not.toContain("pw");
});

test("resourceSummary: one line per type of real resource, the library's components left out", () => {
  expect(
    resourceSummary([
      { type: "docker:index/container:Container", name: "b1" },
      { type: "docker:index/container:Container", name: "ui" },
      { type: "cdc-kafka:index:KafkaStack", name: "cdc-kafka-dev" },
      { type: "kafka:index/topic:Topic", name: "t" },
    ]),
  ).toEqual(["  Container: b1, ui", "  Topic: t"]);
});
