// The stack's Prometheus server (metricsServerEnabled) on a three-broker stack of its own: it scrapes every broker,
// and stopping one broker raises KafkaUnderReplicatedPartitions, read through the HTTP API (/api/v1/alerts), within
// the bound its timings give; starting the broker again resolves it. Destroy leaves nothing labelled.
import { Stack } from "@pulumi/pulumi/automation";
import { BROKER_SESSION_ENVIRONMENT } from "../../components/brokerEnv";
import { KAFKA_ALERTS, SCRAPE_INTERVAL } from "../../components/prometheusConfig";
import { consecutiveFreePorts, killContainer, startContainer } from "../helpers/cluster";
import { destroyAndRemove, engineLog, plainOutputs, testStack } from "../../support/deploy";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { freePort } from "../../support/ports";
import { deploymentConfig } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";

const BROKERS = 3;
const ALERT = "KafkaUnderReplicatedPartitions";
const PROMETHEUS_IMAGE = "cdc-kafka/prometheus:2.42";
const stackName = uniqueId("alerts");

/** "15s", "5m", "0m" in milliseconds: the forms prometheusConfig.ts uses. */
function durationMs(text: string): number {
  const match = /^(\d+)([sm])$/.exec(text);
  if (!match) throw new Error(`unexpected Prometheus duration "${text}"`);
  return Number(match[1]) * (match[2] === "m" ? 60_000 : 1_000);
}

const rule = KAFKA_ALERTS.find((alert) => alert.alert === ALERT);
if (!rule) throw new Error(`${ALERT} is not among KAFKA_ALERTS`);
/** Scrape and evaluation share one interval (prometheusConfig's global section). */
const INTERVAL_MS = durationMs(SCRAPE_INTERVAL);
const FOR_MS = durationMs(rule.for);
/**
 * The brokers' broker.session.timeout.ms (BROKER_SESSION_ENVIRONMENT): a SIGKILLed broker sends no heartbeat, and
 * the controller fences it and shrinks the ISRs it was in after this long.
 */
const FENCE_MS = Number(BROKER_SESSION_ENVIRONMENT.KAFKA_BROKER_SESSION_TIMEOUT_MS);
/** Two shared cores (a CI run beside this one): room for a late scrape, a slow controller, a slow HTTP answer. */
const SLACK_MS = 30_000;
/**
 * Pending: the ISRs shrink (fence), the next scrape sees UnderReplicatedPartitions > 0 (one interval), the next
 * evaluation sees that sample (one interval). Firing: once pending, the first evaluation at least `for:` later.
 */
const PENDING_BOUND_MS = FENCE_MS + 2 * INTERVAL_MS + SLACK_MS;
const FIRING_BOUND_MS = FENCE_MS + 2 * INTERVAL_MS + FOR_MS + INTERVAL_MS + SLACK_MS;

interface Outputs {
  brokerContainerNames: string[];
  metricsUrl: string;
  metricsScrapeTargets: string[];
}

interface PrometheusAlert {
  labels: Record<string, string>;
  state: "pending" | "firing";
  activeAt: string;
  value: string;
}

let stack: Stack | undefined;
let stackLabel = "";
let outputs: Outputs | undefined;
const report: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function prometheus<T>(urlPath: string): Promise<T> {
  if (!outputs) throw new Error("the stack was not deployed");
  const response = await fetch(`${outputs.metricsUrl}${urlPath}`, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`${urlPath} answered ${response.status}`);
  const body = (await response.json()) as { status: string; data: T };
  if (body.status !== "success") throw new Error(`${urlPath} answered status ${body.status}`);
  return body.data;
}

const alerts = async () => (await prometheus<{ alerts: PrometheusAlert[] }>("/api/v1/alerts")).alerts;
const underReplicatedAlert = async () => (await alerts()).find((alert) => alert.labels.alertname === ALERT);

beforeAll(async () => {
  const hostPort = await consecutiveFreePorts(BROKERS);
  const metricsServerPort = await freePort();
  const deployment = await deploymentConfig(stackName, {
    brokers: String(BROKERS),
    uiEnabled: "false",
    hostPort: String(hostPort),
    metricsServerEnabled: "true",
    metricsServerPort: String(metricsServerPort),
    prometheusImage: PROMETHEUS_IMAGE,
  });
  stackLabel = deployment.stackLabel;
  stack = await testStack(stackName, deployment.config);
  const started = Date.now();
  await stack.up({ onOutput: engineLog(stackName) });
  report.push(`deploy (3 brokers, Prometheus, no UI): ${seconds(Date.now() - started)}`);
  outputs = (await plainOutputs(stack)) as unknown as Outputs;
}, 420_000);

