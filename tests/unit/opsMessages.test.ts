// produce and consume without Kafka: their arguments, the messages they send, the lines and summaries they print and
// their exit codes.
import { DEFAULT_CONSUMER_GROUP, DEFAULT_START_TIMEOUT_SECONDS, parseArgs, usage } from "../../ops/args";
import { OpsError, USAGE_EXIT_CODE } from "../../ops/errors";
import {
  batches,
  consumeExitCode,
  ConsumeResult,
  consumeSummary,
  generatedMessages,
  lineMessages,
  produceExitCode,
  produceSummary,
  recordLine,
} from "../../ops/messages";
import { logProblemLines } from "../../ops/parse";

describe("parseArgs of stop, start, produce and consume", () => {
  test.each<[Parameters<typeof parseArgs>[0], string[], object]>([
    ["stop", ["--stack", "qa"], { stack: "qa" }],
    ["start", [], { stack: "dev", timeoutSeconds: DEFAULT_START_TIMEOUT_SECONDS }],
    ["start", ["--timeout", "60"], { timeoutSeconds: 60 }],
    ["produce", ["--topic", "t", "--count", "1000"], { topic: "t", count: 1000, timeoutSeconds: 10 }],
    ["produce", ["--topic=t", "--file", "/tmp/m.txt", "-s", "qa"], { topic: "t", file: "/tmp/m.txt", stack: "qa" }],
    ["consume", ["--topic", "t"], { topic: "t", group: DEFAULT_CONSUMER_GROUP, timeoutSeconds: 10 }],
    [
      "consume",
      ["--topic", "t", "--group", "g", "--from-beginning", "--max", "1000", "--count-only", "--timeout", "5"],
      { topic: "t", group: "g", fromBeginning: true, max: 1000, countOnly: true, timeoutSeconds: 5 },
    ],
  ])("%s %j", (command, argv, expected) => {
    expect(parseArgs(command, argv)).toEqual(expect.objectContaining(expected));
  });

  test.each<[Parameters<typeof parseArgs>[0], string[], string]>([
    ["produce", ["--count", "10"], "`npm run produce` needs the topic: `npm run produce -- --topic <name>` (`npm run topics` lists them)."],
    ["consume", ["--group", "g"], "`npm run consume` needs the topic: `npm run consume -- --topic <name>` (`npm run topics` lists them)."],
    ["produce", ["--topic", "t", "--count", "many"], '--count takes a positive whole number of messages, not "many".'],
    ["produce", ["--topic", "t", "--count", "1.5"], '--count takes a positive whole number of messages, not "1.5".'],
    ["produce", ["--topic", "t", "--count", "0"], '--count takes a positive whole number of messages, not "0".'],
    ["produce", ["--topic", "t", "--count", "2", "--file", "f"], "--count and --file are two sources of messages; give one of them."],
    ["consume", ["--topic", "t", "--max", "ten"], '--max takes a positive whole number of records, not "ten".'],
    ["consume", ["--topic", "t", "--timeout", "never"], '--timeout takes a positive number of seconds, not "never".'],
    ["consume", ["--topic", "t", "--count", "3"], "Unknown option --count for `npm run consume`; it takes --stack <name>, --topic <name>, --group <id>, --from-beginning, --max <n>, --count-only, --timeout <seconds>."],
    ["stop", ["--timeout", "3"], "Unknown option --timeout for `npm run stop`; it takes --stack <name>."],
    ["start", ["qa"], "`npm run start` takes no arguments besides its options (got qa); to pick a stack, write `--stack qa`."],
  ])("%s %j fails: %s", (command, argv, message) => {
    let thrown: unknown;
    try {
      parseArgs(command, argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new OpsError(message));
    expect((thrown as OpsError).exitCode).toBe(USAGE_EXIT_CODE);
  });

  test("--help needs no topic; the usage names every option", () => {
    expect(parseArgs("produce", ["--help"]).help).toBe(true);
    expect(usage("consume")).toContain("  --from-beginning     move the group to the oldest records first");
    expect(usage("start")).toContain(`how long to wait for the brokers to report healthy (default ${DEFAULT_START_TIMEOUT_SECONDS})`);
  });
});

describe("messages", () => {
  test("generated: keys msg-1 … msg-n, values numbered", () => {
    expect(generatedMessages(2, "2026-11-29T00:00:00.000Z")).toEqual([
      { key: "msg-1", value: '{"n":1,"producedAt":"2026-11-29T00:00:00.000Z"}' },
      { key: "msg-2", value: '{"n":2,"producedAt":"2026-11-29T00:00:00.000Z"}' },
    ]);
  });

  test("lines: key<TAB>value or a value keyed by its line number; blank lines skipped", () => {
    expect(lineMessages("a\tone\r\n\nplain value\n\tleading tab\n")).toEqual([
      { key: "a", value: "one" },
      { key: "line-2", value: "plain value" },
      { key: "line-3", value: "\tleading tab" },
    ]);
    expect(lineMessages("\n  \n")).toEqual([]);
  });

  test("batches", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 2)).toEqual([]);
  });

  test("produce summary and exit code", () => {
    const all = { topic: "t", acknowledged: 1000, failed: 0, seconds: 1.23 };
    expect(produceSummary(all)).toBe("Produced to t: 1000 acknowledged, 0 failed in 1.2 s.");
    expect(produceExitCode(all)).toBe(0);
    const some = { topic: "t", acknowledged: 500, failed: 500, seconds: 120, error: "KafkaJSNumberOfRetriesExceeded." };
    expect(produceSummary(some)).toBe(
      "Produced to t: 500 acknowledged, 500 failed in 120.0 s (KafkaJSNumberOfRetriesExceeded; the failed messages were not sent again).",
    );
    expect(produceExitCode(some)).toBe(1);
  });

  test("a record line is tab-separated partition, offset, key, value", () => {
    expect(recordLine({ partition: 2, offset: "41", key: "msg-1", value: "{}" })).toBe("2\t41\tmsg-1\t{}");
    expect(recordLine({ partition: 0, offset: "0", key: null, value: null })).toBe("0\t0\t\t");
  });

  test.each<[Partial<ConsumeResult>, string, number]>([
    [{ read: 1000, max: 1000, ended: "max" }, "Read 1000 records from t as group g in 2.0 s, offsets committed.", 0],
    [{ read: 7, ended: "idle" }, "Read 7 records from t as group g in 2.0 s, offsets committed (no new record for 10 s).", 0],
    [{ read: 1, max: 5, ended: "idle" }, "Read 1 record from t as group g in 2.0 s, offsets committed (no new record for 10 s; 4 short of --max 5).", 1],
  ])("consume %j", (partial, summary, code) => {
    const result: ConsumeResult = { topic: "t", group: "g", read: 0, seconds: 2, ended: "idle", idleSeconds: 10, ...partial };
    expect(consumeSummary(result)).toBe(summary);
    expect(consumeExitCode(result)).toBe(code);
  });
});

test("logProblemLines: only log4j ERROR and FATAL lines", () => {
  const log = [
    "[2026-11-29 04:00:00,000] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)",
    "[2026-11-29 04:00:01,000] ERROR [Controller 1] failed (org.apache.kafka.controller.QuorumController)",
    "[2026-11-29 04:00:02,000] WARN an ERROR in a warning (x)",
    "\tat org.apache.kafka.Foo(Foo.java:1)",
    "[2026-11-29 04:00:03,000] FATAL halting (kafka.Kafka$)",
  ].join("\n");
  expect(logProblemLines(log)).toEqual([
    "[2026-11-29 04:00:01,000] ERROR [Controller 1] failed (org.apache.kafka.controller.QuorumController)",
    "[2026-11-29 04:00:03,000] FATAL halting (kafka.Kafka$)",
  ]);
});
