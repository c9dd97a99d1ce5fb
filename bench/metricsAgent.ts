// Cost of the JMX exporter agent: the same broker (local image, the library's environment from brokerEnvironment)
// with metricsEnabled's agent and without, side by side in every round: `docker run` until healthy, idle CPU over a
// fixed window while nobody scrapes, then what one scrape of /metrics costs and how big the endpoint is.
import Docker from "dockerode";
import { DATA_DIR, INTERNAL_PORT } from "../components/brokerEnv";
import { brokerHealthcheckTest } from "../components/brokerHealthcheck";
import { docker } from "../support/docker";
import { uniqueId } from "../support/ids";
import { freePorts } from "../support/ports";
import { sleep } from "../support/waitFor";
import { parsePrometheusText } from "../ui/metrics";
import { cpuSample, cpuSecondsPerMinute, librarySpec, runBroker, waitHealthy } from "./brokerContainer";
import { Benchmark, BenchContext, secondsSince, testLabel } from "./harness";
import { armOrder, summarize } from "./stats";

/** A round costs about 100 s (two starts, settling, the idle window, the scrapes). */
const ROUNDS = 5;
/** 1 s instead of the stack's 2 s, so the time to healthy is not rounded up to the next 2 s probe. */
const INTERVAL_SECONDS = 1;
/** After both brokers are healthy, so that start-up work (JIT, first metadata snapshots) has ended before the window. */
const SETTLE_SECONDS = 30;
const WINDOW_SECONDS = 60;
/** Scrapes in a row per round, after one unmeasured warm-up scrape; Prometheus scrapes a broker every 15 s. */
const SCRAPES = 30;
const HEALTHY_TIMEOUT_MS = 120_000;

type Arm = "agent" | "plain";
const ARMS: Arm[] = ["agent", "plain"];

/** One GET of the exporter: wall time and the body. */
async function scrape(url: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}; check the broker's JMX exporter agent.`);
  const body = await response.text();
  return { ms: performance.now() - started, body };
}

