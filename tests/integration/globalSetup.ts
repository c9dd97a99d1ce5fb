// Deploys the integration stack once per run (Automation API, inline program = index.ts's program function).
import { uniqueId } from "../helpers/ids";
import { deploymentConfig } from "../helpers/testConfig";
import { engineLog, plainOutputs, testStack } from "../helpers/deploy";
import { writeDeployedStack } from "../helpers/stack";

export default async function globalSetup(): Promise<void> {
  const stackName = uniqueId("it");
  const { config, stackLabel } = await deploymentConfig(stackName);
  const stack = await testStack(stackName, config);
  const started = Date.now();
  await stack.up({ onOutput: engineLog(stackName) });
  console.log(`\nintegration stack ${stackName} deployed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeDeployedStack({ stackName, stackLabel, config, outputs: await plainOutputs(stack) });
}
