// Topic messages (/topics/{t}/messages/v2): kafbat's query parameters, which offsets to read for them, the records
// as kafbat's TopicMessage, and the server-sent events kafbat streams them in. No IO here.
import { KafkaRecord, OffsetRange, PartitionOffsets, TimestampTypeDto, TopicMessageConsumingDto, TopicMessageDto, TopicMessageEventDto } from "./model";

export type SeekMode = "FROM_OFFSET" | "TO_OFFSET" | "FROM_TIMESTAMP" | "TO_TIMESTAMP" | "LATEST" | "EARLIEST" | "TAILING";
const seekModes: readonly SeekMode[] = ["FROM_OFFSET", "TO_OFFSET", "FROM_TIMESTAMP", "TO_TIMESTAMP", "LATEST", "EARLIEST", "TAILING"];

export interface MessagesQuery {
  mode: SeekMode;
  /** null = every partition. */
  partitions: number[] | null;
  limit: number;
  /** Required by FROM_OFFSET / TO_OFFSET. */
  offset: number | null;
  /** ms since epoch; required by FROM_TIMESTAMP / TO_TIMESTAMP. */
  timestamp: number | null;
  /** kafbat's "contains" filter on key and value. */
  stringFilter: string | null;
}

/** kafbat's kafka.polling.defaultPageSize and maxPageSize. */
export const defaultMessagesLimit = 100;
export const maxMessagesLimit = 500;
/** How far a filtered read looks per partition for `limit` matches (kafbat polls on until it finds them). */
export const filteredScanPerPartition = 10_000;

function integerParam(params: URLSearchParams, name: string): number | null | "invalid" {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : "invalid";
}

/** The query, or the sentence kafbat answers 400 with. */
export function parseMessagesQuery(params: URLSearchParams): MessagesQuery | { error: string } {
  if (params.get("cursor") !== null) return { error: "Next page cursor not found. Maybe it was evicted from cache." };
  const rawMode = (params.get("mode") ?? "").trim().toUpperCase();
  if (rawMode !== "" && !(seekModes as readonly string[]).includes(rawMode)) {
    return { error: `mode must be one of ${seekModes.join(", ")} (got "${params.get("mode")}").` };
  }
  const mode = (rawMode || "LATEST") as SeekMode;
  if (mode === "TAILING") return { error: "TAILING is not supported by this console; use LATEST and reload." };
  // Spring binds both partitions=0,1 and partitions=0&partitions=1.
  const rawPartitions = params.getAll("partitions").flatMap((value) => value.split(",")).map((p) => p.trim()).filter((p) => p !== "");
  const partitions = rawPartitions.map(Number);
  if (partitions.some((p) => !Number.isInteger(p) || p < 0)) {
    return { error: `partitions must be a comma-separated list of partition numbers (got "${rawPartitions.join(",")}").` };
  }
  const limit = integerParam(params, "limit");
  const offset = integerParam(params, "offset");
  const timestamp = integerParam(params, "timestamp");
  for (const [name, value] of [["limit", limit], ["offset", offset], ["timestamp", timestamp]] as const) {
    if (value === "invalid") return { error: `${name} must be an integer (got "${params.get(name)}").` };
  }
  if ((mode === "FROM_OFFSET" || mode === "TO_OFFSET") && offset === null) return { error: `offsets not provided for ${mode}` };
  if ((mode === "FROM_TIMESTAMP" || mode === "TO_TIMESTAMP") && timestamp === null) return { error: `timestamp not provided for ${mode}` };
  const filter = params.get("stringFilter");
  return {
    mode,
    partitions: partitions.length === 0 ? null : [...new Set(partitions)].sort((a, b) => a - b),
    // kafbat falls back to the default (it does not clamp) when the limit is out of range.
    limit: typeof limit === "number" && limit > 0 && limit <= maxMessagesLimit ? limit : defaultMessagesLimit,
    offset: offset as number | null,
    timestamp: timestamp as number | null,
    stringFilter: filter === null || filter === "" ? null : filter,
  };
}

export const isBackward = (mode: SeekMode): boolean => mode === "LATEST" || mode === "TO_OFFSET" || mode === "TO_TIMESTAMP";

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * Which offsets to read on each partition: forward modes from their start position up, backward modes from their
 * end position down, each clamped to what the partition holds. `timestampOffsets` is Kafka's answer to ListOffsets
 * by timestamp (the first offset at or after it; null when no record is that recent).
 */
