// Downstream projects compile against what the package ships, not against the sources: the library's declarations are
// emitted with its build config into a package laid out as `npm pack` lays it out (package.json with its `exports`
// map, dist/), installed as node_modules/cdc-kafka of a scratch consumer, and every example is type-checked there
// with its own tsconfig. `tsc` runs in a child process so the time limit really stops it.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "../..");
const limitMs = 150_000;
const tsc = require.resolve("typescript/bin/tsc");
const examples = fs
  .readdirSync(path.join(root, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, "examples", entry.name, "tsconfig.json")))
  .map((entry) => entry.name);

function runTsc(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, ...args], { cwd, timeout: limitMs }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

let scratch: string;
let consumer: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cdc-kafka-consumer-"));
  // The consumer's node_modules: the repo's packages (the peer dependencies among them) plus the package itself, a
  // real directory as npm installs it, so its own imports resolve to the same peers.
  consumer = path.join(scratch, "consumer");
  const modules = path.join(consumer, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));
  }
  const pkg = path.join(modules, "cdc-kafka");
  fs.mkdirSync(pkg);
  fs.copyFileSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
  const emitted = await runTsc(["-p", "tsconfig.build.json", "--emitDeclarationOnly", "--outDir", path.join(pkg, "dist")], root);
  expect(emitted).toEqual({ code: 0, output: "" });
}, limitMs);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test("the packed layout has declarations for the three entry points and no sources", () => {
  const dist = path.join(consumer, "node_modules", "cdc-kafka", "dist");
  expect(fs.existsSync(path.join(dist, "index.d.ts"))).toBe(true);
  expect(fs.existsSync(path.join(dist, "kafkajsClient.d.ts"))).toBe(true);
  expect(fs.existsSync(path.join(dist, "strimzi", "index.d.ts"))).toBe(true);
  expect(fs.readdirSync(dist).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
});

test.each(examples)("examples/%s type-checks against the emitted declarations", async (example) => {
  const copy = path.join(consumer, example);
  fs.cpSync(path.join(root, "examples", example), copy, {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}node_modules`),
  });
  expect(await runTsc(["--noEmit", "-p", "tsconfig.json"], copy)).toEqual({ code: 0, output: "" });
}, limitMs);

test("a consumer that misuses the package's types is refused, so the check above is not vacuous", async () => {
  const misuse = path.join(consumer, "misuse");
  fs.mkdirSync(misuse);
  fs.copyFileSync(path.join(root, "examples", "component", "tsconfig.json"), path.join(misuse, "tsconfig.json"));
  fs.writeFileSync(
    path.join(misuse, "index.ts"),
    [
      'import { KafkaStack } from "cdc-kafka";',
      'import { sendAcknowledged } from "cdc-kafka/clients";',
      'import { StrimziKafkaStack } from "cdc-kafka/strimzi";',
      'new KafkaStack("k", { brokers: "three" });',
      "sendAcknowledged(42);",
      // Refused only if the Strimzi entry point resolves through the exports map with its types (else it is `any`).
      'new StrimziKafkaStack("k", { namespace: "kafka", brokers: "three" });',
      "",
    ].join("\n"),
  );
  const result = await runTsc(["--noEmit", "-p", "tsconfig.json"], misuse);
  expect(result.code).toBe(2);
  expect(result.output).toContain("index.ts(4,");
  expect(result.output).toContain("Type 'string' is not assignable to type 'number'");
  expect(result.output).toContain("index.ts(5,");
  expect(result.output).toContain("index.ts(6,");
  expect(result.output).not.toContain("Cannot find module");
}, limitMs);
