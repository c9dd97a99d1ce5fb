// The Kafka side of the pipeline, either of two ways: built here with the KafkaStack component, or read from an
// already deployed Kafka stack through a StackReference. Both give the same typed outputs, so the rest of the
// program does not care which.
import * as pulumi from "@pulumi/pulumi";
import { KafkaStack, type KafkaStackOutputValues, type SecurityMode } from "cdc-kafka";

type Used =
  | "networkName"
  | "hostBootstrapServers"
  | "internalBootstrapServers"
  | "topicNames"
  | "replicationFactor"
  | "minInsyncReplicas"
  | "producerConfig"
  | "debeziumProducerConfig"
  | "consumerConfig"
  | "adminConfig";

/**
 * What the Postgres/Debezium side reads of the Kafka side, plus what its containers must wait for, and the UI's
 * address when this project runs the UI itself. On a secured Kafka stack the client settings carry each principal's
 * credentials and the stack's CA (secrets): the worker connects as `connect` (producerConfig), Pulumi manages Connect's
 * topics as `admin` (adminConfig), and readers of the change events use consumerConfig.
 */
export type KafkaSide = { [K in Used]: pulumi.Output<KafkaStackOutputValues[K]> } & {
  ready: pulumi.Resource[];
  uiUrl?: pulumi.Output<string | undefined>;
  uiLogin?: pulumi.Output<KafkaStackOutputValues["uiLogin"]>;
};

export interface OwnKafkaArgs {
  kafkaImage: string;
  /** The broker's host port. */
  hostPort: number;
  /** The UI's image; the library's default (kafbat) when absent. */
  uiImage?: string;
  uiPort: number;
  /**
   * The Connect worker the UI shows: its name, its REST API as the UI container reaches it on the network, and the
   * login that API asks for (a secured stack's).
   */
  connect: { name: string; address: string; username?: string; password?: pulumi.Input<string> };
  /** `sasl_ssl` for SASL_SSL listeners with SCRAM-SHA-512 and ACLs per principal; the library's default (plaintext) when absent. */
  security?: SecurityMode;
  /** The host address the broker and the UI are published on; the library's default (127.0.0.1) when absent. */
  hostBindIp?: string;
  /** The name or address clients off this host reach the broker by; the library's default when absent. */
  advertisedHost?: string;
}

/**
 * A Kafka stack of this project's own: one broker, and the UI with a Connect view of this project's worker (which
 * does not exist yet when the UI starts; the UI shows it once it answers).
 */
export function ownKafka(name: string, args: OwnKafkaArgs): KafkaSide {
  const kafka = new KafkaStack(name, {
    kafkaImage: args.kafkaImage,
    hostPort: args.hostPort,
    uiImage: args.uiImage,
    uiPort: args.uiPort,
    kafkaConnectName: args.connect.name,
    kafkaConnectAddress: args.connect.address,
    kafkaConnectUsername: args.connect.username,
    kafkaConnectPassword: args.connect.password,
    security: args.security,
    hostBindIp: args.hostBindIp,
    advertisedHost: args.advertisedHost,
  });
  return { ...kafka.stackOutputs(), ready: kafka.brokers };
}

/** The outputs of a deployed Kafka stack (`organization/<project>/<stack>` on a file backend). */
export function referencedKafka(stackName: string): KafkaSide {
  const stack = new pulumi.StackReference(stackName);
  const output = <K extends Used>(name: K) => stack.requireOutput(name) as pulumi.Output<KafkaStackOutputValues[K]>;
  return {
    networkName: output("networkName"),
    hostBootstrapServers: output("hostBootstrapServers"),
    internalBootstrapServers: output("internalBootstrapServers"),
    topicNames: output("topicNames"),
    replicationFactor: output("replicationFactor"),
    minInsyncReplicas: output("minInsyncReplicas"),
    producerConfig: output("producerConfig"),
    debeziumProducerConfig: output("debeziumProducerConfig"),
    consumerConfig: output("consumerConfig"),
    adminConfig: output("adminConfig"),
    ready: [],
  };
}
