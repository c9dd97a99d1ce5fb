// Broker metrics from a Prometheus exporter on each broker (kafbat's METRICS_TYPE=PROMETHEUS): the text format
// parsed, and the byte rates derived as kafbat's IoRatesMetricsScanner derives them. Only `scrapeBrokers` does IO.
import { BrokerNode } from "./model";

export interface MetricDto {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A series with its family's `# TYPE` (untyped when none was declared). */
export interface ScrapedSeries extends MetricDto {
  type: string;
}

export interface IoRates {
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
}

/** What the last refresh scraped, per broker id; brokers whose scrape failed are absent. */
export type BrokerMetrics = Record<number, ScrapedSeries[]>;

function parseValue(raw: string): number {
  if (raw === "+Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  return Number(raw);
}

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return text.slice(position).trim() === "" ? labels : null;
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    position = pattern.lastIndex;
  }
  return labels;
}

/** Prometheus text format 0.0.4; malformed lines are skipped, as a scrape should not fail on one odd series. */
export function parsePrometheusText(text: string): ScrapedSeries[] {
  const types = new Map<string, string>();
  const series: ScrapedSeries[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types.set(type[1], type[2].toLowerCase());
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/.exec(line);
    if (!match) continue;
    const labels = parseLabels(match[2] ?? "");
    const value = parseValue(match[3]);
    if (!labels || Number.isNaN(value) && match[3] !== "NaN") continue;
    const name = match[1];
    const family = [...types.keys()].find((f) => name === f || name.startsWith(`${f}_`)) ?? name;
    series.push({ name, labels, value, type: types.get(family) ?? "untyped" });
  }
  return series;
}

/** kafbat's filter: BrokerTopicMetrics …FifteenMinuteRate series (case-insensitive), gauge or untyped only. */
function isRateSeries(s: ScrapedSeries): boolean {
  const name = s.name.toLowerCase();
  return name.includes("brokertopicmetrics") && name.endsWith("fifteenminuterate") && (s.type === "gauge" || s.type === "untyped");
}

const isBytesIn = (value: string | undefined): boolean => value?.toLowerCase() === "bytesinpersec";
const isBytesOut = (value: string | undefined): boolean => value?.toLowerCase() === "bytesoutpersec";

/** The broker-wide rates: series with exactly one label, whose value names the rate. */
export function brokerRates(series: ScrapedSeries[]): IoRates {
  const rates: IoRates = { bytesInPerSec: null, bytesOutPerSec: null };
  for (const s of series.filter(isRateSeries)) {
    const values = Object.values(s.labels);
    if (values.length !== 1) continue;
    if (isBytesIn(values[0])) rates.bytesInPerSec = (rates.bytesInPerSec ?? 0) + s.value;
    if (isBytesOut(values[0])) rates.bytesOutPerSec = (rates.bytesOutPerSec ?? 0) + s.value;
  }
  return rates;
}

/** Per-topic rates, summed over brokers: series labelled with `topic` and `name`. */
export function topicRates(metrics: BrokerMetrics): Map<string, IoRates> {
  const byTopic = new Map<string, IoRates>();
  for (const s of Object.values(metrics).flat().filter(isRateSeries)) {
    const topic = s.labels.topic;
    if (topic === undefined || s.labels.name === undefined) continue;
    const rates = byTopic.get(topic) ?? { bytesInPerSec: null, bytesOutPerSec: null };
    if (isBytesIn(s.labels.name)) rates.bytesInPerSec = (rates.bytesInPerSec ?? 0) + s.value;
    if (isBytesOut(s.labels.name)) rates.bytesOutPerSec = (rates.bytesOutPerSec ?? 0) + s.value;
    byTopic.set(topic, rates);
  }
  return byTopic;
}

/** The cluster's rates: the brokers' rates summed; null when no broker was scraped. */
export function clusterRates(metrics: BrokerMetrics | null): IoRates {
  const sum = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);
  return Object.values(metrics ?? {})
    .map(brokerRates)
    .reduce<IoRates>((total, r) => ({ bytesInPerSec: sum(total.bytesInPerSec, r.bytesInPerSec), bytesOutPerSec: sum(total.bytesOutPerSec, r.bytesOutPerSec) }), {
      bytesInPerSec: null,
      bytesOutPerSec: null,
    });
}

/** Scrapes http://<broker host from metadata>:<port>/metrics on every broker; a failed scrape leaves that broker out. */
export async function scrapeBrokers(brokers: BrokerNode[], port: number, timeoutMs: number, log: (line: string) => void): Promise<BrokerMetrics> {
  const results = await Promise.all(
    brokers.map(async (broker): Promise<[number, ScrapedSeries[]] | null> => {
      const url = `http://${broker.host}:${port}/metrics`;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return [broker.nodeId, parsePrometheusText(await response.text())];
      } catch (error) {
        log(`metrics of broker ${broker.nodeId} at ${url} could not be scraped: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    }),
  );
  return Object.fromEntries(results.filter((r): r is [number, ScrapedSeries[]] => r !== null));
}
