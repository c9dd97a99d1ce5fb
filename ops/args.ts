// Command-line arguments of the ops scripts (npm run up|down|preview|status|topics -- …). Pure: argv in, options out.
import { OpsError, USAGE_EXIT_CODE } from "./errors";

export type CommandName = "up" | "down" | "preview" | "status" | "topics";

export const DEFAULT_STACK = "dev";
/** How long status/topics wait for Kafka (and the quorum tool) before they report it as not answering. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface OpsOptions {
  stack: string;
  help: boolean;
  /** down: destroy without asking. */
  yes: boolean;
  /** down: also remove the stack and its history from the backend. */
  remove: boolean;
  /** up, preview, down: a stack config file to use instead of Pulumi.<stack>.yaml. */
  configFile?: string;
  /** preview: print the detailed diff of each resource. */
  diff: boolean;
  /** status, topics: print JSON instead of tables. */
  json: boolean;
  /** topics: include internal topics (__consumer_offsets, …). */
  all: boolean;
  timeoutSeconds: number;
  /** topics: list (default) or describe. */
  action: "list" | "describe";
  /** topics describe: the topics to describe (none = all). */
  topicNames: string[];
}

interface OptionSpec {
  flag: string;
  /** Name of the value it takes, if any (shown in usage). */
  value?: string;
  help: string;
  apply(options: OpsOptions, value: string): void;
}

const stackOption: OptionSpec = {
  flag: "--stack",
  value: "<name>",
  help: `the Pulumi stack (default ${DEFAULT_STACK})`,
  apply: (options, value) => (options.stack = value),
};
const configFileOption: OptionSpec = {
  flag: "--config-file",
  value: "<path>",
  help: "stack config file to use instead of Pulumi.<stack>.yaml",
  apply: (options, value) => (options.configFile = value),
};
const jsonOption: OptionSpec = { flag: "--json", help: "print JSON instead of tables", apply: (options) => (options.json = true) };
const timeoutOption: OptionSpec = {
  flag: "--timeout",
  value: "<seconds>",
  help: `how long to wait for Kafka to answer (default ${DEFAULT_TIMEOUT_SECONDS})`,
  apply: (options, value) => {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new OpsError(`--timeout takes a positive number of seconds, not ${JSON.stringify(value)}.`, USAGE_EXIT_CODE);
    }
    options.timeoutSeconds = seconds;
  },
};

const COMMAND_OPTIONS: Record<CommandName, OptionSpec[]> = {
  up: [stackOption, configFileOption],
  preview: [
    stackOption,
    configFileOption,
    { flag: "--diff", help: "show each resource's detailed diff", apply: (options) => (options.diff = true) },
  ],
  down: [
    stackOption,
    configFileOption,
    { flag: "--yes", help: "destroy without asking (required when not on a terminal)", apply: (options) => (options.yes = true) },
    { flag: "--remove", help: "also remove the stack and its history from the backend", apply: (options) => (options.remove = true) },
  ],
  status: [stackOption, jsonOption, timeoutOption],
  topics: [
    stackOption,
    jsonOption,
    timeoutOption,
    { flag: "--all", help: "include internal topics (__consumer_offsets, …)", apply: (options) => (options.all = true) },
  ],
};

const SHORT_FLAGS: Record<string, string> = { "-s": "--stack", "-y": "--yes", "-h": "--help" };

const SUMMARIES: Record<CommandName, string> = {
  up: "Runs the toolchain setup, then deploys the stack (creating it if needed) with live progress and prints its addresses.",
  down: "Destroys every resource of the stack (asks first on a terminal).",
  preview: "Shows what `npm run up` would change, without changing anything.",
  status: "Brokers, controller quorum, topics and consumer groups as tables; exits 1 when the cluster is unhealthy.",
  topics: "Lists the cluster's topics, or describes them (partitions, leaders, ISR, offsets, configs).",
};

function defaults(): OpsOptions {
  return {
    stack: DEFAULT_STACK,
    help: false,
    yes: false,
    remove: false,
    diff: false,
    json: false,
    all: false,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    action: "list",
    topicNames: [],
  };
}

/** `npm run <command> -- <argv>` as options; a UsageError-type OpsError names the mistake and the valid options. */
export function parseArgs(command: CommandName, argv: readonly string[]): OpsOptions {
  const options = defaults();
  const specs = COMMAND_OPTIONS[command];
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const [rawFlag, inlineValue] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const flag = SHORT_FLAGS[rawFlag] ?? rawFlag;
    if (flag === "--help") {
      options.help = true;
      continue;
    }
    const spec = specs.find((candidate) => candidate.flag === flag);
    if (!spec) {
      throw new OpsError(`Unknown option ${rawFlag} for \`npm run ${command}\`; it takes ${specs.map(describeFlag).join(", ")}.`, USAGE_EXIT_CODE);
    }
    let value = inlineValue ?? "";
    if (spec.value && inlineValue === undefined) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith("-")) {
        throw new OpsError(`${flag} needs a value: \`npm run ${command} -- ${flag} ${spec.value}\`.`, USAGE_EXIT_CODE);
      }
      value = next;
      index++;
    } else if (!spec.value && inlineValue !== undefined) {
      throw new OpsError(`${flag} takes no value; write it alone, not ${arg}.`, USAGE_EXIT_CODE);
    }
    spec.apply(options, value);
  }
  if (options.stack === "") throw new OpsError("--stack needs a non-empty stack name.", USAGE_EXIT_CODE);
  applyPositionals(command, options, positionals);
  return options;
}

function applyPositionals(command: CommandName, options: OpsOptions, positionals: string[]): void {
  if (command === "topics") {
    const [action, ...names] = positionals;
    if (action === undefined || action === "list") {
      if (names.length > 0) {
        throw new OpsError(`\`npm run topics -- list\` takes no topic names; use \`npm run topics -- describe ${names.join(" ")}\`.`, USAGE_EXIT_CODE);
      }
      return;
    }
    if (action !== "describe") {
      throw new OpsError(
        `Unknown topics action ${JSON.stringify(action)}; use \`npm run topics\` (list) or \`npm run topics -- describe [topic …]\`.`,
        USAGE_EXIT_CODE,
      );
    }
    options.action = "describe";
    options.topicNames = names;
    return;
  }
  if (positionals.length > 0) {
    throw new OpsError(
      `\`npm run ${command}\` takes no arguments besides its options (got ${positionals.join(" ")}); to pick a stack, write \`--stack ${positionals[0]}\`.`,
      USAGE_EXIT_CODE,
    );
  }
}

function describeFlag(spec: OptionSpec): string {
  return spec.value ? `${spec.flag} ${spec.value}` : spec.flag;
}

/** The --help text of a command. */
export function usage(command: CommandName): string {
  const synopsis = command === "topics" ? "npm run topics -- [list | describe [topic …]] [options]" : `npm run ${command} -- [options]`;
  const specs = [...COMMAND_OPTIONS[command], { flag: "--help", help: "show this help" } as OptionSpec];
  const width = Math.max(...specs.map((spec) => describeFlag(spec).length));
  const lines = specs.map((spec) => `  ${describeFlag(spec).padEnd(width)}  ${spec.help}`);
  return [`Usage: ${synopsis}`, "", SUMMARIES[command], "", "Options:", ...lines, ""].join("\n");
}

/** A typed answer to a yes/no question counts as yes only when it says so. */
export function isConfirmation(answer: string): boolean {
  return /^\s*(y|yes)\s*$/i.test(answer);
}
