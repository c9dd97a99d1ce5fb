// A local Kubernetes control plane for tests, from the binaries `setup --test` (or `--kubernetes`) builds: etcd,
// kube-apiserver, kube-controller-manager (finalizers and namespace cleanup, so destroy never hangs; Deployments make
// ReplicaSets and pods), kube-scheduler, and kwok with fake nodes made Ready, where scheduled pods become Running and
// Ready. Everything runs as processes of this test in its own temp directory on free loopback ports; stop() ends them
// all and removes the directory. No pod runs anything: the API server's behaviour (schemas, admission, finalizers,
// readiness Pulumi awaits) is real, the containers are not.
import { ChildProcess, spawn } from "child_process";
import { generateKeyPairSync, randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { freePorts } from "../../support/ports";
import { waitFor } from "../../support/waitFor";
import { kubernetesBinDir } from "../../toolchain/steps/kubernetes";
import { conditionTrue, KubeAccess, kubeRequest } from "./kubeApi";

export interface KubeControlPlane extends KubeAccess {
  /** A kubeconfig (server, CA, bearer token of a cluster admin) as a file of this control plane's directory... */
  kubeconfigPath: string;
  /** ...and as text, for a provider's `kubeconfig` argument. */
  kubeconfig: string;
  /** The fake nodes, Ready. */
  nodes: string[];
  /** Milliseconds from the call to the nodes being Ready. */
  startMs: number;
  /** Each process's pid by component. */
  pids: Record<string, number>;
  /** Each running process's resident memory in bytes (from /proc), by component. */
  rssBytes(): Record<string, number>;
  /** Ends every process (SIGTERM, then SIGKILL after 5 s), clients first, and removes the directory. */
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** How many fake nodes kwok manages; default 1. */
  nodes?: number;
  /** Overall start deadline; default 120 s (the API server alone takes ~10 s on 2 busy cores). */
  timeoutMs?: number;
}

const COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"] as const;
type Component = (typeof COMPONENTS)[number];

/** The built binaries, or one sentence naming the setup to run. */
function binaries(): Record<Component | "kwok-stages.yaml", string> {
  const dir = kubernetesBinDir();
  const files = [...COMPONENTS, "kwok-stages.yaml"] as const;
  const missing = files.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`The local Kubernetes control plane is not built (${missing.join(", ")} missing in ${dir}); run \`bash toolchain/setup.sh --kubernetes\` (or --test), then rerun.`);
  }
  return Object.fromEntries(files.map((file) => [file, path.join(dir, file)])) as Record<Component | "kwok-stages.yaml", string>;
}

