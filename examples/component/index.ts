// A downstream stack (the Debezium side of the pipeline) that builds the Kafka side itself with the KafkaStack
// component and runs Kafka Connect on the brokers' network. Outside this repo: import { KafkaStack } from "cdc-kafka".
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { KafkaStack } from "../../components";

const kafka = new KafkaStack("cdc-pipeline-kafka", {
  // The images `npm run setup` builds; leave both out to use confluentinc/cp-kafka and kafbat's UI.
  kafkaImage: "cdc-kafka/kafka:3.6.2",
  uiImage: "cdc-kafka/kafka-ui:local",
  hostPort: 29092,
  uiPort: 28080,
});

// The Connect worker: its own topics, and permission for connectors to carry the producer overrides below.
const worker: Record<string, string> = {
  GROUP_ID: "cdc-connect",
  CONFIG_STORAGE_TOPIC: "connect-configs",
  OFFSET_STORAGE_TOPIC: "connect-offsets",
  STATUS_STORAGE_TOPIC: "connect-status",
  CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY: "All",
};
// Connect bootstraps from the INTERNAL listeners on the brokers' network, once the brokers are healthy.
const connect = new docker.Container(
  "debezium-connect",
  {
    image: "quay.io/debezium/connect:2.6",
    networksAdvanced: [{ name: kafka.networkName }],
    envs: [
      pulumi.interpolate`BOOTSTRAP_SERVERS=${kafka.internalBootstrapServers}`,
      ...Object.entries(worker).map(([name, value]) => `${name}=${value}`),
    ],
    ports: [{ internal: 8083, external: 8083, ip: "127.0.0.1" }],
  },
  { dependsOn: kafka.brokers },
);

/** Settings to register the Postgres connector with: at-least-once producer overrides included. */
export const connectorConfig = kafka.debeziumProducerConfig.apply((overrides) => ({
  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
  "topic.prefix": "dbserver",
  "table.include.list": "public.videos,public.users,public.comments",
  ...overrides,
}));
export const connectContainer = connect.name;
export const hostBootstrapServers = kafka.hostBootstrapServers;
export const uiUrl = kafka.uiUrl;