afterAll(async () => {
  let destroyError: unknown;
  if (stack) {
    // A broker a failed test left down would fail destroy: the kafka provider deletes topics through the brokers.
    if (outputs) await Promise.all(outputs.brokerContainerNames.map((name) => startContainer(name).catch(() => undefined)));
    const started = Date.now();
    try {
      await destroyAndRemove(stack, engineLog(stackName));
      report.push(`destroy: ${seconds(Date.now() - started)}`);
    } catch (error) {
      destroyError = error;
    }
  }
  const left = await countByLabel(stackLabel);
  console.log(["metrics alerts:", ...report.map((line) => `  ${line}`), `  left with label ${stackLabel}: ${JSON.stringify(left)}`].join("\n"));
  if (destroyError) throw destroyError;
  expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
}, 300_000);

describe("the stack's Prometheus server", () => {
  test("outputs the scrape targets and scrapes every broker on them", async () => {
    const names = outputs!.brokerContainerNames;
    expect(outputs!.metricsScrapeTargets).toEqual(names.map((name) => `${name}:11001`));
    expect(outputs!.metricsUrl).toMatch(/^http:\/\/localhost:\d+$/);
    const up = await waitFor(
      async () => {
        const { activeTargets } = await prometheus<{ activeTargets: { scrapeUrl: string; health: string; labels: Record<string, string> }[] }>(
          "/api/v1/targets",
        );
        const healthy = activeTargets.filter((target) => target.health === "up").map((target) => target.labels.instance);
        return healthy.length === BROKERS ? healthy.sort() : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 2_000, what: `Prometheus to scrape all ${BROKERS} brokers` },
    );
    expect(up).toEqual([...outputs!.metricsScrapeTargets].sort());
  });

  test(`stopping a broker raises ${ALERT} (for: ${rule.for}) and starting it resolves it`, async () => {
    const victim = outputs!.brokerContainerNames[BROKERS - 1];
    // A whole cluster first: the alert inactive, and an evaluation that has seen every broker's series.
    await waitFor(async () => (await underReplicatedAlert()) === undefined, { timeoutMs: 120_000, intervalMs: 2_000, what: `${ALERT} to be inactive` });

    const stopped = Date.now();
    await killContainer(victim);
    const pending = await waitFor(async () => await underReplicatedAlert(), {
      timeoutMs: PENDING_BOUND_MS,
      intervalMs: 1_000,
      what: `${ALERT} after ${victim} stopped`,
    });
    const pendingAfter = Date.now() - stopped;
    const firing = await waitFor(async () => ((await underReplicatedAlert())?.state === "firing" ? await underReplicatedAlert() : undefined), {
      timeoutMs: Math.max(FIRING_BOUND_MS - (Date.now() - stopped), 1_000),
      intervalMs: 2_000,
      what: `${ALERT} to fire after ${victim} stopped`,
    });
    const firingAfter = Date.now() - stopped;
    const others = (await alerts()).map((alert) => `${alert.labels.alertname}(${alert.state})`).join(", ");
    report.push(
      `${victim} SIGKILLed: ${ALERT} ${pending.state} after ${seconds(pendingAfter)} (bound ${seconds(PENDING_BOUND_MS)}: fence ${seconds(FENCE_MS)} + scrape + evaluation ${seconds(2 * INTERVAL_MS)} + slack), ` +
        `firing after ${seconds(firingAfter)} (bound ${seconds(FIRING_BOUND_MS)}: the same + for ${rule.for} + one evaluation), value ${firing.value} partitions; alerts then: ${others}`,
    );
    expect(firing.labels.severity).toBe("warning");
    expect(Number(firing.value)).toBeGreaterThan(0);

    const restarted = Date.now();
    await startContainer(victim);
    await waitFor(async () => (await underReplicatedAlert()) === undefined, {
      timeoutMs: 240_000,
      intervalMs: 2_000,
      what: `${ALERT} to resolve after ${victim} started again`,
    });
    report.push(`${victim} started again: ${ALERT} resolved after ${seconds(Date.now() - restarted)} (broker start, ISR rejoin, scrape, evaluation)`);
  }, 900_000);
});
