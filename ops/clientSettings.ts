// How the ops scripts act as the stack's principals on a secured stack: the Java client settings as a properties file
// for the broker's own tools, and the consumer groups the consumer principal may use. Pure.
import { CONSUMER_GROUP_PREFIX } from "../components/accessControl";
import { StackAddresses } from "./outputs";

/** Whether these Java client settings leave PLAINTEXT (so a tool needs them as its --command-config). */
export function isSecured(config: Record<string, string> | undefined): config is Record<string, string> {
  return (config?.["security.protocol"] ?? "PLAINTEXT").toUpperCase() !== "PLAINTEXT";
}

/** `\`, line breaks and leading blanks escaped as java.util.Properties#load reads them back (a PEM spans lines). */
function escapeValue(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/^[ \t\f]/, (blank) => `\\${blank}`);
}

/** Java client settings as the text of a `.properties` file (a Kafka tool's --command-config). */
export function javaPropertiesText(config: Record<string, string>): string {
  return Object.entries(config)
    .map(([name, value]) => `${name}=${escapeValue(value)}\n`)
    .join("");
}

/**
 * Why `group` cannot be the consumer group of `npm run consume` on this stack, or undefined: on a secured stack the
 * consumer principal's ACLs allow only groups named with CONSUMER_GROUP_PREFIX.
 */
export function consumerGroupProblem(addresses: Pick<StackAddresses, "stack" | "security">, group: string): string | undefined {
  if (addresses.security !== "sasl_ssl" || group.startsWith(CONSUMER_GROUP_PREFIX)) return undefined;
  return `Stack ${addresses.stack} is secured and its consumer principal may only use consumer groups starting with ${CONSUMER_GROUP_PREFIX}; pick --group ${CONSUMER_GROUP_PREFIX}${group}.`;
}
