// The local Kubernetes control plane setup builds (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)
// works as the Kubernetes tests need it: the API server is the release built, a Deployment's pods are scheduled on a
// kwok node and become Ready, deleting a namespace completes (the controller-manager's finalizers), and stop() leaves
// no process and no directory behind. No Docker.
import * as fs from "fs";
import { uniqueId } from "../../support/ids";
import { waitFor } from "../../support/waitFor";
import { kubernetesVersion } from "../../toolchain/steps/kubernetes";
import { conditionTrue, kubeExists, kubeRequest } from "../helpers/kubeApi";
import { KubeControlPlane, startKubeControlPlane } from "../helpers/kubeControlPlane";

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

describe("the local Kubernetes control plane", () => {
  let plane: KubeControlPlane;

  beforeAll(async () => {
    plane = await startKubeControlPlane({ nodes: 2 });
    const rss = plane.rssBytes();
    const total = Object.values(rss).reduce((sum, bytes) => sum + bytes, 0);
    console.log(
      `control plane with ${plane.nodes.length} kwok nodes Ready in ${(plane.startMs / 1000).toFixed(1)} s; RSS ${mib(total)} MiB (` +
        Object.entries(rss).map(([name, bytes]) => `${name} ${mib(bytes)}`).join(", ") + ")",
    );
  });

  afterAll(async () => {
    await plane?.stop();
  });

  test(`the API server is the built release, ${kubernetesVersion}, and the kubeconfig names it`, async () => {
    const version = await kubeRequest<{ gitVersion: string; major: string; minor: string }>(plane, "GET", "/version");
    expect(version).toMatchObject({ gitVersion: kubernetesVersion, major: "1", minor: "35" });
    expect(fs.readFileSync(plane.kubeconfigPath, "utf8")).toBe(plane.kubeconfig);
    expect(plane.kubeconfig).toContain(`server: ${plane.server}\n`);
    // The token is the only credential: a request without it is refused.
    await expect(kubeRequest({ ...plane, token: "wrong" }, "GET", "/api/v1/namespaces")).rejects.toThrow(/answered 401/);
  });

  test("a Deployment's pods are scheduled on kwok nodes and become Ready; deleting its namespace completes", async () => {
    const namespace = uniqueId("kcp");
    await kubeRequest(plane, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    const labels = { app: "web" };
    const created = Date.now();
    await kubeRequest(plane, "POST", `/apis/apps/v1/namespaces/${namespace}/deployments`, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        // No image can be pulled here, and none is: kwok plays the pod's lifecycle without running it.
        template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "registry.invalid/web:1" }] } },
      },
    });
    const deployment = await waitFor(
      async () => {
        const current = await kubeRequest<{ status?: { readyReplicas?: number; conditions?: { type: string; status: string }[] } }>(plane, "GET", `/apis/apps/v1/namespaces/${namespace}/deployments/web`);
        return current.status?.readyReplicas === 3 && conditionTrue(current, "Available") && current;
      },
      { timeoutMs: 60_000, what: "the Deployment to have 3 ready replicas" },
    );
    const readySeconds = (Date.now() - created) / 1000;
    expect(deployment.status?.readyReplicas).toBe(3);
    const pods = await kubeRequest<{ items: { spec: { nodeName?: string }; status: { phase: string } }[] }>(plane, "GET", `/api/v1/namespaces/${namespace}/pods`);
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) {
      expect(plane.nodes).toContain(pod.spec.nodeName);
      expect(pod.status.phase).toBe("Running");
    }

    const deleted = Date.now();
    await kubeRequest(plane, "DELETE", `/api/v1/namespaces/${namespace}`);
    await waitFor(async () => !(await kubeExists(plane, `/api/v1/namespaces/${namespace}`)), {
      timeoutMs: 60_000,
      what: `namespace ${namespace} to be gone (its finalizer run by the controller-manager)`,
    });
    console.log(`Deployment of 3 Ready in ${readySeconds.toFixed(1)} s; its namespace gone ${((Date.now() - deleted) / 1000).toFixed(1)} s after the delete`);
  });

  test("stop() ends every process and removes the control plane's directory", async () => {
    const kubeconfigPath = plane.kubeconfigPath;
    const pids = Object.values(plane.pids);
    expect(Object.keys(plane.pids).sort()).toEqual(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]);
    await plane.stop();
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(fs.existsSync(kubeconfigPath)).toBe(false);
  });
});
