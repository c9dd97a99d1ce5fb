// How the Kubernetes parts are cached: a part is built once per key into a directory of its own, its files linked
// where tests find them; warm, the check only links; a new key builds again and moves the links; a failed build leaves
// nothing the check would take for a finished one.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cachedPartStep, CachedPart, kubernetesBinDir } from "../../../toolchain/steps/kubernetes";
import { StepContext } from "../../../toolchain/steps/step";

let cache: string;
let context: StepContext;
let key: string;
let builds: number;
let failWith: string | undefined;

const part: CachedPart = {
  name: "test-part",
  files: ["tool", "tool.yaml"],
  key: () => key,
  async make(_, dir) {
    builds++;
    fs.writeFileSync(path.join(dir, "tool"), `tool for ${key}`);
    if (failWith) throw new Error(failWith);
    fs.writeFileSync(path.join(dir, "tool.yaml"), "stages");
  },
};
const step = cachedPartStep(part);
const linked = (file: string) => fs.readFileSync(path.join(kubernetesBinDir(cache), file), "utf8");

beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "cached-part-"));
  context = { repoRoot: cache, cacheDir: cache, logDir: cache, env: {} };
  key = "a".repeat(64);
  builds = 0;
  failWith = undefined;
});

afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

test("cold, the check finds nothing; the build makes the files under the key and links them", async () => {
  expect(await step.check(context)).toBeUndefined();
  expect(await step.build(context, path.join(cache, "log"))).toBe(`built ${path.join(cache, "test-part", "a".repeat(16))} (tool 0 MB, tool.yaml 0 MB)`);
  expect(linked("tool")).toBe(`tool for ${key}`);
  expect(linked("tool.yaml")).toBe("stages");
  expect(fs.readdirSync(path.join(cache, "test-part"))).toEqual(["a".repeat(16)]);
});

test("warm, the check uses the build of the same key and builds nothing", async () => {
  await step.build(context, path.join(cache, "log"));
  fs.rmSync(path.join(kubernetesBinDir(cache), "tool"));
  expect(await step.check(context)).toBe(`cached ${path.join(cache, "test-part", "a".repeat(16))}`);
  expect(linked("tool")).toBe(`tool for ${key}`);
  expect(builds).toBe(1);
});

test("a new key is not taken for built; its build moves the links", async () => {
  await step.build(context, path.join(cache, "log"));
  key = "b".repeat(64);
  expect(await step.check(context)).toBeUndefined();
  await step.build(context, path.join(cache, "log"));
  expect(linked("tool")).toBe(`tool for ${key}`);
  expect(builds).toBe(2);
});

test("a failed build leaves no directory under the key, so the next check builds again", async () => {
  failWith = "go build exited with 1";
  await expect(step.build(context, path.join(cache, "log"))).rejects.toThrow("go build exited with 1");
  expect(await step.check(context)).toBeUndefined();
  failWith = undefined;
  await step.build(context, path.join(cache, "log"));
  expect(await step.check(context)).toBe(`cached ${path.join(cache, "test-part", "a".repeat(16))}`);
  expect(fs.readdirSync(path.join(cache, "test-part"))).toEqual(["a".repeat(16)]);
});
