// The local Kubernetes control plane the Kubernetes tests deploy to, built offline: kube-apiserver,
// kube-controller-manager and kube-scheduler from the k8s.io/kubernetes Go module (toolchain/kubernetes/), etcd from
// Debian's etcd-server package (downloaded and unpacked, not installed), and kwok with the stages that make its fake
// nodes Ready and their pods Running. Each part is cached under a key of its inputs and linked into
// $CACHE/kubernetes/bin, where tests find it (off PATH: nothing here is a command users run).
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { cacheDir } from "../paths";
import { inputsKey } from "../inputsKey";
import { kubernetesProviderLink, kubernetesProviderVersion, pulumiHome, realPluginInstalled } from "./enginePlugins";
import { pointLink } from "./links";
import { mustRun } from "./run";
import { Step, StepContext } from "./step";

const execFileAsync = promisify(execFile);

export const kubernetesVersion = "v1.35.4";
export const kwokVersion = "v0.8.0";
/** Debian's package; its 3.4 server is what kube-apiserver v1.35 was verified with here. */
const etcdPackage = "etcd-server";

/** Where the parts are linked: kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok, kwok-stages.yaml. */
export function kubernetesBinDir(cache: string = cacheDir()): string {
  return path.join(cache, "kubernetes", "bin");
}

/** A part of the toolchain that is a directory of files, built once per key. */
export interface CachedPart {
  name: string;
  /** The files the build leaves in its directory; each is linked as `link(file)`. */
  files: string[];
  key(context: StepContext): string;
  /** A real install that makes building unnecessary (a laptop with the published plugin), if any. */
  findReal?(context: StepContext): string | undefined;
  /** Where a file is linked; default kubernetesBinDir()/<file>. */
  link?(context: StepContext, file: string): string;
  make(context: StepContext, dir: string, log: string): Promise<void>;
}

function partDir(context: StepContext, part: CachedPart): string {
  return path.join(context.cacheDir, part.name, part.key(context).slice(0, 16));
}

function linkFiles(context: StepContext, part: CachedPart, dir: string): void {
  for (const file of part.files) {
    pointLink(part.link?.(context, file) ?? path.join(kubernetesBinDir(context.cacheDir), file), path.join(dir, file));
  }
}

const megabytes = (file: string) => `${Math.round(fs.statSync(file).size / 1e6)} MB`;

/** A step for a cached part: warm, it checks that the files of the current key exist (and links them). */
export function cachedPartStep(part: CachedPart): Step {
  return {
    name: part.name,
    async check(context) {
      const real = part.findReal?.(context);
      if (real) return `using the installed ${real}`;
      const dir = partDir(context, part);
      if (!part.files.every((file) => fs.existsSync(path.join(dir, file)))) return undefined;
      linkFiles(context, part, dir);
      return `cached ${dir}`;
    },
    async build(context, log) {
      const dir = partDir(context, part);
      const partial = `${dir}.partial`;
      fs.rmSync(partial, { recursive: true, force: true });
      fs.mkdirSync(partial, { recursive: true });
      await part.make(context, partial, log);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(partial, dir);
      linkFiles(context, part, dir);
      return `built ${dir} (${part.files.map((file) => `${file} ${megabytes(path.join(dir, file))}`).join(", ")})`;
    },
  };
}

const componentVersion = "k8s.io/component-base/version";
/** Stripped (-s -w: no symbol table, no DWARF), and reporting the release at /version as an official build does. */
export const controlPlaneLdflags = [
  "-s -w",
  `-X ${componentVersion}.gitVersion=${kubernetesVersion}`,
  `-X ${componentVersion}.gitMajor=${kubernetesVersion.split(".")[0].slice(1)}`,
  `-X ${componentVersion}.gitMinor=${kubernetesVersion.split(".")[1]}`,
  `-X ${componentVersion}.gitTreeState=clean`,
].join(" ");

/**
 * One Go build environment for every Kubernetes part, so the three control-plane binaries share the compiled
 * packages of the Go build cache (the scheduler then takes seconds). -mod=mod: go.mod/go.sum are committed complete.
 */
