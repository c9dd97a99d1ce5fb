// The offline language host's pure half: where it finds the engine, and the exact command line and environment it
// gives the program's own @pulumi/pulumi/cmd/run (flag for flag what the real pulumi-language-nodejs passes).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  engineAddressFromArgs,
  exitMessage,
  locateRunModule,
  ProgramRun,
  runArguments,
  runEnvironment,
  runtimeOptions,
  splitShellWords,
} from "../../../toolchain/plugins/language-nodejs/program";

const run: ProgramRun = {
  monitorAddress: "127.0.0.1:1001",
  engineAddress: "127.0.0.1:1002",
  organization: "organization",
  project: "shop",
  stack: "dev",
  rootDirectory: "/p",
  programDirectory: "/p/src",
  entryPoint: ".",
  dryRun: false,
  parallel: 16,
  args: [],
  config: { "shop:who": "world" },
  configSecretKeys: ["shop:token"],
  options: { typescript: true, nodeArgs: [] },
};

describe("engineAddressFromArgs", () => {
  test.each([
    [["127.0.0.1:4242"], "127.0.0.1:4242"],
    [["--logtostderr", "-v=9", "127.0.0.1:4242"], "127.0.0.1:4242"],
    [["--tracing", "http://127.0.0.1:1", "127.0.0.1:4242"], "127.0.0.1:4242"],
    [["-root=/p", "-tracing", "file:/t.json", "-typescript", "localhost:1"], "localhost:1"],
    [["-v", "9", "--", "127.0.0.1:5"], "127.0.0.1:5"],
  ])("%j -> %s", (args, expected) => {
    expect(engineAddressFromArgs(args)).toBe(expected);
  });

  test("without an address it says how the host is meant to be started", () => {
    expect(() => engineAddressFromArgs(["--logtostderr", "--tracing", "x"])).toThrow(
      "pulumi-language-nodejs needs the Pulumi engine's address as its last argument " +
        "(e.g. `pulumi-language-nodejs 127.0.0.1:4242`); let the Pulumi CLI start it.",
    );
  });
});

describe("runArguments", () => {
  test("a preview: every flag the real host passes, then the entry point", () => {
    expect(runArguments({ ...run, dryRun: true }, "/sdk/cmd/run/index.js")).toEqual([
      "/sdk/cmd/run/index.js",
      "--monitor", "127.0.0.1:1001",
      "--engine", "127.0.0.1:1002",
      "--organization", "organization",
      "--project", "shop",
      "--root-directory", "/p",
      "--stack", "dev",
      "--pwd", "/p/src",
      "--dry-run",
      "--parallel", "16",
      ".",
    ]);
  });

  test("an update names Pulumi.yaml's main and passes the program's arguments after it; empty flags are left out", () => {
    const args = runArguments({ ...run, organization: "", entryPoint: "stack.ts", args: ["--verbose"] }, "/r.js");
    expect(args).not.toContain("--organization");
    expect(args).not.toContain("--dry-run");
    expect(args.slice(-2)).toEqual(["stack.ts", "--verbose"]);
  });
});

describe("runEnvironment", () => {
  test("config and secret keys as JSON, TypeScript on by default", () => {
    expect(runEnvironment(run)).toEqual({
      PULUMI_CONFIG: '{"shop:who":"world"}',
      PULUMI_CONFIG_SECRET_KEYS: '["shop:token"]',
      PULUMI_NODEJS_TYPESCRIPT: "true",
    });
  });

  test("typescript: false and a tsconfig option", () => {
    const env = runEnvironment({ ...run, options: { typescript: false, tsconfig: "tsconfig.pulumi.json", nodeArgs: [] } });
    expect(env.PULUMI_NODEJS_TYPESCRIPT).toBeUndefined();
    expect(env.PULUMI_NODEJS_TSCONFIG_PATH).toBe("tsconfig.pulumi.json");
  });
});

describe("runtimeOptions", () => {
  test.each([
    [{}, { typescript: true, tsconfig: undefined, nodeArgs: [] }],
    [{ typescript: false }, { typescript: false, tsconfig: undefined, nodeArgs: [] }],
    [{ nodeargs: "--max-old-space-size=4096 --no-warnings" }, { typescript: true, tsconfig: undefined, nodeArgs: ["--max-old-space-size=4096", "--no-warnings"] }],
    [{ tsconfig: "" }, { typescript: true, tsconfig: undefined, nodeArgs: [] }],
  ])("%j", (options, expected) => {
    expect(runtimeOptions(options)).toEqual(expected);
  });
});

describe("splitShellWords", () => {
  test.each([
    ["", []],
    ["  a   b ", ["a", "b"]],
    [`--require "./my hooks.js" -r 'x y'`, ["--require", "./my hooks.js", "-r", "x y"]],
    [`a\\ b "q\\"x" ''`, ["a b", 'q"x', ""]],
  ])("%j", (text, words) => {
    expect(splitShellWords(text)).toEqual(words);
  });

  test("an unclosed quote is refused with the text", () => {
    expect(() => splitShellWords(`--inspect "x`)).toThrow('runtime option nodeargs has an unclosed ": --inspect "x');
  });
});

describe("locateRunModule", () => {
  test("finds cmd/run from the program's own node_modules", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "lh-locate-"));
    try {
      const run = path.join(project, "node_modules", "@pulumi", "pulumi", "cmd", "run");
      fs.mkdirSync(run, { recursive: true });
      fs.writeFileSync(path.join(run, "index.js"), "");
      expect(locateRunModule(path.join(project), {})).toBe(path.join(run, "index.js"));
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  test("without an installed SDK it says what to run", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "lh-locate-"));
    try {
      expect(() => locateRunModule(project, {})).toThrow(
        `It looks like the Pulumi SDK has not been installed: @pulumi/pulumi/cmd/run cannot be found from ${project}. ` +
          "Have you run npm install or yarn install?",
      );
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

test.each([
  [1, null, "Program exited with non-zero exit code: 1"],
  [null, "SIGKILL", "Program exited unexpectedly: killed by SIGKILL"],
] as const)("exitMessage(%p, %p)", (code, signal, message) => {
  expect(exitMessage(code, signal)).toBe(message);
});
