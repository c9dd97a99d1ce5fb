// The Kafka side of the CDC pipeline on Kubernetes, as a downstream project of the cdc-kafka package: a Strimzi Kafka
// cluster with the CDC topics (and, secured, the stack's CA, SCRAM principals and ACLs), exporting the outputs a
// Postgres/Debezium stack reads; with connectImage set, also the Debezium pipeline (Kafka Connect built by Strimzi with
// the Debezium plugin, and the connector). Needs the Strimzi 1.2 cluster operator watching the namespace.
import * as pulumi from "@pulumi/pulumi";
import { StrimziDebeziumConnect, StrimziKafkaStack, type StrimziSettingsArgs } from "cdc-kafka/strimzi";

const config = new pulumi.Config();

const kafka = new StrimziKafkaStack("cdc", {
  namespace: config.get("namespace") ?? "kafka",
  brokers: config.getNumber("brokers") ?? 1,
  security: config.get("security") as StrimziSettingsArgs["security"],
  externalListener: config.get("externalListener") as StrimziSettingsArgs["externalListener"],
  awaitReady: config.getBoolean("awaitReady"),
  readyTimeoutSeconds: config.getNumber("readyTimeoutSeconds"),
});

const connectImage = config.get("connectImage");
if (connectImage !== undefined) {
  new StrimziDebeziumConnect("cdc-pipeline", {
    kafka,
    outputImage: connectImage,
    pushSecret: config.get("pushSecret"),
    databaseHost: config.require("databaseHost"),
    databaseName: config.get("databaseName") ?? "videoplatform",
    databaseUser: config.get("databaseUser") ?? "cdc",
    databasePassword: config.requireSecret("postgresPassword"),
  });
}

export const {
  internalBootstrapServers,
  hostBootstrapServers,
  clusterName,
  namespace,
  kafkaVersion,
  topicNames,
  replicationFactor,
  minInsyncReplicas,
  security,
  caCertificate,
  producerConfig,
  debeziumProducerConfig,
  consumerConfig,
  adminConfig,
} = kafka.stackOutputs();
