import { librarySpec } from "../../bench/brokerContainer";
import { composeDuration, composeFile, composeLiteral, createTopicsScript, specDifferences } from "../../bench/compose";
import { DATA_DIR, healthcheckPort } from "../../components/brokerEnv";
import { brokerHealthcheckTest } from "../../components/brokerHealthcheck";
import { topicSpecs } from "../../components/topicConfig";

const spec = (name = "bench-compose-1", hostPort = 19092) =>
  librarySpec({ name, hostPort, healthTest: brokerHealthcheckTest({ port: healthcheckPort(), dataDir: DATA_DIR }), intervalSeconds: 2, labels: { "cdc-kafka.test": "bench-ready-x" } });
const topics = topicSpecs(["a.b", "c.d"], { partitions: 3, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 1000, cleanupPolicy: "delete" });

test("composeLiteral doubles every $, so compose interpolates nothing", () => {
  expect(composeLiteral("a $b ${c} $$")).toBe("a $$b $${c} $$$$");
});

test.each([
  [2e9, "2000ms"],
  [5e8, "500ms"],
  [60e9, "60000ms"],
])("composeDuration(%d ns) = %s", (nanoseconds, expected) => {
  expect(composeDuration(nanoseconds)).toBe(expected);
});

test("createTopicsScript: one kafka-topics run per topic with its partitions, replicas and configs, chained with &&", () => {
  expect(createTopicsScript("b:29092", topics)).toBe(
    "kafka-topics --bootstrap-server b:29092 --create --topic a.b --partitions 3 --replication-factor 1 --config cleanup.policy=delete --config min.insync.replicas=1 --config retention.ms=1000" +
      " && kafka-topics --bootstrap-server b:29092 --create --topic c.d --partitions 3 --replication-factor 1 --config cleanup.policy=delete --config min.insync.replicas=1 --config retention.ms=1000",
  );
  expect(() => createTopicsScript("b:29092", [])).toThrow("needs at least one topic");
});

describe("composeFile", () => {
  const broker = spec();
  const file = JSON.parse(composeFile(broker, topics));

  test("the broker service: the spec's image, environment, healthcheck (every $ escaped), memory, port, volume, labels", () => {
    const service = file.services.broker;
    expect(service.image).toBe(broker.image);
    expect(service.container_name).toBe("bench-compose-1");
    expect(Object.entries(service.environment).map(([name, value]) => `${name}=${(value as string).replace(/\$\$/g, "$")}`)).toEqual(broker.env);
    expect(service.healthcheck.test.map((part: string) => part.replace(/\$\$/g, "$"))).toEqual(broker.healthcheck.Test);
    expect(service.healthcheck.test.join(" ")).not.toMatch(/(^|[^$])\$([^$]|$)/);
    expect(service.healthcheck.interval).toBe("2000ms");
    expect(service.mem_limit).toBe(broker.memoryBytes);
    expect(service.ports).toEqual(["127.0.0.1:19092:9092"]);
    expect(service.volumes).toEqual([`data:${DATA_DIR}`]);
    expect(service.labels).toEqual(broker.labels);
  });

  test("the init service waits for a healthy broker and creates the topics over the internal listener", () => {
    const init = file.services.topics;
    expect(init.depends_on).toEqual({ broker: { condition: "service_healthy" } });
    expect(init.image).toBe(broker.image);
    expect(init.entrypoint).toEqual(["bash", "-c"]);
    expect(init.command).toEqual([createTopicsScript("bench-compose-1:29092", topics)]);
  });

  test("the network and the volume carry the labels, so a failed run is removed by label", () => {
    expect(file.networks.default.labels).toEqual(broker.labels);
    expect(file.volumes.data.labels).toEqual(broker.labels);
  });
});

describe("specDifferences", () => {
  test("the same broker under another name and port does not differ", () => {
    expect(specDifferences(spec(), spec("cdc-cli-bench-up-9", 23456))).toEqual([]);
  });

  test("image, memory, healthcheck and environment differences are named", () => {
    const other = spec("other", 1234);
    const changed = {
      ...other,
      image: "confluentinc/cp-kafka:7.6.1",
      memoryBytes: 1,
      healthcheck: { ...other.healthcheck, Interval: 1e9 },
      env: [...other.env.filter((entry) => !entry.startsWith("KAFKA_HEAP_OPTS=")), "KAFKA_OPTS=-javaagent:x"],
    };
    expect(specDifferences(spec(), changed)).toEqual([
      "image confluentinc/cp-kafka:7.6.1, not cdc-kafka/kafka:3.6.2",
      `memory 1 B, not ${spec().memoryBytes} B`,
      "healthcheck interval 1000000000 ns, not 2000000000 ns",
      "KAFKA_HEAP_OPTS missing",
      "KAFKA_OPTS extra",
    ]);
  });
});
