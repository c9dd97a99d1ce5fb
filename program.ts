// The stack program: read the `cdc-kafka:` config, validate all of it, build one KafkaStack, return its outputs.
// index.ts exports what it returns (for `pulumi up`); the ops scripts and tests run it inline (Automation API).
import * as pulumi from "@pulumi/pulumi";
import { defaultNamePrefix, KafkaStack, KafkaStackOutputs, throwIfInvalid, validateKafkaSettings } from "./components";
import { CONFIG_NAMESPACE, parseStackConfig } from "./stackConfig";

/** The raw values of every `cdc-kafka:` key, unknown ones included, so a misspelt key is reported instead of ignored. */
function rawStackConfig(): Record<string, string> {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const prefix = `${CONFIG_NAMESPACE}:`;
  const keys = Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  return Object.fromEntries(keys.map((key) => [key, config.require(key)]));
}

/** Throws one error listing every config problem before any resource is registered. */
export async function kafkaStackProgram(): Promise<KafkaStackOutputs> {
  const { config, errors } = parseStackConfig(rawStackConfig(), CONFIG_NAMESPACE);
  const { namePrefix, ...settings } = config;
  const name = namePrefix ?? defaultNamePrefix(pulumi.getStack());
  throwIfInvalid([...errors, ...validateKafkaSettings(name, settings, "namePrefix")]);
  return new KafkaStack(name, settings).stackOutputs();
}
