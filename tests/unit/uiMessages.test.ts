import { toKafkaRecord } from "../../ui/kafkaAdmin";
import {
  MessagesQuery,
  messageEvents,
  parseMessagesQuery,
  planRanges,
  selectMessages,
  sseFrame,
  toTopicMessageDto,
} from "../../ui/messageShapes";
import { KafkaRecord, PartitionOffsets } from "../../ui/model";

const query = (overrides: Partial<MessagesQuery> = {}): MessagesQuery => ({
  mode: "LATEST",
  partitions: null,
  limit: 100,
  offset: null,
  timestamp: null,
  stringFilter: null,
  ...overrides,
});

describe("parseMessagesQuery", () => {
  test.each([
    ["", query()],
    ["mode=earliest&limit=5", query({ mode: "EARLIEST", limit: 5 })],
    ["mode=FROM_OFFSET&offset=7&partitions=2,0,2", query({ mode: "FROM_OFFSET", offset: 7, partitions: [0, 2] })],
    ["mode=TO_TIMESTAMP&timestamp=1700000000000&partitions=1&partitions=3", query({ mode: "TO_TIMESTAMP", timestamp: 1700000000000, partitions: [1, 3] })],
    // kafbat falls back to the default page size rather than clamping.
    ["limit=501", query()],
    ["limit=0", query()],
    ["limit=500&stringFilter=op", query({ limit: 500, stringFilter: "op" })],
    ["mode=FROM_OFFSET", { error: "offsets not provided for FROM_OFFSET" }],
    ["mode=TO_OFFSET", { error: "offsets not provided for TO_OFFSET" }],
    ["mode=FROM_TIMESTAMP", { error: "timestamp not provided for FROM_TIMESTAMP" }],
    ["mode=TAILING", { error: "TAILING is not supported by this console; use LATEST and reload." }],
    ["mode=SIDEWAYS", { error: 'mode must be one of FROM_OFFSET, TO_OFFSET, FROM_TIMESTAMP, TO_TIMESTAMP, LATEST, EARLIEST, TAILING (got "SIDEWAYS").' }],
    ["partitions=0,x", { error: 'partitions must be a comma-separated list of partition numbers (got "0,x").' }],
    ["limit=ten", { error: 'limit must be an integer (got "ten").' }],
    ["cursor=abc", { error: "Next page cursor not found. Maybe it was evicted from cache." }],
  ])("?%s", (search, expected) => {
    expect(parseMessagesQuery(new URLSearchParams(search))).toEqual(expected);
  });
});

describe("planRanges", () => {
  const partitions: PartitionOffsets[] = [
    { partition: 1, low: 10, high: 20 },
    { partition: 0, low: 0, high: 5 },
    { partition: 2, low: 3, high: 3 },
  ];
  test.each<[string, MessagesQuery, Record<number, number | null>, { partition: number; from: number; to: number }[]]>([
    ["LATEST: the newest `limit` per partition; empty partitions skipped", query({ limit: 3 }), {}, [{ partition: 0, from: 2, to: 5 }, { partition: 1, from: 17, to: 20 }]],
    ["EARLIEST", query({ mode: "EARLIEST", limit: 3 }), {}, [{ partition: 0, from: 0, to: 3 }, { partition: 1, from: 10, to: 13 }]],
    ["FROM_OFFSET clamped to each partition", query({ mode: "FROM_OFFSET", offset: 4, limit: 3 }), {}, [{ partition: 0, from: 4, to: 5 }, { partition: 1, from: 10, to: 13 }]],
    ["TO_OFFSET reads below the offset", query({ mode: "TO_OFFSET", offset: 12, limit: 5 }), {}, [{ partition: 0, from: 0, to: 5 }, { partition: 1, from: 10, to: 12 }]],
    ["FROM_TIMESTAMP; null = nothing that recent", query({ mode: "FROM_TIMESTAMP", timestamp: 1, limit: 3 }), { 0: 4, 1: null }, [{ partition: 0, from: 4, to: 5 }]],
    ["TO_TIMESTAMP", query({ mode: "TO_TIMESTAMP", timestamp: 1, limit: 3 }), { 0: 1, 1: 15 }, [{ partition: 0, from: 0, to: 1 }, { partition: 1, from: 12, to: 15 }]],
    ["only the partitions asked for", query({ partitions: [1], limit: 2 }), {}, [{ partition: 1, from: 18, to: 20 }]],
    ["a filter scans further than the limit", query({ limit: 1, stringFilter: "x" }), {}, [{ partition: 0, from: 0, to: 5 }, { partition: 1, from: 10, to: 20 }]],
  ])("%s", (_, q, byTimestamp, expected) => {
    expect(planRanges(q, partitions, byTimestamp)).toEqual(expected);
  });
});