export function planRanges(
  query: MessagesQuery,
  partitions: PartitionOffsets[],
  timestampOffsets: Record<number, number | null> = {},
): OffsetRange[] {
  const perPartition = query.stringFilter === null ? query.limit : filteredScanPerPartition;
  return partitions
    .filter((p) => query.partitions === null || query.partitions.includes(p.partition))
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, low, high }) => {
      const byTimestamp = timestampOffsets[partition] ?? high;
      const position = clamp(
        query.mode === "FROM_OFFSET" || query.mode === "TO_OFFSET" ? query.offset! : query.mode === "EARLIEST" ? low : query.mode === "LATEST" ? high : byTimestamp,
        low,
        high,
      );
      return isBackward(query.mode)
        ? { partition, from: Math.max(low, position - perPartition), to: position }
        : { partition, from: position, to: Math.min(high, position + perPartition) };
    })
    .filter((range) => range.to > range.from);
}

const timestampTypes: Record<number, TimestampTypeDto> = { 0: "CREATE_TIME", 1: "LOG_APPEND_TIME" };

/** kafbat's String serde: UTF-8 text (malformed bytes become U+FFFD), sizes in bytes; repeated header keys keep the last. */
export function toTopicMessageDto(record: KafkaRecord): TopicMessageDto {
  const headers: Record<string, string | null> = {};
  let headersSize = 0;
  for (const [key, value] of record.headers) {
    headers[key] = value === null ? null : value.toString("utf8");
    headersSize += Buffer.byteLength(key) + (value?.length ?? 0);
  }
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(Math.max(0, record.timestamp)).toISOString(),
    timestampType: timestampTypes[record.timestampType] ?? "NO_TIMESTAMP_TYPE",
    key: record.key === null ? null : record.key.toString("utf8"),
    value: record.value === null ? null : record.value.toString("utf8"),
    headers,
    keySize: record.key === null ? null : record.key.length,
    valueSize: record.value === null ? null : record.value.length,
    headersSize,
    keySerde: "String",
    valueSerde: "String",
    keyDeserializeProperties: null,
    valueDeserializeProperties: null,
    keyFormat: null,
    valueFormat: null,
    keySchemaId: null,
    valueSchemaId: null,
  };
}

export function matchesFilter(message: TopicMessageDto, filter: string | null): boolean {
  return filter === null || (message.key?.includes(filter) ?? false) || (message.value?.includes(filter) ?? false);
}

/**
 * The messages to send, in kafbat's order: forward modes oldest first, backward modes newest first, partitions
 * merged by timestamp (offset order within a partition), cut to the limit after the filter.
 */
export function selectMessages(records: KafkaRecord[], query: MessagesQuery): TopicMessageDto[] {
  const direction = isBackward(query.mode) ? -1 : 1;
  return records
    .map(toTopicMessageDto)
    .filter((message) => matchesFilter(message, query.stringFilter))
    .sort((a, b) => direction * (Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.offset - b.offset || a.partition - b.partition))
    .slice(0, query.limit);
}

export function recordBytes(record: KafkaRecord): number {
  return (record.key?.length ?? 0) + (record.value?.length ?? 0) + record.headers.reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + (v?.length ?? 0), 0);
}

const event = (type: TopicMessageEventDto["type"], fields: Partial<TopicMessageEventDto>): TopicMessageEventDto => ({
  type,
  message: null,
  phase: null,
  consuming: null,
  cursor: null,
  ...fields,
});

/**
 * kafbat's event sequence for one page: the phases, one MESSAGE per record, the consuming statistics, and DONE.
 * The whole requested range is read in one go, so `cursor` is always null (there is no next page to ask for).
 */
export function messageEvents(ranges: OffsetRange[], records: KafkaRecord[], query: MessagesQuery, elapsedMs: number): TopicMessageEventDto[] {
  const consuming: TopicMessageConsumingDto = {
    bytesConsumed: records.reduce((sum, r) => sum + recordBytes(r), 0),
    elapsedMs,
    isCancelled: false,
    messagesConsumed: records.length,
    filterApplyErrors: 0,
  };
  return [
    event("PHASE", { phase: { name: "Consumer created" } }),
    event("PHASE", { phase: { name: `Polling partitions: [${ranges.map((r) => r.partition).join(", ")}]` } }),
    ...selectMessages(records, query).map((message) => event("MESSAGE", { message })),
    event("CONSUMING", { consuming }),
    event("DONE", { consuming }),
  ];
}

/** One Spring WebFlux SSE frame: a data line and a blank line, no event or id lines. */
export const sseFrame = (e: TopicMessageEventDto): string => `data:${JSON.stringify(e)}\n\n`;
