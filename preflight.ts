// Preflight of the stack program: before the first resource registers (preview runs it too), check that this machine
// can host the stack: the Docker engine answers, every host port the stack publishes is free on its bind address (or
// already published by this stack's own containers), the images exist locally or can be pulled, and the brokers'
// memory limits fit the engine's machine. Each failure is one sentence naming the setting to change; the stack
// program throws them all at once, so nothing is created. The checks speak to the Engine API with plain HTTP (no
// client library in the program's process): one /info, one container list, one inspect per image.
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { KafkaSettings, STACK_LABEL } from "./components";

/** One host port the stack publishes, and the setting that decides it. */
export interface PublishedPort {
  port: number;
  bindIp: string;
  /**
   * The config key that moves it: hostPort for every broker, uiPort for the UI, metricsHostPort for broker metrics,
   * metricsServerPort for the Prometheus server.
   */
  setting: "hostPort" | "uiPort" | "metricsHostPort" | "metricsServerPort";
  /** Who publishes it, for the sentence: "hostPort 9092", "port 9093 of broker 2 (hostPort + 1)", "uiPort 8080". */
  label: string;
}

/**
 * Every host port the stack will publish: one per broker (hostPort + n - 1), then the UI's when it is enabled, then
 * each broker's metrics port (metricsHostPort + n - 1) when that is set, then the Prometheus server's when it is enabled.
 */
export function publishedPorts(
  settings: Pick<KafkaSettings, "brokers" | "hostPort" | "hostBindIp" | "uiPort" | "uiEnabled"> &
    Partial<Pick<KafkaSettings, "metricsHostPort" | "metricsServerEnabled" | "metricsServerPort">>,
): PublishedPort[] {
  const brokers = Array.from({ length: settings.brokers }, (_, index): PublishedPort => ({
    port: settings.hostPort + index,
    bindIp: settings.hostBindIp,
    setting: "hostPort",
    label: index === 0 ? `hostPort ${settings.hostPort}` : `port ${settings.hostPort + index} of broker ${index + 1} (hostPort + ${index})`,
  }));
  const ui: PublishedPort[] = settings.uiEnabled
    ? [{ port: settings.uiPort, bindIp: settings.hostBindIp, setting: "uiPort", label: `uiPort ${settings.uiPort}` }]
    : [];
  const first = settings.metricsHostPort;
  const metrics =
    first === undefined
      ? []
      : Array.from({ length: settings.brokers }, (_, index): PublishedPort => ({
          port: first + index,
          bindIp: settings.hostBindIp,
          setting: "metricsHostPort",
          label: index === 0 ? `metricsHostPort ${first}` : `metrics port ${first + index} of broker ${index + 1} (metricsHostPort + ${index})`,
        }));
  const server: PublishedPort[] =
    settings.metricsServerEnabled && settings.metricsServerPort !== undefined
      ? [{ port: settings.metricsServerPort, bindIp: settings.hostBindIp, setting: "metricsServerPort", label: `metricsServerPort ${settings.metricsServerPort}` }]
      : [];
  return [...brokers, ...ui, ...metrics, ...server];
}

/** A running container and the host ports it publishes. */
export interface RunningContainer {
  name: string;
  labels: Record<string, string>;
  ports: { ip: string; port: number }[];
}

/** What the engine says about an image: there, absent but pullable, or absent with the registry's reason. */
export type ImageState = { present: true } | { present: false; pullable: true } | { present: false; pullable: false; reason: string };

/** How binding a port on this machine went. */
export type PortProbe = "free" | "in use" | "no such address" | "unknown";

/** What preflight asks of the machine; the real one is hostProbe(), unit tests give their own. */
export interface HostProbe {
  /** Where the engine is, for sentences ("unix:///var/run/docker.sock"). */
  engineAddress: string;
  /** The engine's machine memory in bytes, or why the engine did not answer. */
  engine(): Promise<{ memoryBytes: number } | { error: string }>;
  containers(): Promise<RunningContainer[]>;
  image(name: string): Promise<ImageState>;
  /** Binding on this machine; only meaningful when the engine runs here too. */
  bind(ip: string, port: number): Promise<PortProbe>;
}

/** What the sentences need besides the settings. */
export interface PreflightContext {
  /** `<project>/<stack>`: containers labelled `cdc-kafka.stack=<this>` are this stack's own. */
  stackLabel: string;
  /** The config namespace the sentences name settings in (`cdc-kafka`). */
  namespace: string;
  /** Local images a setup command builds, and that command, for the offline remedy. */
  localImages: { prefix: string; command: string };
}

