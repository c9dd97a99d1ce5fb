// The package's main entry point ("cdc-kafka"): the components and the KafkaConnector resource, their argument and
// output types, and the pure helpers a downstream stack may want (settings, validation, client configs, topic configs,
// labels, the broker healthcheck, the Prometheus config and alerts). The kafkajs helpers are the separate entry point
// "cdc-kafka/clients".
export * from "./kafkaNetwork";
export * from "./kafkaBroker";
export * from "./kafkaUi";
export * from "./kafkaMetrics";
export * from "./cdcTopics";
export * from "./kafkaStack";
export * from "./kafkaConnector";
export * from "./kafkaAccess";
export * from "./tlsCertificates";
export * from "./generatedPassword";
export * from "./accessControl";
export * from "./clusterConnection";
export * from "./config";
export * from "./validation";
export * from "./imageReference";
export * from "./brokerEnv";
export * from "./prometheusConfig";
export * from "./topicConfig";
export * from "./clientConfig";
export * from "./connectDelivery";
export * from "./debeziumConnectorConfig";
export * from "./labels";
export * from "./brokerHealthcheck";
