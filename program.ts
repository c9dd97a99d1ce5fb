// The stack program: read the `cdc-kafka:` config, validate all of it, check that this machine can host it (preflight),
// build one KafkaStack, return its outputs. index.ts exports what it returns (for `pulumi up`); the ops scripts and
// tests run it inline (Automation API).
import * as pulumi from "@pulumi/pulumi";
import {
  defaultNamePrefix,
  KafkaStack,
  KafkaStackOutputs,
  resolveKafkaSettings,
  stackLabels,
  STACK_LABEL,
  throwIfInvalid,
  validateKafkaSettings,
} from "./components";
import { HostProbe, hostProbe, preflightProblems } from "./preflight";
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

/**
 * Throws one error listing every config problem before any resource is registered, then one listing every reason
 * this machine cannot host the stack. `probe` is the machine to check (the real one by default; null skips the
 * checks, as unit tests with mocks do).
 */
export async function kafkaStackProgram(probe: HostProbe | null = hostProbe()): Promise<KafkaStackOutputs> {
  const { config, errors } = parseStackConfig(rawStackConfig(), CONFIG_NAMESPACE);
  const { namePrefix, ...settings } = config;
  const name = namePrefix ?? defaultNamePrefix(pulumi.getStack());
  throwIfInvalid([...errors, ...validateKafkaSettings(name, settings, "namePrefix")]);
  if (probe) {
    const context = {
      stackLabel: stackLabels(pulumi.getProject(), pulumi.getStack())[STACK_LABEL],
      namespace: CONFIG_NAMESPACE,
      localImages: { prefix: "cdc-kafka/", command: "npm run setup" },
    };
    throwIfInvalid(await preflightProblems(resolveKafkaSettings(name, settings), context, probe));
  }
  return new KafkaStack(name, settings).stackOutputs();
}
