// The downstream examples compile against the library's public types: `tsc --noEmit` on examples/, in a child
// process so that the time limit really stops it.
import { execFile } from "child_process";
import * as path from "path";

const root = path.join(__dirname, "../..");
const limitMs = 120_000;

test(
  "examples/component and examples/stackReference type-check",
  async () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(process.execPath, [tsc, "--noEmit", "-p", "examples/tsconfig.json"], { cwd: root, timeout: limitMs }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(result).toEqual({ code: 0, output: "" });
  },
  limitMs + 10_000,
);
