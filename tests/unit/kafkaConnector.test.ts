// The connector resource's pure half: input checks, how a Connect status reads as running / pending / failed, and
// Connect's validation answer as sentences. The REST calls themselves are exercised against a real worker by the
// pipeline's integration tests.
import { connectorInputProblems, connectorProgress, traceHeadline, validationProblems } from "../../components/kafkaConnector";

const valid = {
  connectUrl: "http://127.0.0.1:8083",
  connectorName: "videos-cdc",
  config: { "connector.class": "io.debezium.connector.postgresql.PostgresConnector" },
};

describe("connectorInputProblems", () => {
  test("valid inputs have none", () => {
    expect(connectorInputProblems(valid)).toEqual([]);
    expect(connectorInputProblems({ ...valid, runningTimeoutSeconds: 30 })).toEqual([]);
  });

  test("inputs unknown until apply (a preview) are judged at apply", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(connectorInputProblems({ connectUrl: unknown, connectorName: unknown, config: unknown as unknown as Record<string, string> })).toEqual([]);
    expect(connectorInputProblems({ ...valid, config: { ...valid.config, "database.password": unknown } })).toEqual([]);
    expect(connectorInputProblems({ connectUrl: unknown, connectorName: "a b", config: unknown as unknown as Record<string, string> })).toEqual([
      'connectorName (a b) must be letters, digits, ".", "_" or "-".',
    ]);
  });

  test("every problem at once, one sentence each", () => {
    expect(
      connectorInputProblems({ connectUrl: "127.0.0.1:8083", connectorName: "a b", config: { "tasks.max": 1 as unknown as string }, runningTimeoutSeconds: 0 }),
    ).toEqual([
      "connectUrl (127.0.0.1:8083) is not an http(s) URL; set it to Connect's REST address, e.g. http://127.0.0.1:8083.",
      'connectorName (a b) must be letters, digits, ".", "_" or "-".',
      "config has no connector.class; name the connector's class, e.g. io.debezium.connector.postgresql.PostgresConnector.",
      "config tasks.max is a number; connector settings are strings.",
      "runningTimeoutSeconds (0) must be a whole number of seconds, at least 1.",
    ]);
  });
});

describe("connectorProgress", () => {
  const status = (connector: string, ...tasks: string[]) => ({
    connector: { state: connector },
    tasks: tasks.map((state, id) => ({ id, state })),
  });

  test.each([
    [status("RUNNING", "RUNNING"), "running"],
    [status("RUNNING", "RUNNING", "RUNNING"), "running"],
    [status("RUNNING"), "pending"],
    [status("UNASSIGNED"), "pending"],
    [status("RUNNING", "UNASSIGNED"), "pending"],
    [status("RUNNING", "RUNNING", "PAUSED"), "pending"],
  ])("%j -> %s", (given, expected) => {
    expect(connectorProgress("c", given)).toBe(expected);
  });

  test("a failed connector or task is a sentence with the trace's first line", () => {
    const trace = "org.apache.kafka.connect.errors.ConnectException: relation \"public.nope\" does not exist.\n\tat io.debezium...";
    expect(connectorProgress("c", { connector: { state: "FAILED", trace }, tasks: [] })).toEqual({
      failed: 'Connector c failed: org.apache.kafka.connect.errors.ConnectException: relation "public.nope" does not exist.',
    });
    expect(connectorProgress("c", { connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }, { id: 1, state: "FAILED", trace }] })).toEqual({
      failed: 'Task 1 of connector c failed: org.apache.kafka.connect.errors.ConnectException: relation "public.nope" does not exist.',
    });
  });
});

test.each([
  [undefined, "no trace"],
  ["\n  java.lang.IllegalStateException: boom.\n\tat x", "java.lang.IllegalStateException: boom"],
])("traceHeadline(%j)", (trace, headline) => {
  expect(traceHeadline(trace)).toBe(headline);
});

test("validationProblems: one sentence per field with errors, none when the count is 0", () => {
  const answer = {
    error_count: 2,
    configs: [
      { value: { name: "database.hostname", errors: ["Error while validating connector config: FATAL: password authentication failed for user \"cdc\""] } },
      { value: { name: "topic.prefix", errors: [] } },
      { value: null },
      { value: { name: "plugin.name", errors: ["Value must be one of decoderbufs, pgoutput.", "Required."] } },
    ],
  };
  expect(validationProblems("c", answer)).toEqual([
    'Connector c: database.hostname: Error while validating connector config: FATAL: password authentication failed for user "cdc".',
    "Connector c: plugin.name: Value must be one of decoderbufs, pgoutput.; Required.",
  ]);
  expect(validationProblems("c", { error_count: 0, configs: answer.configs })).toEqual([]);
});
