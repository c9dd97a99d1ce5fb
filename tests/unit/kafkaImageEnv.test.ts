// The local Kafka image's environment contract, checked by running its real scripts with bash (no Docker): KAFKA_*
// variables become broker properties by cp-kafka 7.6's rules, and the entry point refuses KRaft without CLUSTER_ID.
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";

const dockerDir = path.resolve(__dirname, "../../toolchain/images/kafka/docker");
const envToProperties = path.join(dockerDir, "env-to-properties.sh");

/** Runs env-to-properties.sh with exactly `vars` (plus PATH) in its environment and returns its lines. */
function properties(vars: Record<string, string>): string[] {
  const output = execFileSync("bash", [envToProperties], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...vars } });
  return output.toString().split("\n").filter((line) => line !== "");
}

describe("env-to-properties.sh", () => {
  test.each([
    ["single underscores become dots", { KAFKA_LOG_RETENTION_HOURS: "168" }, ["log.retention.hours=168"]],
    ["names are lowercased", { KAFKA_NODE_ID: "1" }, ["node.id=1"]],
    [
      "double underscores become one underscore",
      { KAFKA_LISTENER_NAME_SASL__SSL_SASL_ENABLED_MECHANISMS: "PLAIN" },
      ["listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN"],
    ],
    [
      "triple underscores become a dash",
      { KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___256_SASL_JAAS_CONFIG: "x" },
      ["listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=x"],
    ],
    [
      "values are kept verbatim, '=' and spaces included",
      { KAFKA_SASL_JAAS_CONFIG: 'org.example.Login required user="a=b" pass="c d";' },
      ['sasl.jaas.config=org.example.Login required user="a=b" pass="c d";'],
    ],
    ["an empty value is written as an empty property", { KAFKA_ADVERTISED_LISTENERS: "" }, ["advertised.listeners="]],
    [
      "the one irregular name keeps cp-kafka's spelling",
      { KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET: "org.apache.zookeeper.ClientCnxnSocketNetty" },
      ["zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty"],
    ],
    [
      "CONFLUENT_SUPPORT_* becomes confluent.support.*",
      { CONFLUENT_SUPPORT_METRICS_ENABLE: "false" },
      ["confluent.support.metrics.enable=false"],
    ],
    [
      "output is sorted by property name",
      { KAFKA_PROCESS_ROLES: "broker,controller", KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:29093", KAFKA_LOG_DIRS: "/d" },
      ["controller.quorum.voters=1@localhost:29093", "log.dirs=/d", "process.roles=broker,controller"],
    ],
  ])("%s", (_name, vars, expected) => {
    expect(properties(vars)).toEqual(expected);
  });

  test.each([
    "KAFKA_VERSION",
    "KAFKA_HEAP_OPTS",
    "KAFKA_LOG4J_OPTS",
    "KAFKA_OPTS",
    "KAFKA_JMX_OPTS",
    "KAFKA_JVM_PERFORMANCE_OPTS",
    "KAFKA_GC_LOG_OPTS",
    "KAFKA_LOG4J_ROOT_LOGLEVEL",
    "KAFKA_LOG4J_LOGGERS",
    "KAFKA_TOOLS_LOG4J_LOGLEVEL",
  ])("%s configures the JVM or logging, not the broker, so it is skipped", (name) => {
    expect(properties({ [name]: "-Xmx1g", KAFKA_NODE_ID: "1" })).toEqual(["node.id=1"]);
  });

  test.each([
    ["CLUSTER_ID", "MkU3OEVBNTcwNTJENDM2Qg"],
    ["KAFKAESQUE", "1"],
    ["MY_KAFKA_SETTING", "1"],
    ["KAFKA_", "1"],
    ["HOME", "/home/appuser"],
  ])("%s is not a KAFKA_ property and is ignored", (name, value) => {
    expect(properties({ [name]: value })).toEqual([]);
  });
});

describe("entry point", () => {
  test("refuses KRaft mode without CLUSTER_ID, naming it, before writing any file", () => {
    const result = spawnSync("bash", [path.join(dockerDir, "run")], {
      env: { PATH: process.env.PATH, KAFKA_PROCESS_ROLES: "broker,controller", KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.toString()).toMatch(/^CLUSTER_ID is required because KAFKA_PROCESS_ROLES is set \(KRaft mode\); set CLUSTER_ID to .*\.\n$/);
  });
});
