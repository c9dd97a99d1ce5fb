// A downstream stack (the Debezium side of the pipeline) that reads a deployed cdc-kafka stack's outputs through a
// StackReference and runs Kafka Connect on that stack's network. Outside this repo: import types from "cdc-kafka".
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaStackOutputValues } from "../../components";

const config = new pulumi.Config();
// On the local file backend a stack is addressed as organization/<project>/<stack>.
const kafka = new pulumi.StackReference(config.get("kafkaStack") ?? `organization/cdc-kafka/${pulumi.getStack()}`);

/** One output of the Kafka stack, typed by the library's description of its outputs. */
function kafkaOutput<K extends keyof KafkaStackOutputValues>(name: K): pulumi.Output<KafkaStackOutputValues[K]> {
  return kafka.requireOutput(name) as pulumi.Output<KafkaStackOutputValues[K]>;
}

const connect = new docker.Container("debezium-connect", {
  image: "quay.io/debezium/connect:2.6",
  networksAdvanced: [{ name: kafkaOutput("networkName") }],
  envs: [
    pulumi.interpolate`BOOTSTRAP_SERVERS=${kafkaOutput("internalBootstrapServers")}`,
    "GROUP_ID=cdc-connect",
    "CONFIG_STORAGE_TOPIC=connect-configs",
    "OFFSET_STORAGE_TOPIC=connect-offsets",
    "STATUS_STORAGE_TOPIC=connect-status",
    "CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY=All",
  ],
  ports: [{ internal: 8083, external: 8083, ip: "127.0.0.1" }],
});

/** Settings to register the Postgres connector with: the tables behind the declared topics, producer overrides. */
export const connectorConfig = pulumi
  .all([kafkaOutput("topicNames"), kafkaOutput("debeziumProducerConfig")])
  .apply(([topics, overrides]) => ({
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "dbserver",
    // Topic dbserver.public.videos carries table public.videos.
    "table.include.list": topics.map((topic) => topic.split(".").slice(1).join(".")).join(","),
    ...overrides,
  }));
export const connectContainer = connect.name;
