// The Kafka side of the pipeline, either of two ways: built here with the KafkaStack component, or read from an
// already deployed Kafka stack through a StackReference. Both give the same typed outputs, so the rest of the
// program does not care which.
import * as pulumi from "@pulumi/pulumi";
import { KafkaStack, type KafkaStackOutputValues } from "cdc-kafka";

type Used = "networkName" | "hostBootstrapServers" | "internalBootstrapServers" | "topicNames" | "replicationFactor" | "minInsyncReplicas" | "debeziumProducerConfig";

/** What the Postgres/Debezium side reads of the Kafka side, plus what its containers must wait for. */
export type KafkaSide = { [K in Used]: pulumi.Output<KafkaStackOutputValues[K]> } & { ready: pulumi.Resource[] };

/** A Kafka stack of this project's own, with one broker on `hostPort`; the UI is left out. */
export function ownKafka(name: string, kafkaImage: string, hostPort: number): KafkaSide {
  const kafka = new KafkaStack(name, { kafkaImage, hostPort, uiEnabled: false });
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
    debeziumProducerConfig: output("debeziumProducerConfig"),
    ready: [],
  };
}