function goEnv(context: StepContext): NodeJS.ProcessEnv {
  return { ...context.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod -buildvcs=false" };
}

function controlPlaneStep(command: string): Step {
  return cachedPartStep({
    name: command,
    files: [command],
    key: (context) => inputsKey(context.repoRoot, ["toolchain/kubernetes"], [kubernetesVersion, controlPlaneLdflags]),
    async make(context, dir, log) {
      await mustRun("go", ["build", "-trimpath", "-ldflags", controlPlaneLdflags, "-o", path.join(dir, command), `k8s.io/kubernetes/cmd/${command}`], {
        cwd: path.join(context.repoRoot, "toolchain", "kubernetes"),
        env: goEnv(context),
        log,
      });
    },
  });
}

export const kubeApiserverStep = controlPlaneStep("kube-apiserver");
export const kubeControllerManagerStep = controlPlaneStep("kube-controller-manager");
export const kubeSchedulerStep = controlPlaneStep("kube-scheduler");

export const etcdStep = cachedPartStep({
  name: "etcd",
  files: ["etcd"],
  key: (context) => inputsKey(context.repoRoot, [], [etcdPackage]),
  async make(context, dir, log) {
    // apt-get download needs no root and installs nothing; the package's files are unpacked beside it.
    await mustRun("apt-get", ["download", "-q", etcdPackage], { cwd: dir, env: context.env, log });
    const deb = fs.readdirSync(dir).find((file) => file.endsWith(".deb")) as string;
    await mustRun("dpkg-deb", ["-x", deb, "root"], { cwd: dir, env: context.env, log });
    fs.renameSync(path.join(dir, "root", "usr", "bin", "etcd"), path.join(dir, "etcd"));
    fs.rmSync(path.join(dir, "root"), { recursive: true, force: true });
    fs.rmSync(path.join(dir, deb));
  },
});

/**
 * kwok reads its stages from a config file: the node ones make a Node it manages Ready and keep its status fresh (kwok
 * renews the node's lease itself), so the controller-manager never marks it NotReady and evicts its pods; the pod ones
 * make a pod scheduled there Running and Ready, finish a Job's pods and delete pods. They are the module's own
 * kustomize/stage files, the set kwokctl uses.
 */
const kwokStageFiles = [
  "kustomize/stage/node/fast/node-initialize.yaml",
  "kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
  "kustomize/stage/pod/fast/pod-ready.yaml",
  "kustomize/stage/pod/fast/pod-complete.yaml",
  "kustomize/stage/pod/fast/pod-delete.yaml",
];
const kwokLdflags = `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwokVersion.slice(1)}`;

export const kwokStep = cachedPartStep({
  name: "kwok",
  files: ["kwok", "kwok-stages.yaml"],
  key: (context) => inputsKey(context.repoRoot, [], [kwokVersion, kwokLdflags, ...kwokStageFiles]),
  async make(context, dir, log) {
    const module = `sigs.k8s.io/kwok@${kwokVersion}`;
    // `go install module@version` builds with kwok's own go.mod (its dependency versions), outside any module of ours.
    const env = { ...goEnv(context), GOFLAGS: "-buildvcs=false", GOBIN: dir };
    await mustRun("go", ["install", "-trimpath", "-ldflags", kwokLdflags, `sigs.k8s.io/kwok/cmd/kwok@${kwokVersion}`], { cwd: dir, env, log });
    const { stdout } = await execFileAsync("go", ["mod", "download", "-json", module], { cwd: dir, env });
    const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
    const stages = kwokStageFiles.map((file) => fs.readFileSync(path.join(moduleDir, file), "utf8").trim());
    fs.writeFileSync(path.join(dir, "kwok-stages.yaml"), `# kwok ${kwokVersion}'s stages: ${kwokStageFiles.join(", ")}\n${stages.join("\n---\n")}\n`);
  },
});

/**
 * The real Pulumi Kubernetes provider, built to report the @pulumi/kubernetes version the project uses; linked beside
 * the cache (not on PATH) for the engine-plugins step to install in the plugin cache, as the kafka plugin is.
 */
export const kubernetesProviderStep = cachedPartStep({
  name: "kubernetes-provider",
  files: ["pulumi-resource-kubernetes"],
  key: (context) => inputsKey(context.repoRoot, ["toolchain/providers/kubernetes"], [kubernetesProviderVersion]),
  link: (context) => kubernetesProviderLink(context.cacheDir),
  findReal(context) {
    const home = pulumiHome(context.env);
    return realPluginInstalled(home, "kubernetes", kubernetesProviderVersion) ? `kubernetes provider plugin in ${home}/plugins` : undefined;
  },
  async make(context, dir, log) {
    const script = path.join(context.repoRoot, "toolchain", "providers", "kubernetes", "build.sh");
    await mustRun("bash", [script, path.join(dir, "pulumi-resource-kubernetes"), kubernetesProviderVersion], { env: context.env, log });
  },
});
