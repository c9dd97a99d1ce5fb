// Broker containers started the way `docker run` starts them (create + start on the Engine API), outside any stack:
// the floor a stack's time to ready is compared with, and the subjects of the healthcheck and metrics-agent cost benchmarks.
import Docker from "dockerode";
import * as fs from "fs";
import { brokerEnvironment, controllerVoter, environmentList, EXTERNAL_PORT, METRICS_PORT } from "../components/brokerEnv";
import { DEFAULTS, deriveClusterId } from "../components/config";
import { docker } from "../support/docker";
import { localImages } from "../support/testConfig";
import { sleep } from "../support/waitFor";
import { descendants, readProcesses, threadCpuSeconds } from "./processUsage";

export interface BrokerContainerSpec {
  /** Container name, also its hostname: the advertised INTERNAL listener and the KRaft voter use it. */
  name: string;
  image: string;
  env: string[];
  healthcheck: Docker.HealthConfig;
  memoryBytes: number;
  hostPort: number;
  /** Host port the JMX exporter's `/metrics` is published on, for a broker with the agent. */
  metricsHostPort?: number;
  labels: Record<string, string>;
}

const NANOS_PER_SECOND = 1e9;
/** Docker keeps this many probe results in `State.Health.Log`. */
const DOCKER_HEALTH_LOG_ENTRIES = 5;

/**
 * The spec of a broker container a stack made, so a bare run uses exactly its image, environment, healthcheck and
 * memory limit (and, once the stack is gone, its name and port, which its environment names).
 */
export function specOfStackContainer(info: Docker.ContainerInspectInfo, labels: Record<string, string>): BrokerContainerSpec {
  const binding = info.HostConfig.PortBindings?.[`${EXTERNAL_PORT}/tcp`]?.[0];
  if (!info.Config.Healthcheck || !binding) {
    throw new Error(`Container ${info.Name} has no healthcheck or no published ${EXTERNAL_PORT}/tcp; benchmark a broker made by KafkaStack.`);
  }
  return {
    name: info.Name.replace(/^\//, ""),
    image: info.Config.Image,
    env: info.Config.Env,
    healthcheck: info.Config.Healthcheck,
    memoryBytes: info.HostConfig.Memory ?? 0,
    hostPort: Number(binding.HostPort),
    labels,
  };
}

/**
 * A one-node broker with the library's environment and defaults, probed by `healthTest` every `intervalSeconds`.
 * The probe timeout is generous so that a slow probe is measured whole instead of being killed by Docker.
 */
export function librarySpec(args: {
  name: string;
  hostPort: number;
  healthTest: string[];
  intervalSeconds: number;
  labels: Record<string, string>;
  /** Runs the JMX exporter agent (the library's `metricsEnabled`) and publishes its port on this host port. */
  metricsHostPort?: number;
}): BrokerContainerSpec {
  const environment = brokerEnvironment({
    nodeId: 1,
    clusterId: deriveClusterId(args.name),
    containerName: args.name,
    controllerQuorumVoters: controllerVoter(1, args.name),
    hostPort: args.hostPort,
    advertisedHost: "localhost",
    replicationFactor: 1,
    minInsyncReplicas: 1,
    autoCreateTopics: DEFAULTS.autoCreateTopics,
    logRetentionHours: DEFAULTS.logRetentionHours,
    logRetentionBytes: DEFAULTS.logRetentionBytes,
    groupInitialRebalanceDelayMs: DEFAULTS.groupInitialRebalanceDelayMs,
    memoryMb: DEFAULTS.brokerMemoryMb,
    metricsEnabled: args.metricsHostPort !== undefined,
  });
  return {
    name: args.name,
    image: localImages.kafkaImage,
    env: environmentList(environment),
    healthcheck: {
      Test: args.healthTest,
      Interval: args.intervalSeconds * NANOS_PER_SECOND,
      Timeout: 30 * NANOS_PER_SECOND,
      Retries: 5,
      StartPeriod: 60 * NANOS_PER_SECOND,
    },
    memoryBytes: DEFAULTS.brokerMemoryMb * 1024 * 1024,
    hostPort: args.hostPort,
    metricsHostPort: args.metricsHostPort,
    labels: args.labels,
  };
}

/** `docker run -d`: create and start, on the default bridge, with the data directory on an anonymous volume. */
export async function runBroker(spec: BrokerContainerSpec): Promise<Docker.Container> {
  // Container port → host port.
  const published: Record<number, number> = { [EXTERNAL_PORT]: spec.hostPort };
  if (spec.metricsHostPort !== undefined) published[METRICS_PORT] = spec.metricsHostPort;
  const container = await docker.createContainer({
    name: spec.name,
    Hostname: spec.name,
    Image: spec.image,
    Env: spec.env,
    Labels: spec.labels,
    Healthcheck: spec.healthcheck,
    ExposedPorts: Object.fromEntries(Object.keys(published).map((port) => [`${port}/tcp`, {}])),
    HostConfig: {
      Memory: spec.memoryBytes,
      PortBindings: Object.fromEntries(
        Object.entries(published).map(([port, hostPort]) => [`${port}/tcp`, [{ HostIp: DEFAULTS.hostBindIp, HostPort: String(hostPort) }]]),
      ),
    },
  });
  await container.start();
  return container;
}

/** Polls every 100 ms (the stack's docker provider polls every second) until Docker reports the container healthy. */
export async function waitHealthy(container: Docker.Container, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { State } = await container.inspect();
    if (State.Health?.Status === "healthy") return;
    if (!State.Running) throw new Error(`Container ${container.id.slice(0, 12)} stopped while starting (exit code ${State.ExitCode}); see its docker logs.`);
    if (Date.now() > deadline) throw new Error(`Container ${container.id.slice(0, 12)} was not healthy within ${timeoutMs / 1000} s; see its docker logs.`);
    await sleep(100);
  }
}

