// Byte rates of a deployed cluster from each broker's Prometheus JMX exporter, derived with the console's own parser and
// rules (ui/metrics.ts, kafbat's IoRatesMetricsScanner), so status and the UI agree. Pure: the reader does the IO.
import { brokerRates, clusterRates, IoRates, ScrapedSeries, topicRates } from "../ui/metrics";
import { BrokerRates, RatesStatus } from "./model";

/** The exporter agent's port in the broker's KAFKA_OPTS (`-javaagent:…jmx_prometheus_javaagent…=[host:]port:rules`). */
export function exporterPort(env: string[]): number | undefined {
  const opts = env.find((entry) => entry.startsWith("KAFKA_OPTS="));
  const match = opts === undefined ? null : /-javaagent:\S*jmx_prometheus_javaagent\S*?=(?:[^:\s]+:)?(\d+):/.exec(opts);
  return match ? Number(match[1]) : undefined;
}

/** The body of a raw HTTP/1.x response to GET /metrics; throws with the status line unless it is 200. */
export function httpBody(raw: string): string {
  const end = raw.indexOf("\r\n\r\n");
  const statusLine = raw.slice(0, raw.indexOf("\r\n") >= 0 ? raw.indexOf("\r\n") : raw.length);
  if (end < 0 || !/^HTTP\/1\.[01] 200\b/.test(statusLine)) throw new Error(`the exporter answered ${JSON.stringify(statusLine.slice(0, 80)) || "nothing"}`);
  return raw.slice(end + 4);
}

/** One broker's scrape: its series, or why there are none. */
export interface BrokerScrape {
  nodeId: number;
  container: string;
  series?: ScrapedSeries[];
  error?: string;
}

/** Cluster (sum over the scraped brokers), per-broker and per-topic (sum over brokers, by name) rates. */
export function ratesFromScrapes(scrapes: BrokerScrape[]): RatesStatus {
  const scraped = Object.fromEntries(scrapes.flatMap((scrape) => (scrape.series ? [[scrape.nodeId, scrape.series]] : [])));
  const brokers = scrapes.map((scrape): BrokerRates => {
    const rates: IoRates = scrape.series ? brokerRates(scrape.series) : { bytesInPerSec: null, bytesOutPerSec: null };
    return { nodeId: scrape.nodeId, container: scrape.container, ...rates, ...(scrape.error ? { error: scrape.error } : {}) };
  });
  const topics = [...topicRates(scraped)].sort(([a], [b]) => a.localeCompare(b)).map(([topic, rates]) => ({ topic, ...rates }));
  return { cluster: clusterRates(scraped), brokers, topics };
}
