// The Connect image's environment contract (quay.io/debezium/connect's), checked by running its real scripts with
// bash (no Docker) beside the Kafka image's env -> properties scripts, as the image lays them out in /opt/kafka/docker.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const images = path.resolve(__dirname, "../../toolchain/images");
const scripts = ["connect/docker/connect-properties.sh", "connect/docker/run", "kafka/docker/env-to-properties.sh", "kafka/docker/log4j-properties.sh"];
let dockerDir: string;

beforeAll(() => {
  dockerDir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-docker-"));
  for (const script of scripts) fs.copyFileSync(path.join(images, script), path.join(dockerDir, path.basename(script)));
});

afterAll(() => fs.rmSync(dockerDir, { recursive: true, force: true }));

/** Runs connect-properties.sh with exactly `vars` (plus PATH) in its environment and returns its lines. */
function generated(kind: "worker" | "log4j", vars: Record<string, string>): string[] {
  const output = execFileSync("bash", [path.join(dockerDir, "connect-properties.sh"), kind], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...vars },
  });
  return output.toString().split("\n").filter((line) => line !== "");
}

const required = { BOOTSTRAP_SERVERS: "kafka:29092", CONFIG_STORAGE_TOPIC: "cfg", OFFSET_STORAGE_TOPIC: "off" };

/** Debezium's defaults with the required settings, `changes` applied (undefined removes a property), sorted. */
function workerWith(changes: Record<string, string | undefined>): string[] {
  const properties: Record<string, string | undefined> = {
    "bootstrap.servers": "kafka:29092",
    "config.storage.replication.factor": "1",
    "config.storage.topic": "cfg",
    "group.id": "1",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    listeners: "http://:8083",
    "offset.flush.interval.ms": "60000",
    "offset.flush.timeout.ms": "5000",
    "offset.storage.replication.factor": "1",
    "offset.storage.topic": "off",
    "plugin.path": "/kafka/connect",
    "status.storage.replication.factor": "1",
    "status.storage.topic": "connect-status",
    "task.shutdown.graceful.timeout.ms": "10000",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    ...changes,
  };
  return Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .sort();
}

describe("connect-properties.sh worker", () => {
  test("with only the required settings it writes Debezium's defaults: JSON converters, one replica, /kafka/connect", () => {
    expect(generated("worker", required)).toEqual(workerWith({}));
  });

  test.each([
    ["GROUP_ID", { GROUP_ID: "cdc" }, { "group.id": "cdc" }],
    ["STATUS_STORAGE_TOPIC", { STATUS_STORAGE_TOPIC: "st" }, { "status.storage.topic": "st" }],
    [
      "*_STORAGE_REPLICATION_FACTOR",
      { CONFIG_STORAGE_REPLICATION_FACTOR: "3", OFFSET_STORAGE_REPLICATION_FACTOR: "3", STATUS_STORAGE_REPLICATION_FACTOR: "2" },
      { "config.storage.replication.factor": "3", "offset.storage.replication.factor": "3", "status.storage.replication.factor": "2" },
    ],
    [
      "KEY_CONVERTER and VALUE_CONVERTER",
      { KEY_CONVERTER: "org.apache.kafka.connect.storage.StringConverter", VALUE_CONVERTER: "x.Avro" },
      { "key.converter": "org.apache.kafka.connect.storage.StringConverter", "value.converter": "x.Avro" },
    ],
    ["REST_PORT (the listener; Kafka 3 has no rest.port)", { REST_PORT: "8084" }, { listeners: "http://:8084" }],
    ["REST_HOST_NAME", { REST_HOST_NAME: "0.0.0.0" }, { listeners: "http://0.0.0.0:8083" }],
    [
      "ADVERTISED_HOST_NAME and ADVERTISED_PORT",
      { ADVERTISED_HOST_NAME: "connect-1", ADVERTISED_PORT: "18083" },
      { "rest.advertised.host.name": "connect-1", "rest.advertised.port": "18083" },
    ],
    ["SHUTDOWN_TIMEOUT", { SHUTDOWN_TIMEOUT: "30000" }, { "task.shutdown.graceful.timeout.ms": "30000" }],
    [
      "OFFSET_FLUSH_INTERVAL_MS and OFFSET_FLUSH_TIMEOUT_MS",
      { OFFSET_FLUSH_INTERVAL_MS: "1000", OFFSET_FLUSH_TIMEOUT_MS: "2000" },
      { "offset.flush.interval.ms": "1000", "offset.flush.timeout.ms": "2000" },
    ],
  ])("Debezium's shorthand %s sets its property", (_name, vars, changes) => {
    expect(generated("worker", { ...required, ...vars })).toEqual(workerWith(changes));
  });

  test.each([
    [
      "a CONNECT_* variable becomes a property: prefix dropped, lowercase, '_' -> '.'",
      { CONNECT_SCHEDULED_REBALANCE_MAX_DELAY_MS: "5000", CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: "All" },
      { "scheduled.rebalance.max.delay.ms": "5000", "connector.client.config.override.policy": "All" },
    ],
    [
      "converter schemas stay JsonConverter's default unless set",
      { CONNECT_KEY_CONVERTER_SCHEMAS_ENABLE: "false", CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: "false" },
      { "key.converter.schemas.enable": "false", "value.converter.schemas.enable": "false" },
    ],
    [
      "values are kept verbatim, '=' and spaces included",
      { CONNECT_PRODUCER_SASL_JAAS_CONFIG: 'x.Login required username="a=b" password="c d";' },
      { "producer.sasl.jaas.config": 'x.Login required username="a=b" password="c d";' },
    ],
    ["a CONNECT_* variable sets what has a shorthand when the shorthand is unset", { CONNECT_GROUP_ID: "g" }, { "group.id": "g" }],
    ["a set shorthand wins over its CONNECT_* variable, as in Debezium's image", { GROUP_ID: "short", CONNECT_GROUP_ID: "long" }, { "group.id": "short" }],
    ["CONNECT_LISTENERS is used without REST_PORT or REST_HOST_NAME", { CONNECT_LISTENERS: "http://:9000" }, { listeners: "http://:9000" }],
    ["CONNECT_PLUGIN_PATH replaces /kafka/connect", { CONNECT_PLUGIN_PATH: "/plugins" }, { "plugin.path": "/plugins" }],
    ["an empty shorthand is unset, as in Debezium's image", { GROUP_ID: "" }, {}],
  ])("%s", (_name, vars, changes) => {
    expect(generated("worker", { ...required, ...vars })).toEqual(workerWith(changes));
  });

  test.each([
    ["HEAP_OPTS", "-Xmx1g"],
    ["KAFKA_HEAP_OPTS", "-Xmx1g"],
    ["LOG_LEVEL", "DEBUG"],
    ["CONNECT_LOG4J_LOGGERS", "org.apache.kafka=DEBUG"],
    ["CONNECT_LOG4J_APPENDER_STDOUT_THRESHOLD", "WARN"],
    ["CONNECT_HEAP_OPTS", "-Xmx1g"],
  ])("%s configures the JVM or logging, not the worker", (name, value) => {
    expect(generated("worker", { ...required, [name]: value })).toEqual(workerWith({}));
  });
});