const record = (partition: number, offset: number, timestamp: number, value: string | null, key: string | null = null): KafkaRecord => ({
  partition,
  offset,
  timestamp,
  timestampType: 0,
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [],
});

test("toTopicMessageDto is kafbat's TopicMessage with the String serde", () => {
  const r: KafkaRecord = {
    partition: 2,
    offset: 41,
    timestamp: Date.UTC(2026, 0, 31, 12, 0, 0, 5),
    timestampType: 1,
    key: Buffer.from('{"id":1}'),
    value: Buffer.from("é"),
    headers: [["trace", Buffer.from("a")], ["trace", Buffer.from("bc")], ["empty", null]],
  };
  expect(toTopicMessageDto(r)).toEqual({
    partition: 2,
    offset: 41,
    timestamp: "2026-01-31T12:00:00.005Z",
    timestampType: "LOG_APPEND_TIME",
    key: '{"id":1}',
    value: "é",
    headers: { trace: "bc", empty: null },
    keySize: 8,
    valueSize: 2,
    headersSize: 5 + 1 + 5 + 2 + 5,
    keySerde: "String",
    valueSerde: "String",
    keyDeserializeProperties: null,
    valueDeserializeProperties: null,
    keyFormat: null,
    valueFormat: null,
    keySchemaId: null,
    valueSchemaId: null,
  });
  expect(toTopicMessageDto({ ...r, key: null, value: null, timestampType: -1, headers: [] })).toMatchObject({
    key: null,
    value: null,
    keySize: null,
    valueSize: null,
    headers: {},
    headersSize: 0,
    timestampType: "NO_TIMESTAMP_TYPE",
  });
});

describe("selectMessages", () => {
  const records = [record(0, 0, 100, "a"), record(0, 1, 300, "b"), record(1, 0, 200, "c", "key-x"), record(1, 1, 300, "d")];
  const positions = (q: MessagesQuery) => selectMessages(records, q).map((m) => `${m.partition}:${m.offset}`);
  test.each<[string, MessagesQuery, string[]]>([
    ["backward: newest first, ties by offset then partition", query(), ["1:1", "0:1", "1:0", "0:0"]],
    ["forward: oldest first", query({ mode: "EARLIEST" }), ["0:0", "1:0", "0:1", "1:1"]],
    ["cut to the limit", query({ limit: 2 }), ["1:1", "0:1"]],
    ["filter on key or value", query({ stringFilter: "x" }), ["1:0"]],
    ["filter on value", query({ mode: "EARLIEST", stringFilter: "d" }), ["1:1"]],
  ])("%s", (_, q, expected) => {
    expect(positions(q)).toEqual(expected);
  });
});

test("messageEvents: kafbat's sequence, and each as one SSE data frame", () => {
  const records = [record(0, 0, 100, "ab", "k")];
  const events = messageEvents([{ partition: 0, from: 0, to: 1 }, { partition: 3, from: 0, to: 1 }], records, query(), 12);
  const consuming = { bytesConsumed: 3, elapsedMs: 12, isCancelled: false, messagesConsumed: 1, filterApplyErrors: 0 };
  expect(events).toEqual([
    { type: "PHASE", message: null, phase: { name: "Consumer created" }, consuming: null, cursor: null },
    { type: "PHASE", message: null, phase: { name: "Polling partitions: [0, 3]" }, consuming: null, cursor: null },
    { type: "MESSAGE", message: toTopicMessageDto(records[0]), phase: null, consuming: null, cursor: null },
    { type: "CONSUMING", message: null, phase: null, consuming, cursor: null },
    { type: "DONE", message: null, phase: null, consuming, cursor: null },
  ]);
  expect(sseFrame(events[0])).toBe('data:{"type":"PHASE","message":null,"phase":{"name":"Consumer created"},"consuming":null,"cursor":null}\n\n');
});

test("toKafkaRecord flattens kafkajs's repeated headers and reads the batch's timestamp type", () => {
  expect(
    toKafkaRecord(1, {
      offset: "7",
      timestamp: "1700000000000",
      key: null,
      value: Buffer.from("v"),
      headers: { a: [Buffer.from("1"), Buffer.from("2")], b: Buffer.from("3") },
      isControlRecord: false,
      batchContext: { timestampType: 0 },
    }),
  ).toEqual({
    partition: 1,
    offset: 7,
    timestamp: 1700000000000,
    timestampType: 0,
    key: null,
    value: Buffer.from("v"),
    headers: [["a", Buffer.from("1")], ["a", Buffer.from("2")], ["b", Buffer.from("3")]],
  });
});