const anyAddress = new Set(["0.0.0.0", "::", ""]);

/** Two bind addresses clash when they are the same or either one is the any-address. */
function addressesClash(a: string, b: string): boolean {
  return a === b || anyAddress.has(a) || anyAddress.has(b);
}

function mebibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024 / 1024)} MiB`;
}

async function portProblem(
  wanted: PublishedPort,
  containers: RunningContainer[],
  context: PreflightContext,
  probe: HostProbe,
): Promise<string | undefined> {
  const key = `${context.namespace}:${wanted.setting}`;
  const holder = containers.find((container) =>
    container.ports.some((published) => published.port === wanted.port && addressesClash(published.ip, wanted.bindIp)),
  );
  // This stack's own container (a second `up`) keeps its port: the engine leaves it alone or replaces it itself.
  if (holder?.labels[STACK_LABEL] === context.stackLabel) return undefined;
  if (holder) return `${wanted.label} is in use on ${wanted.bindIp} by container ${holder.name}; stop it or set ${key}.`;
  const bound = await probe.bind(wanted.bindIp, wanted.port);
  if (bound === "in use") return `${wanted.label} is in use on ${wanted.bindIp} by another process; stop it or set ${key}.`;
  return undefined;
}

async function imageProblem(setting: "kafkaImage" | "uiImage" | "prometheusImage", name: string, context: PreflightContext, probe: HostProbe): Promise<string | undefined> {
  const state = await probe.image(name);
  if (state.present || state.pullable) return undefined;
  const key = `${context.namespace}:${setting}`;
  const remedy = name.startsWith(context.localImages.prefix)
    ? `build it with \`${context.localImages.command}\` or set ${key}`
    : `set ${key} to an image the engine has (\`${context.localImages.command}\` builds the ${context.localImages.prefix}… images offline) or make the registry reachable`;
  return `${setting} ${name} is not in the Docker engine and cannot be pulled (${state.reason}); ${remedy}.`;
}

/**
 * Every reason this machine cannot host the stack, one sentence each; empty when it can. When the engine does not
 * answer, that is the only sentence: the other checks ask the engine.
 */
export async function preflightProblems(settings: KafkaSettings, context: PreflightContext, probe: HostProbe): Promise<string[]> {
  const engine = await probe.engine();
  if ("error" in engine) {
    // The setup command starts a dockerd only behind the default socket.
    const start = probe.engineAddress === DEFAULT_ENGINE ? `start it (\`${context.localImages.command}\` starts dockerd)` : "start it";
    return [`The Docker engine at ${probe.engineAddress} does not answer (${engine.error}); ${start} or point DOCKER_HOST at a running engine.`];
  }
  const containers = await probe.containers();
  const ports = publishedPorts(settings);
  const unbindable = await probe.bind(settings.hostBindIp, 0);
  const problems: (string | undefined)[] =
    unbindable === "no such address"
      ? [`hostBindIp ${settings.hostBindIp} is not an address of this machine; set ${context.namespace}:hostBindIp to 127.0.0.1 or one of its addresses.`]
      : await Promise.all(ports.map((port) => portProblem(port, containers, context, probe)));
  problems.push(await imageProblem("kafkaImage", settings.kafkaImage, context, probe));
  if (settings.uiEnabled) problems.push(await imageProblem("uiImage", settings.uiImage, context, probe));
  if (settings.metricsServerEnabled) problems.push(await imageProblem("prometheusImage", settings.prometheusImage, context, probe));
  const limitBytes = settings.brokers * settings.brokerMemoryMb * 1024 * 1024;
  if (limitBytes > engine.memoryBytes) {
    problems.push(
      `The brokers' memory limits add up to ${settings.brokers} × ${settings.brokerMemoryMb} MiB = ${mebibytes(limitBytes)}, more than the ${mebibytes(engine.memoryBytes)} of the Docker engine's machine; lower ${context.namespace}:brokerMemoryMb or ${context.namespace}:brokers.`,
    );
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}

// ---- The real machine: the Engine API over its socket (or tcp://), and a test bind for each port. ----

interface EngineEndpoint {
  address: string;
  options: http.RequestOptions;
  secure: boolean;
  /** The engine publishes ports on this machine, so a local test bind tells whether they are free. */
  local: boolean;
}

/** Where the docker CLI looks for the engine without DOCKER_HOST. */
const DEFAULT_ENGINE = "unix:///var/run/docker.sock";

/** DOCKER_HOST as the docker CLI reads it: unix:///path or tcp://host:port (TLS with DOCKER_TLS_VERIFY). */
export function engineEndpoint(env: NodeJS.ProcessEnv): EngineEndpoint | { unsupported: string } {
  const address = env.DOCKER_HOST || DEFAULT_ENGINE;
  if (address.startsWith("unix://")) return { address, options: { socketPath: address.slice("unix://".length) }, secure: false, local: true };
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(address);
  if (!tcp) return { unsupported: address };
  const secure = Boolean(env.DOCKER_TLS_VERIFY);
  const host = tcp[1].replace(/^\[|\]$/g, "");
  const options: https.RequestOptions = { host, port: Number(tcp[2] ?? (secure ? 2376 : 2375)) };
  if (secure) {
    const certs = env.DOCKER_CERT_PATH || path.join(os.homedir(), ".docker");
    const read = (file: string) => fs.readFileSync(path.join(certs, file));
    Object.assign(options, { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") });
  }
  const local = host === "localhost" || host === "127.0.0.1" || host === "::1";
  return { address, options, secure, local };
}

const ENGINE_TIMEOUT_MS = 5_000;

function engineGet(endpoint: EngineEndpoint, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = (endpoint.secure ? https : http).request(
      { ...endpoint.options, path: urlPath, method: "GET", headers: { Host: "docker" }, timeout: ENGINE_TIMEOUT_MS },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${ENGINE_TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end();
  });
}

function engineMessage(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? body).trim();
  } catch {
    return body.trim();
  }
}

/** Registry answers that mean the image cannot be had: no such image, or no registry reachable at all. */
const unpullable = /not found|manifest unknown|name unknown|does not exist|no such host|dial tcp|connection refused|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout/i;

function testBind(ip: string, port: number): Promise<PortProbe> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      // EACCES: ports below 1024 need privileges this process lacks and the engine has, so it tells nothing.
      resolve(error.code === "EADDRINUSE" ? "in use" : error.code === "EADDRNOTAVAIL" ? "no such address" : "unknown");
    });
    server.listen({ host: ip, port, exclusive: true }, () => server.close(() => resolve("free")));
  });
}

