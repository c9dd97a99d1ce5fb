// The Kubernetes provider plugin setup builds, under the project's Pulumi CLI, against the local control plane: a
// Namespace and a Deployment (whose readiness the provider awaits) go up, a second up changes nothing, destroy leaves
// no object behind. The engine loads the plugin from its plugin cache as @pulumi/kubernetes's version, without a
// warning. No Docker.
import * as k8s from "@pulumi/kubernetes";
import { uniqueId } from "../../support/ids";
import { kubernetesProviderVersion } from "../../toolchain/steps/enginePlugins";
import { kubeExists, kubeRequest } from "../helpers/kubeApi";
import { KubeControlPlane, startKubeControlPlane } from "../helpers/kubeControlPlane";
import { kubeTestStack, KubeTestStack } from "../helpers/kubeStack";

jest.setTimeout(300_000);

const namespace = uniqueId("k8sprov");

const program = async () => {
  const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: namespace } });
  const labels = { app: "web" };
  const deployment = new k8s.apps.v1.Deployment("web", {
    metadata: { namespace: ns.metadata.name, name: "web" },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "registry.invalid/web:1" }] } },
    },
  });
  return { readyReplicas: deployment.status.readyReplicas };
};

describe("the built Kubernetes provider plugin under the Pulumi engine", () => {
  let plane: KubeControlPlane;
  let deployed: KubeTestStack | undefined;

  beforeAll(async () => {
    plane = await startKubeControlPlane();
    deployed = await kubeTestStack(uniqueId("k8sprov"), program, plane);
  });

  afterAll(async () => {
    await deployed?.destroyAndRemove().catch(() => undefined);
    await plane?.stop();
  });

  test("up creates the Namespace and a Ready Deployment; a second up changes nothing; destroy removes both", async () => {
    const { stack, log } = deployed as KubeTestStack;
    const engineOutput: string[] = [];
    const onOutput = (line: string) => {
      engineOutput.push(line);
      log(line);
    };

    const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
    let started = Date.now();
    const first = await stack.up({ onOutput });
    const upSeconds = seconds(started);
    expect(first.summary.result).toBe("succeeded");
    expect(first.summary.resourceChanges).toEqual({ create: 3 }); // the stack, the Namespace, the Deployment (providers are not counted)
    expect(first.outputs.readyReplicas.value).toBe(2);
    const live = await kubeRequest<{ status: { readyReplicas: number } }>(plane, "GET", `/apis/apps/v1/namespaces/${namespace}/deployments/web`);
    expect(live.status.readyReplicas).toBe(2);

    const state = await stack.exportStack();
    const providers = (state.deployment.resources as { type: string; inputs?: { version?: string } }[]).filter((resource) => resource.type === "pulumi:providers:kubernetes");
    expect(providers.map((provider) => provider.inputs?.version)).toEqual([kubernetesProviderVersion]);

    started = Date.now();
    const second = await stack.up({ onOutput });
    const secondUpSeconds = seconds(started);
    expect(second.summary.resourceChanges).toEqual({ same: 3 });
    // A plugin found on PATH, or of another version than the SDK asks for, shows as an engine warning naming it (the
    // provider's own await messages, "warning: [MinimumReplicasUnavailable] …" while pods start, are not about it).
    const pluginWarnings = (engineOutput.join("").match(/^.*warning.*$/gim) ?? []).filter((line) => /plugin|\$PATH|pulumi-resource-kubernetes/i.test(line));
    expect(pluginWarnings).toEqual([]);
    expect(engineOutput.join("")).toContain("kubernetes:apps/v1:Deployment web created");

    started = Date.now();
    await (deployed as KubeTestStack).destroyAndRemove();
    deployed = undefined;
    console.log(`pulumi up ${upSeconds} s, second up ${secondUpSeconds} s, destroy and stack rm ${seconds(started)} s`);
    expect(await kubeExists(plane, `/api/v1/namespaces/${namespace}`)).toBe(false);
    expect(await kubeExists(plane, `/apis/apps/v1/namespaces/${namespace}/deployments/web`)).toBe(false);
  });
});
