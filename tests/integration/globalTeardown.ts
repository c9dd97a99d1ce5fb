// Destroys the integration stack and fails the run if anything carrying its label is left behind.
import { countByLabel } from "../helpers/docker";
import { destroyAndRemove, engineLog, testStack } from "../helpers/deploy";
import { deployedStack } from "../helpers/stack";

export default async function globalTeardown(): Promise<void> {
  const { stackName, stackLabel, config } = deployedStack();
  const stack = await testStack(stackName, config);
  await destroyAndRemove(stack, engineLog(stackName));
  const left = await countByLabel(stackLabel);
  console.log(`\nintegration stack ${stackName} destroyed; left with its label: ${JSON.stringify(left)}`);
  if (left.containers + left.networks + left.volumes > 0) {
    throw new Error(`Destroying ${stackName} left Docker objects labelled ${stackLabel}: ${JSON.stringify(left)}.`);
  }
}
