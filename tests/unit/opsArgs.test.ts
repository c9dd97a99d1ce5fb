import { CommandName, DEFAULT_TIMEOUT_SECONDS, isConfirmation, OpsOptions, parseArgs, usage } from "../../ops/args";
import { OpsError, USAGE_EXIT_CODE } from "../../ops/errors";

const defaults: OpsOptions = {
  stack: "dev",
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

describe("parseArgs", () => {
  test.each<[CommandName, string[], Partial<OpsOptions>]>([
    ["up", [], {}],
    ["up", ["--stack", "ops-try"], { stack: "ops-try" }],
    ["up", ["--stack=ops-try", "--config-file", "/tmp/c.yaml"], { stack: "ops-try", configFile: "/tmp/c.yaml" }],
    ["preview", ["-s", "qa", "--diff"], { stack: "qa", diff: true }],
    ["down", ["--yes", "--remove"], { yes: true, remove: true }],
    ["down", ["-y"], { yes: true }],
    ["status", ["--json", "--timeout", "2.5"], { json: true, timeoutSeconds: 2.5 }],
    ["status", ["--help"], { help: true }],
    ["topics", [], { action: "list" }],
    ["topics", ["list", "--all"], { action: "list", all: true }],
    ["topics", ["describe"], { action: "describe", topicNames: [] }],
    ["topics", ["describe", "a.b", "c", "--stack", "it-1", "--json"], { action: "describe", topicNames: ["a.b", "c"], stack: "it-1", json: true }],
  ])("%s %j", (command, argv, expected) => {
    expect(parseArgs(command, argv)).toEqual({ ...defaults, ...expected });
  });

  test.each<[CommandName, string[], string]>([
    ["status", ["--bogus"], "Unknown option --bogus for `npm run status`; it takes --stack <name>, --json, --timeout <seconds>."],
    ["up", ["--yes"], "Unknown option --yes for `npm run up`; it takes --stack <name>, --config-file <path>."],
    ["down", ["--json"], "Unknown option --json for `npm run down`; it takes --stack <name>, --config-file <path>, --yes, --remove."],
    ["status", ["--stack"], "--stack needs a value: `npm run status -- --stack <name>`."],
    ["status", ["--stack", "--json"], "--stack needs a value: `npm run status -- --stack <name>`."],
    ["status", ["--stack="], "--stack needs a non-empty stack name."],
    ["status", ["--json=yes"], "--json takes no value; write it alone, not --json=yes."],
    ["status", ["--timeout", "soon"], '--timeout takes a positive number of seconds, not "soon".'],
    ["status", ["--timeout", "0"], '--timeout takes a positive number of seconds, not "0".'],
    ["status", ["dev"], "`npm run status` takes no arguments besides its options (got dev); to pick a stack, write `--stack dev`."],
    ["topics", ["show"], 'Unknown topics action "show"; use `npm run topics` (list) or `npm run topics -- describe [topic …]`.'],
    ["topics", ["list", "a"], "`npm run topics -- list` takes no topic names; use `npm run topics -- describe a`."],
  ])("%s %j fails: %s", (command, argv, message) => {
    expect(() => parseArgs(command, argv)).toThrow(new OpsError(message));
    try {
      parseArgs(command, argv);
    } catch (error) {
      expect((error as OpsError).exitCode).toBe(USAGE_EXIT_CODE);
    }
  });

  test("usage lists each option of the command with its help, aligned", () => {
    expect(usage("down").split("\n")).toEqual([
      "Usage: npm run down -- [options]",
      "",
      "Destroys every resource of the stack (asks first on a terminal).",
      "",
      "Options:",
      "  --stack <name>        the Pulumi stack (default dev)",
      "  --config-file <path>  stack config file to use instead of Pulumi.<stack>.yaml",
      "  --yes                 destroy without asking (required when not on a terminal)",
      "  --remove              also remove the stack and its history from the backend",
      "  --help                show this help",
      "",
    ]);
  });
});

describe("isConfirmation", () => {
  test.each([
    ["y", true],
    ["YES", true],
    [" yes \n", true],
    ["", false],
    ["n", false],
    ["yes please", false],
    ["dev", false],
  ])("%j → %s", (answer, expected) => {
    expect(isConfirmation(answer)).toBe(expected);
  });
});
