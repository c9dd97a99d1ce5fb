import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// transpile.js reads the cache location when it loads, so the variable is set first.
const cache = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));
process.env.CDC_KAFKA_CACHE = cache;
const { inRepository, transpiled } = require("../../../toolchain/transpile") as {
  inRepository(filename: string): boolean;
  transpiled(filename: string): string;
};

const root = path.resolve(__dirname, "../../..");

afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

test.each([
  [path.join(root, "ops", "up.ts"), true],
  [path.join(root, "program.ts"), true],
  [path.join(root, "node_modules", "@pulumi", "pulumi", "index.ts"), false],
  [path.join(os.tmpdir(), "elsewhere.ts"), false],
  [`${root}-other${path.sep}x.ts`, false],
])("inRepository(%s) = %s", (filename, expected) => {
  expect(inRepository(filename)).toBe(expected);
});

test("transpiled: CommonJS without types, cached by content, a changed file transpiled again", () => {
  const dir = fs.mkdtempSync(path.join(cache, "src-"));
  const file = path.join(dir, "m.ts");
  fs.writeFileSync(file, "export const answer: number = 42;\n");
  const first = transpiled(file);
  expect(first).toContain("exports.answer = 42;");
  expect(first).not.toContain(": number");
  const cachedFiles = () => fs.readdirSync(path.join(cache, "transpiled"));
  expect(cachedFiles()).toHaveLength(1);
  expect(transpiled(file)).toBe(first);
  expect(cachedFiles()).toHaveLength(1);
  fs.writeFileSync(file, "export const answer: number = 43;\n");
  expect(transpiled(file)).toContain("exports.answer = 43;");
  expect(cachedFiles()).toHaveLength(2);
});
