// Parsers for what the broker containers tell us: kafka-metadata-quorum's table, the jar listing that gives the Kafka
// version, and the container's environment (cp-kafka's contract). Pure, so each format is pinned by a unit test.
import { QuorumNode, QuorumRole } from "./model";

const ROLES: Record<string, QuorumRole> = { leader: "leader", follower: "follower", observer: "observer" };

/** An epoch-ms timestamp (Kafka 3.6 prints these) → its age at `nowMs`; "12 ms ago" (newer tools) → 12; "-1" (never) → undefined. */
export function parseQuorumTimestamp(cell: string, nowMs: number): number | undefined {
  const relative = /^(-?\d+)\s*ms ago$/.exec(cell);
  if (relative) return Math.max(0, Number(relative[1]));
  if (/^\d{12,}$/.test(cell)) return Math.max(0, nowMs - Number(cell));
  return undefined;
}

/**
 * The rows of `kafka-metadata-quorum describe --replication` (Kafka 3.x): a header line then one line per node, cells
 * separated by tabs (and padded with spaces): NodeId, LogEndOffset, Lag, LastFetchTimestamp, LastCaughtUpTimestamp,
 * Status. Throws when no such table is found.
 */
export function parseQuorumReplication(output: string, nowMs: number): QuorumNode[] {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
  const headerIndex = lines.findIndex((line) => /^NodeId\s/.test(line));
  if (headerIndex < 0) {
    throw new Error(`kafka-metadata-quorum printed no replication table (got: ${JSON.stringify(output.slice(0, 200))})`);
  }
  const header = splitCells(lines[headerIndex]);
  const column = (name: string) => header.indexOf(name);
  const required = ["NodeId", "LogEndOffset", "Lag", "Status"];
  const missing = required.filter((name) => column(name) < 0);
  if (missing.length > 0) throw new Error(`kafka-metadata-quorum's table has no ${missing.join(", ")} column (header: ${header.join(" | ")})`);
  return lines.slice(headerIndex + 1).map((line) => {
    const cells = splitCells(line);
    const cell = (name: string) => (column(name) >= 0 ? cells[column(name)] ?? "" : "");
    const role = ROLES[cell("Status").toLowerCase()];
    if (!role || !/^\d+$/.test(cell("NodeId"))) throw new Error(`unexpected kafka-metadata-quorum row: ${JSON.stringify(line)}`);
    return {
      nodeId: Number(cell("NodeId")),
      role,
      logEndOffset: Number(cell("LogEndOffset")),
      lag: Number(cell("Lag")),
      lastFetchMsAgo: parseQuorumTimestamp(cell("LastFetchTimestamp"), nowMs),
      lastCaughtUpMsAgo: parseQuorumTimestamp(cell("LastCaughtUpTimestamp"), nowMs),
    };
  });
}

/** Tab-separated cells; without tabs (a reformatted copy), runs of two or more spaces separate them. */
function splitCells(line: string): string[] {
  const separator = line.includes("\t") ? /\t/ : /\s{2,}/;
  const cells = line.split(separator).map((cell) => cell.trim());
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return cells;
}

/** The Kafka version from a listing of the broker's jar directory: kafka-clients-3.6.2.jar → 3.6.2 (7.6.1-ccs on cp-kafka). */
export function parseKafkaVersion(jarListing: string): string | undefined {
  return /kafka-clients-(\d[^\s/]*?)\.jar/.exec(jarListing)?.[1];
}

/** `NAME=value` entries of a container's Config.Env as a map. */
export function envMap(env: readonly string[]): Record<string, string> {
  return Object.fromEntries(env.filter((entry) => entry.includes("=")).map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

/** Node id and advertised listeners from a broker container's environment (cp-kafka's KAFKA_* contract). */
export function brokerIdentity(env: readonly string[]): { nodeId?: number; listeners: string[] } {
  const values = envMap(env);
  const nodeId = values.KAFKA_NODE_ID ?? values.KAFKA_BROKER_ID;
  const listeners = (values.KAFKA_ADVERTISED_LISTENERS ?? "").split(",").map((listener) => listener.trim()).filter(Boolean);
  return { nodeId: nodeId !== undefined && /^\d+$/.test(nodeId) ? Number(nodeId) : undefined, listeners };
}

/** Lines Kafka logged at level ERROR or FATAL (log4j's `[<time>] LEVEL message (logger)`), in order. */
export function logProblemLines(log: string): string[] {
  return log.split("\n").filter((line) => /^\[[^\]]+\] (ERROR|FATAL) /.test(line));
}
