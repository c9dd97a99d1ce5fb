// The connector resource's pure half (connectorState.ts): input checks, how a Connect status reads as running /
// pending / failed, Connect's validation answer as sentences, which settings differ, whether tasks carry a config, when
// a wait is over, and the sentences the provider fails with. The provider's REST calls: kafkaConnectorProvider.test.ts.
import {
  alreadyExistsSentence,
  changedSettings,
  connectorInputProblems,
  connectorProgress,
  deleteUnreachableSentence,
  neededRepairs,
  notRunningSentence,
  tasksCarryConfig,
  traceHeadline,
  validationProblems,
  waitStep,
} from "../../components/connectorState";

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
    // A runningTimeoutSeconds from another resource's output: a preview must not fail on it.
    expect(connectorInputProblems({ ...valid, runningTimeoutSeconds: unknown as unknown as number })).toEqual([]);
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

describe("connectorInputProblems: connectAuth", () => {
  test.each([
    [{ username: "connect-rest", password: "pw" }, []],
    [{ username: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", password: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, []],
    [{ username: "a:b", password: "pw" }, ['connectAuth.username must be a non-empty string without ":" (HTTP basic authentication cannot carry one).']],
    [
      { username: "", password: "" },
      ['connectAuth.username must be a non-empty string without ":" (HTTP basic authentication cannot carry one).', "connectAuth.password must be a non-empty string."],
    ],
  ])("%j -> %j", (connectAuth, problems) => {
    expect(connectorInputProblems({ ...valid, connectAuth })).toEqual(problems);
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

describe("changedSettings: names only, sorted; the `name` Connect adds counts only when both sides have it", () => {
  test.each([
    [{ a: "1" }, { a: "1" }, []],
    [{ a: "1" }, { a: "1", name: "c" }, []],
    [{ a: "1", name: "c" }, { a: "1", name: "d" }, ["name"]],
    [{ a: "1", b: "2" }, { a: "2", c: "3" }, ["a", "b", "c"]],
  ])("%j -> %j = %j", (from, to, expected) => {
    expect(changedSettings(from, to)).toEqual(expected);
  });
});

describe("tasksCarryConfig", () => {
  const task = (config: Record<string, string>) => ({ id: { connector: "c", task: 0 }, config });
  const previous = { "connector.class": "X", "table.include.list": "public.a", "database.password": "old" };
  const next = { "connector.class": "X", "table.include.list": "public.b", "database.password": "old" };
  test.each([
    ["no tasks yet", [], false],
    ["the previous generation's tasks", [task({ ...previous, "task.class": "T" })], false],
    ["tasks made from the new config", [task({ ...next, "task.class": "T" })], true],
    ["one task of two made from it", [task(next), task(previous)], false],
    ["tasks that carry none of the changed settings", [task({ "task.class": "T" })], true],
  ])("%s -> %s", (_what, tasks, expected) => {
    expect(tasksCarryConfig(next, previous, tasks)).toBe(expected);
  });
  test("a removed setting: the tasks no longer carry its old value", () => {
    const withExtra = { ...next, "slot.name": "s1" };
    expect(tasksCarryConfig(next, withExtra, [task({ ...next, "slot.name": "s1" })])).toBe(false);
    expect(tasksCarryConfig(next, withExtra, [task(next)])).toBe(true);
  });
});

describe("waitStep: RUNNING is believed once the tasks carry the config and it held settleMs", () => {
  const running = { connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }] };
  const failed = { connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "FAILED", trace: "java.lang.RuntimeException: boom" }] };
  const observe = (status: typeof running | undefined, applied = true, failureMayBeStale = false) => ({ name: "c", status, applied, failureMayBeStale });

  test("a RUNNING before the tasks carry the config is the previous generation's: wait", () => {
    expect(waitStep({}, 0, observe(running, false), 100)).toEqual({ state: {}, verdict: "wait" });
  });
  test("RUNNING for settleMs -> running; broken by a pending state -> starts again", () => {
    let step = waitStep({}, 1000, observe(running), 100);
    expect(step).toEqual({ state: { runningSince: 1000 }, verdict: "wait" });
    step = waitStep(step.state, 1050, observe({ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "UNASSIGNED" }] }), 100);
    expect(step).toEqual({ state: {}, verdict: "wait" });
    step = waitStep(step.state, 1100, observe(running), 100);
    expect(step.verdict).toBe("wait");
    expect(waitStep(step.state, 1200, observe(running), 100).verdict).toBe("running");
  });
  test("a FAILED is believed at once, unless the status was FAILED before: then it must hold settleMs", () => {
    const sentence = { failed: "Task 0 of connector c failed: java.lang.RuntimeException: boom." };
    expect(waitStep({}, 0, observe(failed), 100).verdict).toEqual(sentence);
    const first = waitStep({}, 0, observe(failed, true, true), 100);
    expect(first).toEqual({ state: { failedSince: 0 }, verdict: "wait" });
    expect(waitStep(first.state, 100, observe(failed, true, true), 100).verdict).toEqual(sentence);
  });
  test("a connector that failed on the new config makes no tasks: its FAILED counts before the tasks carry anything", () => {
    const connectorFailed = { connector: { state: "FAILED", trace: "org.apache.kafka.connect.errors.ConnectException: nope" }, tasks: [] };
    expect(waitStep({}, 0, observe(connectorFailed, false), 100).verdict).toEqual({ failed: "Connector c failed: org.apache.kafka.connect.errors.ConnectException: nope." });
    expect(waitStep({}, 0, observe(failed, false), 100).verdict).toBe("wait");
  });
  test("no status (not created yet) -> wait", () => {
    expect(waitStep({}, 0, observe(undefined), 100).verdict).toBe("wait");
  });
});

