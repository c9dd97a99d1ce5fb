// A downstream stack (the Postgres/Debezium side of the pipeline) that builds the Kafka side itself with the
// KafkaStack component of the installed cdc-kafka package, and exports what its other resources would use.
import * as pulumi from "@pulumi/pulumi";
import { KafkaStack } from "cdc-kafka";

const config = new pulumi.Config();

const kafka = new KafkaStack(`kafka-${pulumi.getStack()}`, {
  // The image `npm run setup` of cdc-kafka builds offline; leave it out to use confluentinc/cp-kafka.
  kafkaImage: config.get("kafkaImage") ?? "cdc-kafka/kafka:3.6.2",
  uiEnabled: config.getBoolean("uiEnabled") ?? false,
  hostPort: config.getNumber("hostPort") ?? 29092,
});

// Every output of the Kafka stack under its own name (stackOutputs() is their one list), so a StackReference reads
// this stack like the cdc-kafka one: examples/cdc-pipeline's kafkaStack setting, for one.
export = kafka.stackOutputs();
