// The README's Quickstart block as npm script runs: what the quickstart test runs literally, and the dev stack file
// turned into one for a test stack (same settings, other names and ports), so a user's dev stack is untouched.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";

export interface QuickstartStep {
  /** The line as the README has it, without its comment. */
  line: string;
  script: string;
  args: string[];
}

/** The `npm run` lines of the first bash block under `## Quickstart`; other lines (`open <url>`) are for a person. */
export function quickstartSteps(readme: string): QuickstartStep[] {
  const section = readme.split(/^## Quickstart\s*$/m)[1];
  if (section === undefined) throw new Error("README.md has no `## Quickstart` section");
  const block = /```bash\n([\s\S]*?)```/.exec(section.split(/^## /m)[0]);
  if (!block) throw new Error("README.md's Quickstart has no ```bash block");
  return block[1]
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("npm run "))
    .map((line) => {
      const [script, ...rest] = line.slice("npm run ".length).split(/\s+/);
      const args = rest[0] === "--" ? rest.slice(1) : rest;
      return { line, script, args };
    });
}

export function readmeQuickstart(): QuickstartStep[] {
  return quickstartSteps(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8"));
}

/** Pulumi.dev.yaml with the stack's own name prefix, cluster name and host ports; every other setting as it is. */
export function devStackFileFor(stackName: string, hostPort: number, uiPort: number): string {
  const dev = fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8");
  const replaced = dev
    // The committed salt is the development passphrase's; without it the CLI makes one for whatever passphrase runs.
    .replace(/^encryptionsalt:.*\n/m, "")
    .replace(/^(\s*cdc-kafka:namePrefix:).*$/m, `$1 cdc-${stackName}`)
    .replace(/^(\s*cdc-kafka:clusterName:).*$/m, `$1 cdc-${stackName}`)
    .replace(/^(\s*cdc-kafka:hostPort:).*$/m, `$1 ${hostPort}`)
    .replace(/^(\s*cdc-kafka:uiPort:).*$/m, `$1 ${uiPort}`);
  for (const key of ["namePrefix", "clusterName", "hostPort", "uiPort"]) {
    if (!new RegExp(`^\\s*cdc-kafka:${key}:`, "m").test(dev)) throw new Error(`Pulumi.dev.yaml sets no cdc-kafka:${key}; the test stack would share the dev stack's`);
  }
  return replaced;
}
