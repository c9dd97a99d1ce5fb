// The addresses status and topics need, taken from the stack's outputs (never hard-coded). Pure.
import { npmCommand } from "./render";
import { OpsError } from "./errors";
import { STACK_LABEL } from "../components/labels";

export interface StackAddresses {
  stack: string;
  hostBootstrapServers: string;
  internalBootstrapServers: string;
  brokerContainerNames: string[];
  topicNames: string[];
  uiUrl?: string;
  clusterName?: string;
  clusterId?: string;
  /** The `cdc-kafka.stack` label on every Docker object of the stack (its `labels` output), when exported. */
  stackLabel?: string;
  /** The at-least-once client settings the stack exports (Java property names), for produce and consume. */
  producerConfig?: Record<string, string>;
  consumerConfig?: Record<string, string>;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === "string");
const optionalString = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The stack's plain output values as addresses. A stack without outputs was never deployed (or was destroyed); one
 * without these outputs is not a cdc-kafka stack: both get a sentence saying what to do.
 */
export function addressesFromOutputs(stack: string, outputs: Record<string, unknown>): StackAddresses {
  if (Object.keys(outputs).length === 0) {
    throw new OpsError(`Stack ${stack} is not deployed (it has no outputs); deploy it with \`${npmCommand("up", stack)}\`.`);
  }
  const { hostBootstrapServers, internalBootstrapServers, brokerContainerNames, topicNames } = outputs;
  if (typeof hostBootstrapServers !== "string" || typeof internalBootstrapServers !== "string" || !isStringArray(brokerContainerNames)) {
    throw new OpsError(
      `Stack ${stack} has no hostBootstrapServers, internalBootstrapServers or brokerContainerNames output, so it is not a cdc-kafka stack; pick another with --stack.`,
    );
  }
  return {
    stack,
    hostBootstrapServers,
    internalBootstrapServers,
    brokerContainerNames,
    topicNames: isStringArray(topicNames) ? topicNames : [],
    uiUrl: optionalString(outputs.uiUrl),
    clusterName: optionalString(outputs.clusterName),
    clusterId: optionalString(outputs.clusterId),
    stackLabel: isStringRecord(outputs.labels) ? optionalString(outputs.labels[STACK_LABEL]) : undefined,
    producerConfig: isStringRecord(outputs.producerConfig) ? outputs.producerConfig : undefined,
    consumerConfig: isStringRecord(outputs.consumerConfig) ? outputs.consumerConfig : undefined,
  };
}
