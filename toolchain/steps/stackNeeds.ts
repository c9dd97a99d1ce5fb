// Which optional images the clone's stacks use, read from their stack files, so a first `npm run up` builds only what
// its stack runs: the UI unless a stack turns it off, Prometheus only where a stack turns the metrics server on.
import * as fs from "fs";
import * as path from "path";

export interface StackNeeds {
  ui: boolean;
  prometheus: boolean;
}

/**
 * A boolean setting of the `cdc-kafka:` namespace in a stack file's text, as Pulumi writes it (`pulumi config set`
 * quotes it: `"false"`), or undefined when the file does not set it (a commented-out line sets nothing).
 */
export function configBoolean(stackFile: string, key: string): boolean | undefined {
  const setting = new RegExp(`^\\s+cdc-kafka:${key}:\\s*(["']?)(true|false)\\1\\s*(#.*)?$`, "m").exec(stackFile);
  return setting ? setting[2] === "true" : undefined;
}

/** What the stacks of these stack files use; with none, a stack with the defaults (the UI on, no metrics server). */
export function stackNeeds(stackFiles: string[]): StackNeeds {
  const files = stackFiles.length > 0 ? stackFiles : [""];
  return {
    ui: files.some((file) => configBoolean(file, "uiEnabled") !== false),
    prometheus: files.some((file) => configBoolean(file, "metricsServerEnabled") === true),
  };
}

/** The text of every Pulumi.<stack>.yaml in the project directory. */
export function readStackFiles(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .filter((name) => /^Pulumi\.[^.]+\.yaml$/.test(name))
    .map((name) => fs.readFileSync(path.join(projectDir, name), "utf8"));
}