function kubeconfigText(server: string, ca: string, token: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: local",
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(ca).toString("base64")}`,
    "users:",
    "- name: admin",
    "  user:",
    `    token: ${token}`,
    "contexts:",
    "- name: local",
    "  context:",
    "    cluster: local",
    "    user: admin",
    "current-context: local",
    "",
  ].join("\n");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function rss(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function etcdHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/health", timeout: 2000 }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve(response.statusCode === 200 && body.includes('"true"')));
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

const tail = (file: string) => {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
};

/** Starts the control plane with `nodes` Ready kwok nodes; on any failure it stops what it started and throws. */
export async function startKubeControlPlane(options: ControlPlaneOptions = {}): Promise<KubeControlPlane> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 120_000);
  const remaining = () => Math.max(1000, deadline - Date.now());
  const bin = binaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdc-kube-"));
  const children = new Map<Component, ChildProcess>();
  let starting = true;
  let reportDeath: (error: Error) => void = () => undefined;
  /** Rejects when a process dies while the control plane starts, so a wait fails at once with that process's log. */
  const died = new Promise<never>((_, reject) => (reportDeath = reject));
  died.catch(() => undefined);
  const unlessDied = <T>(waiting: Promise<T>): Promise<T> => Promise.race([waiting, died]);

  const end = (child: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  // A test process that exits without calling stop() (a crash, jest's forced exit) still takes its processes and
  // directory along ('exit' handlers must be synchronous: SIGKILL, no waiting).
  const killAll = () => {
    children.forEach((child) => child.kill("SIGKILL"));
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once("exit", killAll);
  // Clients before the API server, the API server before etcd: an API server whose etcd is gone takes ~40 s to stop.
  const stop = async (): Promise<void> => {
    process.removeListener("exit", killAll);
    for (const group of [["kwok", "kube-scheduler", "kube-controller-manager"], ["kube-apiserver"], ["etcd"]] as Component[][]) {
      await Promise.all(group.flatMap((name) => (children.has(name) ? [end(children.get(name) as ChildProcess)] : [])));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const run = (name: Component, args: string[]): void => {
    const log = fs.openSync(path.join(dir, `${name}.log`), "a");
    const child = spawn(bin[name], args, { cwd: dir, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    child.on("exit", (code, signal) => {
      if (starting) reportDeath(new Error(`${name} stopped (${signal ?? `exit ${code}`}) while the control plane started; its log ends:\n${tail(path.join(dir, `${name}.log`))}`));
    });
    children.set(name, child);
  };

  try {
    const [etcdClient, etcdPeer, apiserverPort] = await freePorts(3);
    const token = randomBytes(24).toString("hex");
    // Secrets go in files of this 0700 directory, never on a command line (the process list is readable by all).
    fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},cluster-admin,cluster-admin-uid,system:masters\n`, { mode: 0o600 });
    const serviceAccountKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, "sa.key"), serviceAccountKey.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "sa.pub"), serviceAccountKey.publicKey.export({ type: "spki", format: "pem" }));

    run("etcd", [
      "--name=local",
      `--data-dir=${path.join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=local=http://127.0.0.1:${etcdPeer}`,
    ]);
    await unlessDied(waitFor(() => etcdHealthy(etcdClient), { timeoutMs: remaining(), intervalMs: 200, what: "etcd to be healthy" }));

    // The API server makes its own CA and serving certificate (for 127.0.0.1 and localhost) in --cert-dir.
    const certDir = path.join(dir, "pki");
    run("kube-apiserver", [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiserverPort}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${path.join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${path.join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
      "--service-cluster-ip-range=10.96.0.0/16",
    ]);
    const ca = await unlessDied(
      waitFor(async () => fs.existsSync(path.join(certDir, "apiserver.crt")) && fs.readFileSync(path.join(certDir, "apiserver.crt"), "utf8"), {
        timeoutMs: remaining(),
        intervalMs: 200,
        what: "kube-apiserver's serving certificate",
      }),
    );
    const access: KubeAccess = { server: `https://127.0.0.1:${apiserverPort}`, ca, token };
    await unlessDied(
      waitFor(async () => (await kubeRequest<string>(access, "GET", "/readyz")) === "ok", { timeoutMs: remaining(), intervalMs: 250, what: "kube-apiserver to be ready (/readyz)" }),
    );

    const kubeconfig = kubeconfigText(access.server, ca, token);
    const kubeconfigPath = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
    // Health endpoints off (--secure-port=0): nothing probes them, and each would be one more port to find free.
    run("kube-controller-manager", [
      `--kubeconfig=${kubeconfigPath}`,
      "--secure-port=0",
      "--leader-elect=false",
      `--service-account-private-key-file=${path.join(dir, "sa.key")}`,
      `--root-ca-file=${path.join(certDir, "apiserver.crt")}`,
      "--use-service-account-credentials=false",
    ]);
    run("kube-scheduler", [`--kubeconfig=${kubeconfigPath}`, "--secure-port=0", "--leader-elect=false"]);
    run("kwok", [
      `--kubeconfig=${kubeconfigPath}`,
      `--config=${bin["kwok-stages.yaml"]}`,
      "--manage-all-nodes=false",
      "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
      "--cidr=10.244.0.0/16",
      "--node-ip=10.0.0.1",
    ]);

    const nodes = Array.from({ length: options.nodes ?? 1 }, (_, index) => `kwok-node-${index}`);
    for (const name of nodes) {
      await kubeRequest(access, "POST", "/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
          labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", type: "kwok" },
        },
      });
    }
    type NodeList = { items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] };
    const nodesReady = async () => {
      const list = await kubeRequest<NodeList>(access, "GET", "/api/v1/nodes");
      return nodes.every((name) => list.items.some((node) => node.metadata.name === name && conditionTrue(node, "Ready")));
    };
    await unlessDied(waitFor(nodesReady, { timeoutMs: remaining(), intervalMs: 250, what: `kwok to make ${nodes.join(", ")} Ready` }));
    // Pods need their namespace's default service account, which the controller-manager makes: wait for the first.
    await unlessDied(
      waitFor(() => kubeRequest(access, "GET", "/api/v1/namespaces/default/serviceaccounts/default"), {
        timeoutMs: remaining(),
        intervalMs: 250,
        what: "kube-controller-manager to create the default service account",
      }),
    );
    starting = false;

    const pids = Object.fromEntries([...children.entries()].map(([name, child]) => [name, child.pid as number]));
    return {
      ...access,
      kubeconfig,
      kubeconfigPath,
      nodes,
      startMs: Date.now() - started,
      pids,
      rssBytes: () => Object.fromEntries(Object.entries(pids).filter(([, pid]) => alive(pid)).map(([name, pid]) => [name, rss(pid)])),
      stop,
    };
  } catch (error) {
    starting = false;
    await stop();
    throw error;
  }
}