/** The machine this process runs on, through the engine DOCKER_HOST names. */
export function hostProbe(env: NodeJS.ProcessEnv = process.env): HostProbe | null {
  const endpoint = engineEndpoint(env);
  // ssh:// and other transports: the engine's own errors will have to do.
  if ("unsupported" in endpoint) return null;
  const getJson = async <T>(urlPath: string): Promise<T> => {
    const { status, body } = await engineGet(endpoint, urlPath);
    if (status !== 200) throw new Error(`GET ${urlPath}: ${status} ${engineMessage(body)}`);
    return JSON.parse(body) as T;
  };
  return {
    engineAddress: endpoint.address,
    async engine() {
      try {
        const info = await getJson<{ MemTotal?: number }>("/info");
        return { memoryBytes: info.MemTotal ?? Number.MAX_SAFE_INTEGER };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    async containers() {
      const list = await getJson<{ Names?: string[]; Labels?: Record<string, string>; Ports?: { IP?: string; PublicPort?: number }[] }[]>(
        "/containers/json",
      );
      return list.map((container) => ({
        name: (container.Names?.[0] ?? "").replace(/^\//, ""),
        labels: container.Labels ?? {},
        ports: (container.Ports ?? []).flatMap((port) => (port.PublicPort ? [{ ip: port.IP ?? "0.0.0.0", port: port.PublicPort }] : [])),
      }));
    },
    async image(name) {
      const inspected = await engineGet(endpoint, `/images/${encodeURIComponent(name)}/json`);
      if (inspected.status === 200) return { present: true };
      // Asks the registry for the manifest without pulling: offline this fails at once with the lookup error.
      const distribution = await engineGet(endpoint, `/distribution/${name}/json`);
      if (distribution.status === 200) return { present: false, pullable: true };
      const message = engineMessage(distribution.body);
      if (!unpullable.test(message)) return { present: false, pullable: true };
      // `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on …: no such host` says less.
      const registry = /https:\/\/([^/"]+)\/.*(?:dial tcp|no such host|timeout|unreachable|no route)/.exec(message)?.[1];
      return { present: false, pullable: false, reason: registry ? `registry ${registry} is unreachable` : message };
    },
    bind: (ip, port) => (endpoint.local ? testBind(ip, port) : Promise.resolve("unknown")),
  };
}
