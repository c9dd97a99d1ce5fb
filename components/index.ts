// The library's public surface: the components, their argument and output types, and the pure helpers a downstream
// stack or test may want (settings, validation, client configs, labels, the broker healthcheck).
export * from "./kafkaNetwork";
export * from "./kafkaBroker";
export * from "./kafkaUi";
export * from "./cdcTopics";
export * from "./kafkaStack";
export * from "./kafkaConnector";
export * from "./config";
export * from "./brokerEnv";
export * from "./topicConfig";
export * from "./clientConfig";
export * from "./labels";
export * from "./brokerHealthcheck";