describe("connect-properties.sh log4j", () => {
  test("logs to stdout at INFO, quiets reflections' plugin scan, and takes LOG_LEVEL, CONNECT_LOG4J_LOGGERS and CONNECT_LOG4J_*", () => {
    const plain = generated("log4j", {});
    expect(plain).toContain("log4j.rootLogger=INFO, stdout");
    expect(plain).toContain("log4j.logger.org.reflections=ERROR");

    const tuned = generated("log4j", {
      LOG_LEVEL: "WARN",
      CONNECT_LOG4J_LOGGERS: "org.apache.kafka.connect.runtime.rest=DEBUG,io.debezium=TRACE",
      CONNECT_LOG4J_APPENDER_STDOUT_THRESHOLD: "INFO",
    });
    expect(tuned).toContain("log4j.rootLogger=WARN, stdout");
    expect(tuned.slice(-4)).toEqual([
      "log4j.logger.org.reflections=ERROR",
      "log4j.logger.org.apache.kafka.connect.runtime.rest=DEBUG",
      "log4j.logger.io.debezium=TRACE",
      "log4j.appender.stdout.threshold=INFO",
    ]);
  });
});

describe("entry point", () => {
  test("refuses to start without the brokers and the config and offset topics, naming each in a sentence", () => {
    const result = spawnSync("bash", [path.join(dockerDir, "run")], { env: { PATH: process.env.PATH, GROUP_ID: "cdc" } });
    expect(result.status).toBe(1);
    expect(result.stderr.toString()).toBe(
      [
        "BOOTSTRAP_SERVERS is required; set it to the brokers' listeners on the container's network, e.g. kafka:29092.",
        "CONFIG_STORAGE_TOPIC is required; set it to the compacted one-partition topic the Connect cluster keeps connector configurations in, e.g. connect-configs.",
        "OFFSET_STORAGE_TOPIC is required; set it to the compacted topic the Connect cluster keeps source offsets in, e.g. connect-offsets.",
        "",
      ].join("\n"),
    );
  });

  test("accepts the CONNECT_* spelling of a required setting", () => {
    const result = spawnSync("bash", [path.join(dockerDir, "run")], {
      env: { PATH: process.env.PATH, CONNECT_BOOTSTRAP_SERVERS: "kafka:29092", CONFIG_STORAGE_TOPIC: "cfg" },
    });
    expect(result.stderr.toString()).toBe(
      "OFFSET_STORAGE_TOPIC is required; set it to the compacted topic the Connect cluster keeps source offsets in, e.g. connect-offsets.\n",
    );
  });
});
