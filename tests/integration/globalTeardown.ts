// Destroys the integration stack and fails the run if anything carrying its label is left behind.
import { countByLabel, danglingAnonymousVolumes } from "../helpers/docker";
import { DANGLING_BEFORE_ENV } from "./globalSetup";
import { destroyAndRemove, engineLog, testStack } from "../helpers/deploy";
import { deployedStack } from "../helpers/stack";

export default async function globalTeardown(): Promise<void> {
  const { stackName, stackLabel, config } = deployedStack();
  const stack = await testStack(stackName, config);
  await destroyAndRemove(stack, engineLog(stackName));
  const left = await countByLabel(stackLabel);
  console.log(`\nintegration stack ${stackName} destroyed; left with its label: ${JSON.stringify(left)}`);
  // Anonymous volumes carry no label, so they are counted as the ones that became dangling during the run. Other runs
  // on the machine can add some too, so the count is reported, not failed on.
  const before = new Set(JSON.parse(process.env[DANGLING_BEFORE_ENV] ?? "[]") as string[]);
  const dangling = (await danglingAnonymousVolumes()).filter((name) => !before.has(name));
  console.log(`dangling anonymous volumes new since the run started: ${dangling.length}${dangling.length > 0 ? ` (${dangling.map((name) => name.slice(0, 12)).join(", ")}; \`docker volume rm\` them once no run needs them)` : ""}`);
  if (left.containers + left.networks + left.volumes > 0) {
    throw new Error(`Destroying ${stackName} left Docker objects labelled ${stackLabel}: ${JSON.stringify(left)}.`);
  }
}
