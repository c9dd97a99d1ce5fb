// Deploys the integration stack once per run (Automation API, inline program = index.ts's program function).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { uniqueId } from "../../support/ids";
import { deploymentConfig } from "../../support/testConfig";
import { engineLog, plainOutputs, testStack } from "../../support/deploy";
import { writeDeployedStack } from "../helpers/stack";
import { danglingAnonymousVolumes } from "../../support/docker";
import { readBrokers } from "../../ops/clusterReader";
import { addressesFromOutputs } from "../../ops/outputs";
import { SCRATCH_DIR_ENV } from "../../support/downstream";

/** The dangling anonymous volumes before the run, for the teardown's leftover count (same process). */
export const DANGLING_BEFORE_ENV = "CDC_KAFKA_IT_DANGLING_VOLUMES_BEFORE";

export default async function globalSetup(): Promise<void> {
  process.env[DANGLING_BEFORE_ENV] = JSON.stringify(await danglingAnonymousVolumes());
  const stackName = uniqueId("it");
  const { config, stackLabel } = await deploymentConfig(stackName);
  const stack = await testStack(stackName, config);
  const started = Date.now();
  await stack.up({ onOutput: engineLog(stackName) });
  console.log(`\nintegration stack ${stackName} deployed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const outputs = await plainOutputs(stack);
  const brokers = await readBrokers(addressesFromOutputs(stackName, outputs), 30_000, true);
  const logProblemsAfterStart = Object.fromEntries(brokers.map((broker) => [broker.container, broker.logProblems]));
  writeDeployedStack({ stackName, stackLabel, config, outputs, logProblemsAfterStart });
  // The run's scratch files (packed tarballs), removed by the teardown; made last, so a failed deploy (after which jest
  // runs no teardown) leaves none.
  process.env[SCRATCH_DIR_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), "cdc-kafka-run-"));
}
