// The whole repository type-checks (`npm run typecheck`): `pulumi up` runs the program without a type check
// (Pulumi.yaml's tsconfig sets noCheck, for a faster start), so a type error must fail the suite instead.
import { execFile } from "child_process";
import * as path from "path";

jest.setTimeout(180_000);

test("tsc -p tsconfig.json --noEmit reports no error (the program, the library, ops, ui, tests, bench)", async () => {
  const root = path.join(__dirname, "../..");
  const result = await new Promise<{ code: number; output: string }>((resolve) =>
    execFile(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"], { cwd: root, timeout: 170_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  expect(result).toEqual({ code: 0, output: "" });
});
