// The Postgres → Debezium side of the video platform's CDC pipeline, as a downstream project of the cdc-kafka
// package: Postgres with the videos/users/comments tables, a Kafka Connect worker on the Kafka network, and the
// Debezium connector writing every row change to dbserver.public.<table>, exactly once by default (config delivery).
import * as pulumi from "@pulumi/pulumi";
import {
  capturedTables,
  DEBEZIUM_SIGNAL_TABLE,
  DEBEZIUM_TOPIC_PREFIX,
  DEFAULT_PIPELINE_DELIVERY,
  GeneratedPassword,
  type PipelineDelivery,
  pipelineDeliveryProblem,
  stackLabels,
  type SecurityMode,
} from "cdc-kafka";
import { connectAddress, CONNECT_REST_USER, ConnectWorker, debeziumConnector, isSecuredCluster } from "./connect";
import { CapturedTablesCheck, SnapshotSignal } from "./debeziumDatabase";
import { ownKafka, referencedKafka } from "./kafkaSide";
import { Postgres } from "./postgres";

const config = new pulumi.Config();
const stack = pulumi.getStack();
const name = `pipeline-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
const labels = stackLabels(pulumi.getProject(), stack);
const database = config.get("postgresDb") ?? "videoplatform";
const user = config.get("postgresUser") ?? "cdc";
const password = config.requireSecret("postgresPassword");

const connectName = `${name}-connect`;

// exactly-once (the default): each change event once, offsets committed with it; at-least-once: duplicates after a
// fault. Neither loses a change event.
const deliveryProblem = pipelineDeliveryProblem(config.get("delivery"));
if (deliveryProblem) throw new Error(deliveryProblem);
const delivery = (config.get("delivery") ?? DEFAULT_PIPELINE_DELIVERY) as PipelineDelivery;

// Either path gives the same outputs: set kafkaStack to read a deployed Kafka stack instead of building one. On a
// secured Kafka stack (security sasl_ssl here, or the referenced stack's own setting) everything below connects
// through its client settings.
const kafkaStack = config.get("kafkaStack");
const security = config.get("security") as SecurityMode | undefined;
if (kafkaStack && security !== undefined) {
  throw new Error(`security configures the Kafka stack this project builds; ${kafkaStack} keeps its own, so drop security or kafkaStack.`);
}
// On a secured Kafka stack the worker's REST API asks for a login with a generated password (a secret in state; on a
// plaintext stack it exists unused, so securing the stack later needs no new resource). The UI of this project's own
// Kafka stack logs in with it too (that stack is secured by `security` alone).
const connectRestPassword = new GeneratedPassword(`${name}-connect-rest-password`);
const uiConnectLogin = security === "sasl_ssl" ? { username: CONNECT_REST_USER, password: connectRestPassword.result } : {};

const kafka = kafkaStack
  ? referencedKafka(kafkaStack)
  : ownKafka(`${name}-kafka`, {
      kafkaImage: config.get("kafkaImage") ?? "confluentinc/cp-kafka:7.6.1",
      hostPort: config.getNumber("kafkaHostPort") ?? 39092,
      uiImage: config.get("uiImage"),
      uiPort: config.getNumber("uiPort") ?? 38080,
      connect: { name: connectName, address: connectAddress(connectName), ...uiConnectLogin },
      security,
      hostBindIp: config.get("hostBindIp"),
      advertisedHost: config.get("advertisedHost"),
    });

// Whether the Kafka side is secured, its client settings say (a referenced stack keeps its own setting).
const restLogin = pulumi
  .all([kafka.producerConfig, connectRestPassword.result])
  .apply(([producerConfig, password]) => (isSecuredCluster(producerConfig) ? { username: CONNECT_REST_USER, password } : undefined));

const postgres = new Postgres(`${name}-postgres`, {
  image: config.get("postgresImage") ?? "quay.io/debezium/postgres:15",
  networkName: kafka.networkName,
  database,
  user,
  password,
  hostPort: config.getNumber("postgresPort") ?? 35432,
  labels,
});

const connect = new ConnectWorker(connectName, {
  image: config.get("connectImage") ?? "quay.io/debezium/connect:3.1",
  kafka,
  hostPort: config.getNumber("connectPort") ?? 38083,
  labels,
  dependsOn: [postgres.container],
  delivery,
  databasePassword: password,
  restLogin,
});

const slotName = `debezium_${stack.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
// Pulumi reaches the database on its published port.
const databaseConnection = { host: "127.0.0.1", port: postgres.container.ports.apply((ports) => ports?.[0]?.external ?? 0), database, user, password };
const tables = kafka.topicNames.apply((topics) => capturedTables(topics, DEBEZIUM_TOPIC_PREFIX));
// Before the connector: a table that does not exist (or has no primary key) is one sentence, not a connector that
// captures nothing.
const tablesCheck = new CapturedTablesCheck(`${name}-captured-tables`, { ...databaseConnection, tables, signalTable: DEBEZIUM_SIGNAL_TABLE }, { dependsOn: [postgres.container] });
const connector = debeziumConnector(
  `${name}-debezium`,
  {
    connect,
    kafka,
    postgresHost: postgres.containerName,
    database,
    user,
    slotName,
    delivery,
  },
  { dependsOn: [tablesCheck] },
);

// The connector streams from its slot's start and takes its first snapshot incrementally, once asked: the rows that
// were there before it (none on a new database) arrive as `op: r` reads, interleaved with the stream, and a crash
// during that snapshot loses no change (exactly once resumes it after its last chunk; at least once may read rows again).
const snapshotSignal = new SnapshotSignal(
  `${name}-initial-snapshot`,
  {
    ...databaseConnection,
    slotName,
    table: DEBEZIUM_SIGNAL_TABLE,
    tables,
  },
  { dependsOn: [connector] },
);

export const hostBootstrapServers = kafka.hostBootstrapServers;
export const topicNames = kafka.topicNames;
export const postgresContainer = postgres.containerName;
export const postgresUrl = pulumi.interpolate`postgresql://${user}@${databaseConnection.host}:${databaseConnection.port}/${database}`;
export const connectUrl = connect.url;
// The login Connect's REST API asks for on a secured stack (a secret); undefined when the API is open.
export const connectRestLogin = connect.restLogin;
// The Kafka UI with its Connect view of this worker; absent when the Kafka side is a StackReference.
export const uiUrl = kafka.uiUrl;
// The UI's login (a secret; on by default on a secured stack); absent when the UI has none.
export const uiLogin = kafka.uiLogin;
export const connectContainer = connect.container.name;
export const connectorName = connector.connectorName;
export const connectorState = connector.connectorState;
export const connectGroupId = connect.groupId;
// How readers of dbserver.public.* connect (on a secured stack the consumer principal's settings, a secret).
export const consumerConfig = kafka.consumerConfig;
export const replicationSlot = slotName;
// The last snapshot signal sent: the connector's first snapshot, or that of tables added since (see debeziumDatabase.ts).
export const lastSnapshotSignalId = snapshotSignal.lastSignalId;
export const pipelineDelivery = delivery;
