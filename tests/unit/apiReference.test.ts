// The API reference (`npm run docs:api`, TypeDoc over the package's three entry points) cannot drift from the code:
// TypeDoc's validation with typedoc.json's settings passes, and the same settings fail on an undocumented export.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";

const typedoc = path.join(repoRoot, "node_modules", "typedoc", "bin", "typedoc");

/** TypeDoc's validation only (no output written) with the options file `options`; its exit code and output. */
function validate(options = path.join(repoRoot, "typedoc.json")): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [typedoc, "--options", options, "--emit", "none"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

test("typedoc.json covers the entry points package.json exports", () => {
  const settings = JSON.parse(fs.readFileSync(path.join(repoRoot, "typedoc.json"), "utf8"));
  const exported = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).exports;
  const sources = Object.values(exported)
    .filter((target): target is { types: string } => typeof target === "object")
    .map((target) => target.types.replace(/^\.\/dist\//, "components/").replace(/\.d\.ts$/, ".ts"));
  expect(sources).toHaveLength(3);
  expect([...settings.entryPoints].sort()).toEqual([...sources].sort());
  expect(settings).toEqual(expect.objectContaining({ treatWarningsAsErrors: true, validation: expect.objectContaining({ notDocumented: true }) }));
});

test("every export of the package is documented and every {@link} resolves", () => {
  const { code, output } = validate();
  expect({ code, output }).toEqual({ code: 0, output: expect.not.stringMatching(/warning|error/i) });
}, 120_000);

test("the same settings fail on an export without documentation", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-reference-"));
  try {
    fs.writeFileSync(path.join(dir, "index.ts"), "/** Documented. */\nexport const documented = 1;\nexport function undocumented(): number {\n  return 2;\n}\n");
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ["index.ts"] }));
    // The repo's settings with only the program swapped (TypeDoc's options file takes the tsconfig over the CLI's).
    const options = { extends: [path.join(repoRoot, "typedoc.json")], entryPoints: ["index.ts"], tsconfig: "tsconfig.json" };
    fs.writeFileSync(path.join(dir, "typedoc.json"), JSON.stringify(options));
    const { code, output } = validate(path.join(dir, "typedoc.json"));
    expect(code).not.toBe(0);
    expect(output).toMatch(/^\[warning\] undocumented \(CallSignature\), defined in .*index\.ts, does not have any documentation$/m);
    expect(output).not.toMatch(/\bdocumented \(Variable\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
