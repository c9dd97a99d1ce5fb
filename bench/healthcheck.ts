// Healthcheck cost: CPU of an idle broker container probed by the library's healthcheck (brokerHealthcheckTest)
// against the same broker probed by the JVM tool kafka-broker-api-versions, both every 2 s, plus an unprobed broker
// as the idle floor. The three run at the same time, so every window hits them with the same machine load.
import Docker from "dockerode";
import { DATA_DIR, INTERNAL_PORT } from "../components/brokerEnv";
import { brokerHealthcheckTest } from "../components/brokerHealthcheck";
import { uniqueId } from "../support/ids";
import { freePorts } from "../support/ports";
import { sleep } from "../support/waitFor";
import { cpuSample, cpuSecondsPerMinute, librarySpec, runBroker, waitHealthy } from "./brokerContainer";
import { Benchmark, BenchContext, testLabel } from "./harness";
import { summarize } from "./stats";

const INTERVAL_SECONDS = 2;
/** Medians of five windows, as the performance targets ask. */
const WINDOWS = 5;
const WINDOW_SECONDS = 60;
/**
 * After the probed brokers turn healthy, so that start-up work (JIT compilation, first metadata snapshots) has ended
 * before measuring: with 15 s the first window still ran about 25 % above the later ones on all three brokers.
 */
const SETTLE_SECONDS = 45;
const HEALTHY_TIMEOUT_MS = 120_000;

const PROBES = {
  library: brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR }),
  jvmTool: ["CMD", "kafka-broker-api-versions", "--bootstrap-server", `127.0.0.1:${INTERNAL_PORT}`],
  none: ["NONE"],
};
type Probe = keyof typeof PROBES;

/** Median wall time of the probes Docker still remembers (its last five). */
async function probeSeconds(container: Docker.Container): Promise<number | undefined> {
  const log = (await container.inspect()).State.Health?.Log ?? [];
  if (log.length === 0) return undefined;
  return summarize(log.map((probe) => (Date.parse(probe.End) - Date.parse(probe.Start)) / 1000)).median;
}

export const healthcheck: Benchmark = {
  name: "healthcheck",
  title: "Healthcheck cost",
  expectedMinutes: 7,
  async measure(ctx: BenchContext) {
    const { labels } = testLabel(ctx, "healthcheck");
    const probes = Object.keys(PROBES) as Probe[];
    const ports = await freePorts(probes.length);
    const prefix = uniqueId("bench-hc");
    const containers = {} as Record<Probe, Docker.Container>;
    for (const [index, probe] of probes.entries()) {
      const name = `${prefix}-${probe}`;
      const spec = librarySpec({ name, hostPort: ports[index], healthTest: PROBES[probe], intervalSeconds: INTERVAL_SECONDS, labels });
      containers[probe] = await runBroker(spec);
    }
    await Promise.all([waitHealthy(containers.library, HEALTHY_TIMEOUT_MS), waitHealthy(containers.jvmTool, HEALTHY_TIMEOUT_MS)]);
    ctx.log(`three brokers up (library probe, JVM-tool probe, no probe); settling ${SETTLE_SECONDS} s`);
    await sleep(SETTLE_SECONDS * 1000);

    const perMinute: Record<Probe, number[]> = { library: [], jvmTool: [], none: [] };
    const sampleAll = () => Promise.all(probes.map((probe) => cpuSample(containers[probe])));
    let previous = await sampleAll();
    for (let window = 0; window < WINDOWS; window++) {
      await sleep(WINDOW_SECONDS * 1000);
      const current = await sampleAll();
      probes.forEach((probe, index) => perMinute[probe].push(cpuSecondsPerMinute(previous[index], current[index])));
      previous = current;
      const figures = probes.map((probe) => `${probe} ${perMinute[probe][window].toFixed(2)}`);
      ctx.log(`window ${window + 1} (CPU-s per minute): ${figures.join(", ")}`);
    }
    const durations = { library: await probeSeconds(containers.library), jvmTool: await probeSeconds(containers.jvmTool) };
    const idle = summarize(perMinute.none).median;
    const netPerMinute = { library: summarize(perMinute.library).median - idle, jvmTool: summarize(perMinute.jvmTool).median - idle };
    // Docker starts the next probe an interval after the previous one ended.
    const perProbe = (probe: "library" | "jvmTool") => {
      const seconds = durations[probe];
      return seconds === undefined ? undefined : (netPerMinute[probe] * (INTERVAL_SECONDS + seconds)) / 60;
    };
    return {
      subject: { label: "broker probed by the library's healthcheck", unit: "CPU-s/min", values: perMinute.library },
      baseline: { label: "broker probed by kafka-broker-api-versions", unit: "CPU-s/min", values: perMinute.jvmTool },
      references: [{ label: "broker without a healthcheck (idle floor)", unit: "CPU-s/min", values: perMinute.none }],
      ratioMeaning: "library probe / JVM-tool probe (lower is cheaper)",
      paired: true,
      details: {
        windows: WINDOWS,
        windowSeconds: WINDOW_SECONDS,
        intervalSeconds: INTERVAL_SECONDS,
        probeCostCpuSecondsPerMinute: netPerMinute,
        probeWallSecondsMedian: durations,
        cpuSecondsPerProbe: { library: perProbe("library"), jvmTool: perProbe("jvmTool") },
      },
      notes: [
        `Three idle brokers with the library's environment run at once: one probed by brokerHealthcheckTest, one by kafka-broker-api-versions (the container's own KAFKA_HEAP_OPTS apply to it, as in a plain CMD), one without a healthcheck; interval ${INTERVAL_SECONDS} s, timeout 30 s so no probe is cut short.`,
        `CPU: deltas of the Docker stats API's cpu_stats.cpu_usage.total_usage (the container's cgroup, probes included) over ${WINDOWS} windows of ${WINDOW_SECONDS} s after ${SETTLE_SECONDS} s of settling; Docker's own exec overhead in dockerd/containerd is outside the cgroup and not counted.`,
        "Docker waits the interval after a probe ends, so a slow probe also runs less often.",
      ],
    };
  },
};