/**
 * When Docker created and started the container, and when its first passing probe after that start ended (epoch ms).
 * Docker keeps the last five probes only; `healthyMs` is left out when the first passing one may have dropped off.
 */
export function healthTimeline(info: Docker.ContainerInspectInfo): { createdMs: number; startedMs: number; healthyMs?: number } {
  const startedMs = Date.parse(info.State.StartedAt);
  const log = info.State.Health?.Log ?? [];
  const probes = log.filter((probe) => Date.parse(probe.Start) >= startedMs);
  const firstPass = probes.findIndex((probe) => probe.ExitCode === 0);
  // Probes of this start were dropped only if the log is full and holds nothing older than this start.
  const mayHaveDropped = log.length >= DOCKER_HEALTH_LOG_ENTRIES && probes.length === log.length;
  const certain = firstPass > 0 || (firstPass === 0 && !mayHaveDropped);
  return {
    createdMs: Date.parse(info.Created),
    startedMs,
    healthyMs: certain ? Date.parse(probes[firstPass].End) : undefined,
  };
}

export interface CpuSample {
  cpuNanos: number;
  readMs: number;
}

/** The container's cgroup CPU time so far (Docker stats API), and when Docker read it. */
export async function cpuSample(container: Docker.Container): Promise<CpuSample> {
  const stats = await container.stats({ stream: false, "one-shot": true });
  return { cpuNanos: stats.cpu_stats.cpu_usage.total_usage, readMs: Date.parse(stats.read) };
}

/** CPU-seconds the container used per minute of wall time between two samples. */
export function cpuSecondsPerMinute(from: CpuSample, to: CpuSample): number {
  return (to.cpuNanos - from.cpuNanos) / 1e9 / ((to.readMs - from.readMs) / 60_000);
}

/**
 * What a broker's JVM threads do, from their names as the kernel keeps them (the first 15 characters): Kafka names its
 * threads after their job (data-plane-kafka-request-handler-0, kafka-1-metadata-loader-event-handler, …).
 */
const THREAD_GROUPS: [group: string, name: RegExp][] = [
  ["JIT compilers (C1, C2)", /^C[12] CompilerThre/],
  ["garbage collection", /^(GC Thread|G1 |VM Thread)/],
  ["metadata loader and publishers", /metadat/],
  ["KRaft controller and Raft log", /quorum-contr|raft|controller/],
  ["requests and network (data plane)", /^data-plane|request-hand|network-thr/],
];

/**
 * CPU seconds per thread group of the container's processes so far, read from the host's /proc (this process must
 * see the container's PIDs: same machine, Linux). Threads that ended are not counted.
 */
export function containerThreadCpu(info: Docker.ContainerInspectInfo): Record<string, number> {
  // The init process and its descendants: the run script's java, for one.
  const pids = descendants(info.State.Pid, readProcesses());
  const groups: Record<string, number> = {};
  for (const pid of pids) {
    let threads: string[] = [];
    try {
      threads = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      try {
        const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
        const group = THREAD_GROUPS.find(([, pattern]) => pattern.test(name))?.[0] ?? "other threads";
        groups[group] = (groups[group] ?? 0) + threadCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
      } catch {
        // The thread ended.
      }
    }
  }
  return Object.fromEntries(Object.entries(groups).map(([group, seconds]) => [group, Number(seconds.toFixed(2))]));
}
