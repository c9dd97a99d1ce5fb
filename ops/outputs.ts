// The addresses status and topics need, taken from the stack's outputs (never hard-coded). Pure.
import { npmCommand } from "./render";
import { OpsError } from "./errors";

export interface StackAddresses {
  stack: string;
  hostBootstrapServers: string;
  internalBootstrapServers: string;
  brokerContainerNames: string[];
  topicNames: string[];
  uiUrl?: string;
  clusterName?: string;
  clusterId?: string;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
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
  };
}
