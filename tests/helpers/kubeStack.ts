// Deploys an inline Pulumi program to a local control plane (kubeControlPlane.ts) through the project's Pulumi CLI and
// the Kubernetes provider plugin setup built, as the Kafka stacks are deployed (support/deploy.ts): the toolchain's
// environment and backend, a work directory of its own. The default Kubernetes provider reads the control plane's
// kubeconfig from KUBECONFIG, so no credential enters the program, its config or the state.
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyToolchainEnv } from "../../toolchain/env";
import { engineLog } from "../../support/deploy";
import { KubeControlPlane } from "./kubeControlPlane";

export interface KubeTestStack {
  stack: Stack;
  /** Engine output prefixed with the stack name, for the test log (pass as `onOutput`). */
  log: (line: string) => void;
  /** Destroys what the stack holds, removes it from the backend and deletes its work directory. */
  destroyAndRemove(): Promise<void>;
}

export async function kubeTestStack(stackName: string, program: PulumiFn, controlPlane: Pick<KubeControlPlane, "kubeconfigPath">): Promise<KubeTestStack> {
  applyToolchainEnv();
  const projectName = "cdc-kafka-kubernetes-test";
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${stackName}-`));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program },
    {
      workDir,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
      // NODE_PATH: dynamic providers (GeneratedPassword) load @pulumi/pulumi from the work directory, which has none.
      envVars: { KUBECONFIG: controlPlane.kubeconfigPath, NODE_PATH: path.join(__dirname, "..", "..", "node_modules") },
    },
  );
  const log = engineLog(stackName);
  return {
    stack,
    log,
    async destroyAndRemove() {
      try {
        await stack.destroy({ onOutput: log });
        await stack.workspace.removeStack(stackName);
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