test.each([
  [{ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }] }, { resume: false, restartFailed: false }],
  [{ connector: { state: "PAUSED" }, tasks: [{ id: 0, state: "PAUSED" }] }, { resume: true, restartFailed: false }],
  [{ connector: { state: "STOPPED" }, tasks: [] }, { resume: true, restartFailed: false }],
  [{ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }, { id: 1, state: "FAILED" }] }, { resume: false, restartFailed: true }],
  [{ connector: { state: "FAILED" }, tasks: [] }, { resume: false, restartFailed: true }],
])("neededRepairs(%j) = %j", (status, expected) => {
  expect(neededRepairs(status)).toEqual(expected);
});

test("the sentences: not running in time, name taken, worker gone at delete", () => {
  expect(notRunningSentence("c", 30, { connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "UNASSIGNED" }] }, false)).toBe(
    "Connector c was not RUNNING with all its tasks within 30 s (connector RUNNING, tasks UNASSIGNED, and its tasks do not carry the new config yet); check the worker's log, or raise runningTimeoutSeconds.",
  );
  expect(alreadyExistsSentence({ connectUrl: "http://127.0.0.1:8083/", connectorName: "videos-cdc" })).toBe(
    `Kafka Connect at http://127.0.0.1:8083/ already has a connector named videos-cdc, which this stack did not create; ` +
      "set adoptExisting: true on this KafkaConnector to take it into the stack (done only when its live config is the declared one), " +
      `choose another connectorName, or delete that connector (\`curl -X DELETE http://127.0.0.1:8083/connectors/videos-cdc\`) and run \`pulumi up\` again.`,
  );
  const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cdc-kafka:KafkaConnector::videos-cdc";
  expect(deleteUnreachableSentence({ connectUrl: "http://127.0.0.1:8083", connectorName: "videos-cdc", resourceUrn: urn }, 30, "ECONNREFUSED")).toBe(
    "Kafka Connect at http://127.0.0.1:8083 did not answer for 30 s (ECONNREFUSED), so connector videos-cdc was not deleted; start the worker " +
      `and run the command again, or, if the worker is gone for good, drop the connector from the stack with \`pulumi state delete '${urn}'\`.`,
  );
});
