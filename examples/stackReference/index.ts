// A downstream stack that reads a deployed Kafka stack (the cdc-kafka project, or any project exporting
// KafkaStack.stackOutputs()) through a StackReference, typed by the package's KafkaStackOutputValues, and declares a
// topic of its own on that cluster with the same at-least-once topic settings as the CDC topics.
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { topicConfig, type KafkaStackOutputValues } from "cdc-kafka";

const config = new pulumi.Config();
// On the local file backend a stack is addressed as organization/<project>/<stack>.
const kafkaStack = new pulumi.StackReference(config.get("kafkaStack") ?? `organization/cdc-kafka/${pulumi.getStack()}`);

/** One output of the Kafka stack, typed by the library's description of its outputs. */
function kafkaOutput<K extends keyof KafkaStackOutputValues>(name: K): pulumi.Output<KafkaStackOutputValues[K]> {
  return kafkaStack.requireOutput(name) as pulumi.Output<KafkaStackOutputValues[K]>;
}

const provider = new kafka.Provider("kafka", {
  bootstrapServers: kafkaOutput("hostBootstrapServers").apply((servers) => servers.split(",")),
  tlsEnabled: false,
});

// A downstream team's own topic (e.g. the search indexer's output), with the CDC topics' delivery settings.
const topicSettings = pulumi
  .all([kafkaOutput("replicationFactor"), kafkaOutput("minInsyncReplicas")])
  .apply(([replicationFactor, minInsyncReplicas]) => ({ partitions: 3, replicationFactor, minInsyncReplicas, retentionMs: 604_800_000, cleanupPolicy: "delete" }));
const indexed = new kafka.Topic(
  "search-indexed-videos",
  {
    name: "search.indexed.videos",
    partitions: topicSettings.partitions,
    replicationFactor: topicSettings.replicationFactor,
    config: topicSettings.apply(topicConfig),
  },
  { provider },
);

/** Settings to register the Debezium Postgres connector with: the tables behind the CDC topics, producer overrides. */
export const connectorConfig = pulumi
  .all([kafkaOutput("topicNames"), kafkaOutput("debeziumProducerConfig")])
  .apply(([topics, overrides]) => ({
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "dbserver",
    // Topic dbserver.public.videos carries table public.videos.
    "table.include.list": topics.map((topic) => topic.split(".").slice(1).join(".")).join(","),
    ...overrides,
  }));
export const network = kafkaOutput("networkName");
export const topicName = indexed.name;
