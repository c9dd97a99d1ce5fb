// Refreshes one cluster's statistics on a schedule, as kafbat's ClustersStatisticsScheduler does, and holds the
// resulting state (INITIALIZING → ONLINE / OFFLINE) that /api/clusters, /stats and /brokers answer from.
import { ClusterState, initializingState, offlineState, onlineState } from "./clusterShapes";
import { ClusterConfig } from "./config";
import { ConnectReader } from "./connectClient";
import { ClusterReader } from "./kafkaAdmin";
import { BrokerMetrics, scrapeBrokers } from "./metrics";
import { BrokerNode } from "./model";

/** Scrapes the brokers' metrics (null when the cluster has none configured). */
export type MetricsScraper = (brokers: BrokerNode[]) => Promise<BrokerMetrics>;

export type Log = (line: string) => void;

/** A failed live request asks for an early refresh, but not more often than this. */
const minRefreshGapMs = 1000;

export class ClusterMonitor {
  private current: ClusterState = initializingState;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStarted = 0;
  /** Connect name → its REST client, for the clusters' KAFKA_CLUSTERS_<i>_KAFKACONNECT_<j> entries. */
  connectReaders: Record<string, ConnectReader> = {};
  private stopped = false;

  constructor(
    readonly cluster: ClusterConfig,
    readonly reader: ClusterReader,
    private readonly intervalMs: number,
    private readonly log: Log,
    private readonly clock: () => number = Date.now,
    private readonly scrape: MetricsScraper | null = null,
  ) {}

  /** The scraper kafbat's METRICS_TYPE=PROMETHEUS describes, logging each change in which brokers fail once. */
  static prometheusScraper(port: number, timeoutMs: number, log: Log): MetricsScraper {
    let lastProblems = "";
    return async (brokers) => {
      const problems: string[] = [];
      const metrics = await scrapeBrokers(brokers, port, timeoutMs, (line) => problems.push(line));
      const joined = problems.join("; ");
      if (joined !== lastProblems && joined !== "") log(joined);
      lastProblems = joined;
      return metrics;
    };
  }

  get state(): ClusterState {
    return this.current;
  }

  /** Refreshes now and then every interval after the previous refresh ends (so slow refreshes never pile up). */
  start(): void {
    const loop = (): void => {
      if (this.stopped) return;
      this.refresh().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.reader.close();
  }

  /** One refresh at a time; callers arriving during one share it. */
  refresh(): Promise<void> {
    if (!this.running) {
      this.lastStarted = this.clock();
      this.running = this.reader
        .snapshot()
        .then(
          async (snapshot) => {
            const metrics = this.scrape ? await this.scrape(snapshot.brokers).catch(() => ({})) : null;
            this.update(onlineState(snapshot, this.clock(), metrics));
          },
          (error) => this.update(offlineState(error, this.clock())),
        )
        .finally(() => {
          this.running = undefined;
          // Close the connection now rather than after the idle delay: the next refresh is seconds away, and
          // requests from the page open their own.
          this.reader.recycle();
        });
    }
    return this.running;
  }

  /** A live request failed: find out at once whether the cluster is gone, instead of at the next scheduled refresh. */
  refreshSoon(): void {
    if (!this.stopped && !this.running && this.clock() - this.lastStarted >= minRefreshGapMs) {
      this.refresh().catch(() => undefined);
    }
  }

  private update(next: ClusterState): void {
    const previous = this.current;
    this.current = next;
    if (previous.status !== next.status || previous.lastError?.message !== next.lastError?.message) {
      const detail = next.status === "ONLINE" ? `${next.snapshot?.brokers.length ?? 0} broker(s)` : next.lastError?.message;
      this.log(`cluster ${this.cluster.name}: ${previous.status} -> ${next.status} (${detail})`);
    }
  }
}
