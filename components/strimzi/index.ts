// The Strimzi flavour's entry point ("cdc-kafka/strimzi"): the components that register Strimzi resources through
// @pulumi/kubernetes (an optional peer dependency, loaded only here), and the pure renderers and settings behind them,
// for programs that apply the resources their own way.
export * from "./settings";
export * from "./resource";
export * from "./listeners";
export * from "./kafka";
export * from "./topics";
export * from "./users";
export * from "./caGeneration";
export * from "./clusterCa";
export * from "./readiness";
export * from "./connect";
export * from "./stack";
export * from "./debeziumConnect";
