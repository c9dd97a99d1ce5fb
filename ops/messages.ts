// What produce sends and consume prints: messages from a count or from lines, record lines, the summaries and exit
// codes. Pure, so the formats are pinned by unit tests.

export interface KeyedMessage {
  key: string;
  value: string;
}

/** Messages per sendAcknowledged call: large enough to batch well, small enough that one failure loses little time. */
export const PRODUCE_BATCH_SIZE = 500;

/** `count` generated messages: keys msg-1 … msg-<count>, JSON values with the number and the time of the run. */
export function generatedMessages(count: number, producedAt: string): KeyedMessage[] {
  return Array.from({ length: count }, (_, index) => ({ key: `msg-${index + 1}`, value: JSON.stringify({ n: index + 1, producedAt }) }));
}

/** One message per non-empty line: `key<TAB>value`, or the whole line as the value with the key line-<n>. */
export function lineMessages(text: string): KeyedMessage[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const tab = line.indexOf("\t");
      return tab > 0 ? { key: line.slice(0, tab), value: line.slice(tab + 1) } : { key: `line-${index + 1}`, value: line };
    });
}

/** `items` in consecutive slices of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

export interface ProduceResult {
  topic: string;
  acknowledged: number;
  failed: number;
  seconds: number;
  /** Why the first unacknowledged batch failed. */
  error?: string;
}

export function produceSummary(result: ProduceResult): string {
  const counts = `${result.acknowledged} acknowledged, ${result.failed} failed`;
  const why = result.error ? ` (${result.error.replace(/\.$/, "")}; the failed messages were not sent again)` : "";
  return `Produced to ${result.topic}: ${counts} in ${result.seconds.toFixed(1)} s${why}.`;
}

/** produce's exit code: 0 when Kafka acknowledged every message, 1 when some were not. */
export function produceExitCode(result: ProduceResult): number {
  return result.failed > 0 ? 1 : 0;
}

export interface ConsumedRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

/** A record as consume prints it: partition, offset, key and value, tab-separated (so `cut` and `awk` read it). */
export function recordLine(record: ConsumedRecord): string {
  return [record.partition, record.offset, record.key ?? "", record.value ?? ""].join("\t");
}

export interface ConsumeResult {
  topic: string;
  group: string;
  read: number;
  max?: number;
  seconds: number;
  /** Why reading ended. */
  ended: "max" | "idle";
  idleSeconds: number;
}

export function consumeSummary(result: ConsumeResult): string {
  const base = `Read ${result.read} record${result.read === 1 ? "" : "s"} from ${result.topic} as group ${result.group} in ${result.seconds.toFixed(1)} s, offsets committed`;
  if (result.ended === "max") return `${base}.`;
  const short = result.max !== undefined ? `; ${result.max - result.read} short of --max ${result.max}` : "";
  return `${base} (no new record for ${result.idleSeconds} s${short}).`;
}

/** consume's exit code: 0 when it read --max records (or, without --max, until idle), 1 when --max was not reached. */
export function consumeExitCode(result: ConsumeResult): number {
  return result.max !== undefined && result.read < result.max ? 1 : 0;
}
