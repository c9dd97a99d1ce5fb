import * as path from "path";
import * as ts from "typescript";
import { listInputFiles } from "../../../toolchain/inputsKey";
import { repoRoot } from "../../../toolchain/paths";
import { kafkaUiImage } from "../../../toolchain/steps/images";

/** The repo's own source files (not node_modules, not TypeScript's libs) that compiling ui/tsconfig.json reads. */
function consoleSources(): string[] {
  const configFile = path.join(repoRoot, "ui", "tsconfig.json");
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, path.dirname(configFile));
  return ts
    .createProgram(parsed.fileNames, parsed.options)
    .getSourceFiles()
    .map((file) => path.relative(repoRoot, file.fileName))
    .filter((file) => !file.startsWith("..") && !file.split(path.sep).includes("node_modules"))
    .sort();
}

test("every file the console image compiles is an input of its cache key, so setup rebuilds the image when one changes", () => {
  const sources = consoleSources();
  const inputs = new Set(listInputFiles(repoRoot, kafkaUiImage.inputs));
  expect(sources.filter((file) => !inputs.has(file))).toEqual([]);
  // The console shares the library's Java-properties → kafkajs conversion, from outside ui/.
  expect(sources).toEqual(expect.arrayContaining(["ui/main.ts", "ui/config.ts", "components/clientConfig.ts"]));
});
