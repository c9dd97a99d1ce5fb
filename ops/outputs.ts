// The addresses status and topics need, taken from the stack's outputs (never hard-coded). Pure.
import type { KafkaStackOutputValues } from "../components/kafkaStack";
import { npmCommand } from "./args";
import { OpsError } from "./errors";
import { STACK_LABEL } from "../components/labels";

/**
 * What the ops scripts read of a stack: outputs named and typed by the library's KafkaStackOutputValues (so renaming
 * an output fails to compile here), the optional ones possibly absent from an older stack.
 */
export type StackAddresses = { stack: string } & Pick<
  KafkaStackOutputValues,
  "hostBootstrapServers" | "internalBootstrapServers" | "brokerContainerNames" | "topicNames"
> &
  Partial<Pick<KafkaStackOutputValues, "clusterName" | "clusterId" | "security" | "producerConfig" | "consumerConfig" | "adminConfig">> & {
    uiUrl?: string;
    /** The `cdc-kafka.stack` label on every Docker object of the stack (its `labels` output), when exported. */
    stackLabel?: string;
  };

/** A stack output by its name in KafkaStackOutputValues, unchecked (the callers check its shape). */
export function outputValue(outputs: Record<string, unknown>, name: keyof KafkaStackOutputValues): unknown {
  return outputs[name];
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");
const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === "string");
const optionalString = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const stringRecord = (value: unknown) => (isStringRecord(value) ? value : undefined);
const securityMode = (value: unknown) => (value === "plaintext" || value === "sasl_ssl" ? value : undefined);

/**
 * The stack's plain output values as addresses. A stack without outputs was never deployed (or was destroyed); one
 * without these outputs is not a cdc-kafka stack: both get a sentence saying what to do.
 */
export function addressesFromOutputs(stack: string, outputs: Record<string, unknown>): StackAddresses {
  if (Object.keys(outputs).length === 0) {
    throw new OpsError(`Stack ${stack} is not deployed (it has no outputs); deploy it with \`${npmCommand("up", stack)}\`.`);
  }
  const [hostBootstrapServers, internalBootstrapServers, brokerContainerNames, topicNames] = (
    ["hostBootstrapServers", "internalBootstrapServers", "brokerContainerNames", "topicNames"] as const
  ).map((name) => outputValue(outputs, name));
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
    uiUrl: optionalString(outputValue(outputs, "uiUrl")),
    clusterName: optionalString(outputValue(outputs, "clusterName")),
    clusterId: optionalString(outputValue(outputs, "clusterId")),
    stackLabel: stringRecord(outputValue(outputs, "labels"))?.[STACK_LABEL],
    producerConfig: stringRecord(outputValue(outputs, "producerConfig")),
    consumerConfig: stringRecord(outputValue(outputs, "consumerConfig")),
    adminConfig: stringRecord(outputValue(outputs, "adminConfig")),
    security: securityMode(outputValue(outputs, "security")),
  };
}
