// Destroys the integration stack and fails the run if anything carrying its label is left behind; removes the run's
// scratch directory.
import * as fs from "fs";
import { SCRATCH_DIR_ENV } from "../../support/downstream";
import { countByLabel, danglingAnonymousVolumes } from "../../support/docker";
import { DANGLING_BEFORE_ENV } from "./globalSetup";
import { destroyAndRemove, engineLog, testStack } from "../../support/deploy";
import { deployedStack } from "../helpers/stack";

export default async function globalTeardown(): Promise<void> {
  const scratch = process.env[SCRATCH_DIR_ENV];
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  const { stackName, stackLabel, config } = deployedStack();
  const stack = await testStack(stackName, config);
  await destroyAndRemove(stack, engineLog(stackName));
  const left = await countByLabel(stackLabel);
  console.log(`\nintegration stack ${stackName} destroyed; left with its label: ${JSON.stringify(left)}`);
  // Anonymous volumes carry no label, so the ones that became dangling during the run count as this run's: a test or
  // benchmark that removes a container without its anonymous volumes (the Kafka image declares two) fails the run.
  // On an engine shared with other runs, CDC_KAFKA_SHARED_DOCKER=1 reports them instead of failing.
  const before = new Set(JSON.parse(process.env[DANGLING_BEFORE_ENV] ?? "[]") as string[]);
  const dangling = (await danglingAnonymousVolumes()).filter((name) => !before.has(name));
  console.log(`dangling anonymous volumes new since the run started: ${dangling.length}${dangling.length > 0 ? ` (${dangling.map((name) => name.slice(0, 12)).join(", ")})` : ""}`);
  const problems = [
    left.containers + left.networks + left.volumes > 0 ? `Destroying ${stackName} left Docker objects labelled ${stackLabel}: ${JSON.stringify(left)}.` : undefined,
    dangling.length > 0 && process.env.CDC_KAFKA_SHARED_DOCKER !== "1"
      ? `The run left ${dangling.length} anonymous volume(s) dangling (${dangling.map((name) => name.slice(0, 12)).join(", ")}): a container was removed without its volumes (remove it with v: true / docker rm -v).`
      : undefined,
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