export const metricsAgent: Benchmark = {
  name: "metrics",
  title: "Metrics agent cost",
  expectedMinutes: 9,
  async measure(ctx: BenchContext) {
    const { labels } = testLabel(ctx, "metrics-agent");
    const startSeconds: Record<Arm, number[]> = { agent: [], plain: [] };
    const idleCpu: Record<Arm, number[]> = { agent: [], plain: [] };
    const scrapeWallMs: number[] = [];
    const scrapeCpuMs: number[] = [];
    const series: number[] = [];
    const bytes: number[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const [agentPort, plainPort, metricsPort] = await freePorts(3);
      const prefix = uniqueId("bench-ma");
      const specs = {
        agent: librarySpec({ name: `${prefix}-agent`, hostPort: agentPort, metricsHostPort: metricsPort, ...probe(labels) }),
        plain: librarySpec({ name: `${prefix}-plain`, hostPort: plainPort, ...probe(labels) }),
      };
      const containers = {} as Record<Arm, Docker.Container>;
      try {
        // One after the other, so a start never shares the cores with the other arm's start.
        for (const arm of armOrder(ARMS, round)) {
          const started = performance.now();
          containers[arm] = await runBroker(specs[arm]);
          await waitHealthy(containers[arm], HEALTHY_TIMEOUT_MS);
          startSeconds[arm].push(secondsSince(started));
        }
        await sleep(SETTLE_SECONDS * 1000);
        // Both windows at once, so both arms see the same load from the rest of the machine.
        const before = await Promise.all(ARMS.map((arm) => cpuSample(containers[arm])));
        await sleep(WINDOW_SECONDS * 1000);
        const after = await Promise.all(ARMS.map((arm) => cpuSample(containers[arm])));
        ARMS.forEach((arm, index) => idleCpu[arm].push(cpuSecondsPerMinute(before[index], after[index])));

        const url = `http://127.0.0.1:${metricsPort}/metrics`;
        const { body } = await scrape(url);
        series.push(parsePrometheusText(body).length);
        bytes.push(Buffer.byteLength(body));
        const cpuBefore = await cpuSample(containers.agent);
        const walls: number[] = [];
        for (let n = 0; n < SCRAPES; n++) walls.push((await scrape(url)).ms);
        const cpuAfter = await cpuSample(containers.agent);
        // The scrapes' CPU, less what the idle broker would have used in the same time.
        const idlePerMs = idleCpu.agent[round] / 60_000;
        const cpuMs = (cpuAfter.cpuNanos - cpuBefore.cpuNanos) / 1e6 - idlePerMs * (cpuAfter.readMs - cpuBefore.readMs);
        scrapeWallMs.push(summarize(walls).median);
        scrapeCpuMs.push(cpuMs / SCRAPES);
        ctx.log(
          `round ${round + 1}: healthy after ${startSeconds.agent[round].toFixed(1)} s with the agent, ${startSeconds.plain[round].toFixed(1)} s without; ` +
            `idle CPU-s/min ${idleCpu.agent[round].toFixed(2)} vs ${idleCpu.plain[round].toFixed(2)}; ` +
            `a scrape ${scrapeWallMs[round].toFixed(1)} ms wall, ${scrapeCpuMs[round].toFixed(1)} ms CPU; ${series[round]} series, ${bytes[round]} B`,
        );
      } finally {
        await Promise.all(Object.values(containers).map((container) => docker.getContainer(container.id).remove({ force: true, v: true })));
      }
    }
    return {
      subject: { label: "broker with the JMX exporter agent: docker run until healthy", unit: "s", values: startSeconds.agent },
      baseline: { label: "the same broker without the agent", unit: "s", values: startSeconds.plain },
      ratioMeaning: "with agent / without",
      paired: true,
      comparisons: [
        {
          title: "idle CPU",
          subject: { label: "broker with the agent, idle and not scraped", unit: "CPU-s/min", values: idleCpu.agent },
          baseline: { label: "the same broker without the agent, idle", unit: "CPU-s/min", values: idleCpu.plain },
          ratioMeaning: "with agent / without",
        },
      ],
      details: {
        rounds: ROUNDS,
        scrapeWallMs: summarize(scrapeWallMs),
        scrapeCpuMs: summarize(scrapeCpuMs),
        endpointSeries: summarize(series),
        endpointBytes: summarize(bytes),
        healthcheckIntervalSeconds: INTERVAL_SECONDS,
        settleSeconds: SETTLE_SECONDS,
        windowSeconds: WINDOW_SECONDS,
        scrapesPerRound: SCRAPES,
      },
      notes: [
        "Both arms: one broker from brokerEnvironment (the library's defaults, 1 GiB, heap 512 MiB) on the local image, started with Engine API create + start (docker run) and the library's healthcheck every 1 s; the agent arm adds metricsEnabled's KAFKA_OPTS (-javaagent, port 11001 published on 127.0.0.1).",
        "Start: from create until Docker reports healthy (polled every 100 ms); the two arms start one after the other, the order alternating round by round.",
        `Idle CPU: deltas of the Docker stats API's cpu_stats.cpu_usage.total_usage (healthcheck probes included, the same in both arms) over one ${WINDOW_SECONDS} s window per round, both brokers at once, ${SETTLE_SECONDS} s after both were healthy; nothing scrapes the agent then.`,
        `Scrape: after the window, one warm-up GET of /metrics from the host (its size is the endpoint's: series as the console's parser counts them, bytes of the body), then ${SCRAPES} in a row; wall time per scrape (median of the round) and the container's CPU per scrape less its idle rate.`,
        "The brokers have no topics, so the endpoint carries the broker-wide and JVM series only; each topic adds up to 24 BrokerTopicMetrics series and one log size per partition.",
      ],
    };
  },
};

/** The healthcheck and labels both arms share. */
function probe(labels: Record<string, string>) {
  return { healthTest: brokerHealthcheckTest({ port: INTERNAL_PORT, dataDir: DATA_DIR }), intervalSeconds: INTERVAL_SECONDS, labels };
}
