// Command-line arguments of the ops scripts (npm run up|down|preview|status|topics|stop|start|produce|consume -- …). Pure: argv in, options out.
import { OpsError, USAGE_EXIT_CODE } from "./errors";

export type CommandName = "up" | "down" | "preview" | "status" | "topics" | "stop" | "start" | "produce" | "consume" | "create-topics";

export const DEFAULT_STACK = "dev";
/** How long status/topics wait for Kafka (and the quorum tool) before they report it as not answering. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** How long start waits for the brokers to report healthy (the stack's brokerWaitTimeoutSeconds default). */
export const DEFAULT_START_TIMEOUT_SECONDS = 180;
/** The consumer group of `npm run consume` when --group is not given. */
export const DEFAULT_CONSUMER_GROUP = "cdc-kafka-consume";

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
  /** produce, consume: the topic to write or read. */
  topic?: string;
  /** produce: how many generated messages to send (instead of lines from --file or stdin). */
  count?: number;
  /** produce: a file whose lines are the messages. */
  file?: string;
  /** consume: the consumer group (default DEFAULT_CONSUMER_GROUP). */
  group?: string;
  /** consume: move the group to the oldest records before reading. */
  fromBeginning?: boolean;
  /** consume: stop after this many records. */
  max?: number;
  /** consume: print only the count, not the records. */
  countOnly?: boolean;
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

function positiveInteger(flag: string, what: string, value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new OpsError(`${flag} takes a positive whole number of ${what}, not ${JSON.stringify(value)}.`, USAGE_EXIT_CODE);
  }
  return parsed;
}

const topicOption: OptionSpec = { flag: "--topic", value: "<name>", help: "the topic (required)", apply: (options, value) => (options.topic = value) };
const startTimeoutOption: OptionSpec = {
  ...timeoutOption,
  help: `how long to wait for the brokers to report healthy (default ${DEFAULT_START_TIMEOUT_SECONDS})`,
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
  stop: [stackOption],
  "create-topics": [
    stackOption,
    configFileOption,
    { flag: "--yes", help: "delete topics the config no longer declares without asking", apply: (options) => (options.yes = true) },
  ],
  start: [stackOption, startTimeoutOption],
  produce: [
    stackOption,
    topicOption,
    { flag: "--count", value: "<n>", help: "send n generated messages (keys msg-1 … msg-n)", apply: (options, value) => (options.count = positiveInteger("--count", "messages", value)) },
    { flag: "--file", value: "<path>", help: "send the file's lines (default: the lines of stdin)", apply: (options, value) => (options.file = value) },
    timeoutOption,
  ],
  consume: [
    stackOption,
    topicOption,
    { flag: "--group", value: "<id>", help: `the consumer group (default ${DEFAULT_CONSUMER_GROUP})`, apply: (options, value) => (options.group = value) },
    { flag: "--from-beginning", help: "move the group to the oldest records first", apply: (options) => (options.fromBeginning = true) },
    { flag: "--max", value: "<n>", help: "stop after n records", apply: (options, value) => (options.max = positiveInteger("--max", "records", value)) },
    { flag: "--count-only", help: "print the count instead of the records", apply: (options) => (options.countOnly = true) },
    {
      ...timeoutOption,
      help: `stop after this many seconds without a new record (default ${DEFAULT_TIMEOUT_SECONDS})`,
    },
  ],
};

const SHORT_FLAGS: Record<string, string> = { "-s": "--stack", "-y": "--yes", "-h": "--help" };

const SUMMARIES: Record<CommandName, string> = {
  up: "Runs the toolchain setup, then deploys the stack (creating it if needed) with live progress and prints its addresses.",
  down: "Destroys every resource of the stack (asks first on a terminal).",
  preview: "Shows what `npm run up` would change, without changing anything.",
  status: "Brokers, controller quorum, topics and consumer groups as tables; exits 1 when the cluster is unhealthy.",
  topics: "Lists the cluster's topics, or describes them (partitions, leaders, ISR, offsets, configs).",
  "create-topics": "Creates, updates and (after asking) deletes topics so the cluster has exactly the declared set with its configs; nothing else changes.",
  stop: "Stops the stack's containers (brokers, UI); data volumes, config and Pulumi state stay, and `npm run start` brings them back.",
  start: "Starts the stopped containers of the stack again (the same containers, with every record) and waits until the brokers are healthy.",
  produce: "Sends messages with keys to a topic with the stack's at-least-once producer settings; prints acknowledged and failed counts.",
  consume: "Reads a topic as a consumer group, committing each record's offset after it is printed.",
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
  if (command === "start") options.timeoutSeconds = DEFAULT_START_TIMEOUT_SECONDS;
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
  if ((command === "produce" || command === "consume") && !options.help) checkMessagingOptions(command, options);
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

function checkMessagingOptions(command: "produce" | "consume", options: OpsOptions): void {
  if (options.topic === undefined || options.topic === "") {
    throw new OpsError(`\`npm run ${command}\` needs the topic: \`npm run ${command} -- --topic <name>\` (\`npm run topics\` lists them).`, USAGE_EXIT_CODE);
  }
  if (command === "produce" && options.count !== undefined && options.file !== undefined) {
    throw new OpsError("--count and --file are two sources of messages; give one of them.", USAGE_EXIT_CODE);
  }
  if (command === "consume" && options.group === undefined) options.group = DEFAULT_CONSUMER_GROUP;
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

/** `npm run <command>` with the --stack option only when it is not the default stack. */
export function npmCommand(command: string, stack: string): string {
  return stack === DEFAULT_STACK ? `npm run ${command}` : `npm run ${command} -- --stack ${stack}`;
}

/** A typed answer to a yes/no question counts as yes only when it says so. */
export function isConfirmation(answer: string): boolean {
  return /^\s*(y|yes)\s*$/i.test(answer);
}
