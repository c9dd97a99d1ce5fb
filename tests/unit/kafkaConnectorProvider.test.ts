// The connector provider called directly against a stand-in for Connect's REST API (tests/helpers/fakeConnect.ts), for
// every path of create, read, diff, update and delete: what it sends, what it answers, what it leaves on the worker.
// The stand-in lags as a real worker does (task configs after a write, a status that still answers the previous
// generation), so an update that trusted the first RUNNING would pass where these tests fail.
import { connectorProvider, connectorTimings } from "../../components/kafkaConnector";
import type { ConnectorInputs, ConnectorOutputs } from "../../components/connectorState";
import { FakeConnect, startFakeConnect } from "../helpers/fakeConnect";

const NAME = "videos-cdc";
const URN = "urn:pulumi:test::p::pulumi-nodejs:dynamic/cdc-kafka:KafkaConnector::videos-cdc";
const SECRET = "s3cret-live-value";
const baseConfig = { "connector.class": "org.example.Source", "tasks.max": "1", "database.password": "declared-pw" };

let connect: FakeConnect;
const savedTimings = { ...connectorTimings };

beforeEach(async () => {
  connect = await startFakeConnect();
  // Short waits; settleMs stays above the stand-in's status lag, as the real settle stays above a worker's.
  Object.assign(connectorTimings, { pollMs: 25, settleMs: 400, deleteWaitSeconds: 1 });
});

afterEach(async () => {
  await connect.close();
  Object.assign(connectorTimings, savedTimings);
});

function inputs(config: Record<string, string> = baseConfig, extra: Partial<ConnectorInputs> = {}): ConnectorInputs {
  return { connectUrl: connect.url, connectorName: NAME, config, runningTimeoutSeconds: 5, resourceUrn: URN, ...extra };
}

function writes(): string[] {
  return connect.requests.filter((line) => !line.startsWith("GET "));
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected a failure");
}

/** A port nothing listens on: a stand-in started and closed. */
async function deadUrl(): Promise<string> {
  const gone = await startFakeConnect();
  await gone.close();
  return gone.url;
}

describe("create", () => {
  test("validates, writes, and returns once the connector and its task have run for settleMs", async () => {
    const started = Date.now();
    const { id, outs } = await connectorProvider.create(inputs());
    expect(Date.now() - started).toBeGreaterThanOrEqual(connectorTimings.settleMs);
    expect(id).toBe(NAME);
    expect(outs).toEqual({ ...inputs(), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] });
    expect(writes()).toEqual([`PUT /connector-plugins/org.example.Source/config/validate`, `PUT /connectors/${NAME}/config`]);
    expect(connect.connectors.get(NAME)?.config).toEqual({ ...baseConfig, name: NAME });
  });

  test("field errors of Connect's validation are sentences, and nothing is written", async () => {
    connect.validationErrors["database.password"] = "password authentication failed.";
    const error = await failure(connectorProvider.create(inputs()));
    expect(error.message).toBe(`Connector ${NAME}: database.password: password authentication failed.`);
    expect(connect.connectors.size).toBe(0);
  });

  test("an existing connector of the name: the adoption sentence, and the connector is left as it was", async () => {
    connect.seed(NAME, { ...baseConfig, "database.password": SECRET });
    const error = await failure(connectorProvider.create(inputs()));
    expect(error.message).toBe(
      `Kafka Connect at ${connect.url} already has a connector named ${NAME}, which this stack did not create; ` +
        "set adoptExisting: true on this KafkaConnector to take it into the stack (done only when its live config is the declared one), " +
        `choose another connectorName, or delete that connector (\`curl -X DELETE ${connect.url}/connectors/${NAME}\`) and run \`pulumi up\` again.`,
    );
    expect(writes()).toEqual([]);
    expect(connect.connectors.get(NAME)?.config["database.password"]).toBe(SECRET);
  });

  test("adoptExisting and the live config is the declared one: adopted as it runs, nothing written to the worker", async () => {
    connect.seed(NAME, baseConfig);
    const { id, outs } = await connectorProvider.create(inputs(baseConfig, { adoptExisting: true }));
    expect([id, outs?.connectorState, outs?.taskStates]).toEqual([NAME, "RUNNING", ["RUNNING"]]);
    expect(writes()).toEqual([]);
  });

  test("adoptExisting and the live config differs: refused naming the settings (never their values), the connector left as it was", async () => {
    connect.seed(NAME, { ...baseConfig, "tasks.max": "3", "database.password": SECRET });
    const error = await failure(connectorProvider.create(inputs(baseConfig, { adoptExisting: true })));
    expect(error.message).toBe(
      `Connector ${NAME} at ${connect.url} was not adopted: its live config differs from the declared one in database.password, tasks.max; ` +
        "declare the live values (or change them on the worker) and run `pulumi up` again, or unset adoptExisting.",
    );
    expect(writes()).toEqual([]);
    expect(connect.connectors.get(NAME)?.config).toEqual(expect.objectContaining({ "tasks.max": "3", "database.password": SECRET }));
  });

  test("adoptExisting alone changes nothing: no diff", async () => {
    const olds = { ...inputs(), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] } as ConnectorOutputs;
    expect((await connectorProvider.diff!(NAME, olds, inputs(baseConfig, { adoptExisting: true }))).changes).toBe(false);
  });

  test("a config that validates but fails at run time: the task's failure, and the connector deleted again", async () => {
    const error = await failure(connectorProvider.create(inputs({ ...baseConfig, mode: "task-failure" })));
    expect(error.message).toBe(`Task 0 of connector ${NAME} failed: java.lang.RuntimeException: boom. The connector was deleted again.`);
    expect(connect.connectors.size).toBe(0);
    expect(writes().at(-1)).toBe(`DELETE /connectors/${NAME}`);
  });

  test("a failing cleanup keeps the original error and the connector in the stack (an init error with its id), not an orphan", async () => {
    connect.refuse.set(`DELETE /connectors/${NAME}`, { status: 500, fromCall: 1 });
    const error = await failure(connectorProvider.create(inputs({ ...baseConfig, mode: "connector-failure" })));
    expect(error.message).toBe(
      `Connector ${NAME} failed: org.apache.kafka.connect.errors.ConnectException: ${NAME} cannot start. Deleting the connector again failed too ` +
        `(Kafka Connect at ${connect.url} refused to delete connector ${NAME} (HTTP 500: refused by the test: DELETE /connectors/${NAME})); ` +
        "it stays in the stack, so the next `pulumi up` retries it and `pulumi destroy` deletes it.",
    );
    // What the dynamic-provider host turns into ErrorResourceInitFailed: the engine records the resource.
    expect(error.id).toBe(NAME);
    expect(error.properties).toMatchObject({ connectorName: NAME, connectUrl: connect.url, config: { ...baseConfig, mode: "connector-failure" } });
    expect(error.reasons).toEqual([`Connector ${NAME} failed: org.apache.kafka.connect.errors.ConnectException: ${NAME} cannot start.`]);
  });

  test("a worker that does not answer: one sentence naming the address, nothing else tried", async () => {
    const url = await deadUrl();
    const error = await failure(connectorProvider.create(inputs(baseConfig, { connectUrl: url })));
    expect(error.message).toBe(`Kafka Connect at ${url} cannot be reached (ECONNREFUSED); start the worker or correct connectUrl.`);
  });
});

describe("read", () => {
  test("no drift, RUNNING: the declared inputs, state RUNNING, nothing drifted", async () => {
    connect.seed(NAME, baseConfig);
    const props = { ...inputs(), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] } as ConnectorOutputs;
    const result = await connectorProvider.read!(NAME, props);
    expect(result).toEqual({ id: NAME, props, inputs: inputs() });
    expect((await connectorProvider.diff!(NAME, result.props!, inputs())).changes).toBe(false);
  });

  test("settings changed through the REST API: their names (never their values) in the state, and the diff is an update", async () => {
    connect.seed(NAME, { ...baseConfig, "tasks.max": "3", "database.password": SECRET, "extra.setting": "x" });
    const result = await connectorProvider.read!(NAME, inputs() as ConnectorOutputs);
    expect(result.props?.driftedSettings).toEqual(["database.password", "extra.setting", "tasks.max"]);
    expect(result.props?.config).toEqual(baseConfig);
    expect(result.inputs).toEqual({ ...inputs(), driftedSettings: ["database.password", "extra.setting", "tasks.max"] });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(await connectorProvider.diff!(NAME, result.props!, inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  });

  test.each([
    ["PAUSED", (c: FakeConnect) => (c.connectors.get(NAME)!.paused = true), ["PAUSED"]],
    ["RUNNING", (c: FakeConnect) => (c.connectors.get(NAME)!.forcedTaskFailure = "java.lang.IllegalStateException: lost the database"), ["FAILED"]],
  ])("a connector %s with a task %j: the state, and the diff is an update", async (connectorState, provoke, taskStates) => {
    connect.seed(NAME, baseConfig);
    provoke(connect);
    const result = await connectorProvider.read!(NAME, inputs() as ConnectorOutputs);
    expect(result.props).toMatchObject({ connectorState, taskStates, driftedSettings: [] });
    expect(result.inputs).toEqual({ ...inputs(), connectorState });
    expect((await connectorProvider.diff!(NAME, result.props!, inputs())).changes).toBe(true);
  });

  test("a connector deleted outside Pulumi: gone from the stack (an empty id)", async () => {
    expect(await connectorProvider.read!(NAME, inputs() as ConnectorOutputs)).toEqual({ id: "" });
  });

  test("import (props are the program's inputs): a live config that differs fails the comparison by name", async () => {
    connect.seed(NAME, { ...baseConfig, "tasks.max": "2" });
    const result = await connectorProvider.read!(NAME, inputs() as ConnectorOutputs);
    expect((await connectorProvider.diff!(NAME, result.props!, inputs())).changes).toBe(true);
    connect.seed(NAME, baseConfig);
    const same = await connectorProvider.read!(NAME, inputs() as ConnectorOutputs);
    expect((await connectorProvider.diff!(NAME, same.props!, inputs())).changes).toBe(false);
  });
});

describe("diff", () => {
  const olds = () => ({ ...inputs(), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] }) as ConnectorOutputs;
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  test.each([
    ["nothing changed", {}, false, []],
    ["a config value", { config: { ...baseConfig, "tasks.max": "2" } }, true, []],
    ["a config unknown until apply", { config: unknown }, true, []],
    ["the timeout", { runningTimeoutSeconds: 9 }, true, []],
    ["the Connect address (the same connector, reached another way)", { connectUrl: "http://connect:8083" }, true, []],
    ["the connector's name", { connectorName: "other" }, true, ["connectorName"]],
    ["only the URN (a rename with an alias)", { resourceUrn: "urn:other" }, false, []],
  ])("%s -> changes %s, replaces %j", async (_what, change, changes, replaces) => {
    const result = await connectorProvider.diff!(NAME, olds(), { ...inputs(), ...change } as ConnectorInputs);
    expect(result).toEqual({ changes, replaces, deleteBeforeReplace: true });
  });
});

describe("update", () => {
  const previous = { ...baseConfig, "table.include.list": "public.a" };
  const next = { ...baseConfig, "table.include.list": "public.b" };
  const olds = (config: Record<string, string> = previous) => ({ ...inputs(config), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] }) as ConnectorOutputs;

  test("returns only once the tasks carry the new config, though the status said RUNNING all along", async () => {
    connect.seed(NAME, previous);
    connect.lags.taskConfigLagMs = 800;
    const started = Date.now();
    const { outs } = await connectorProvider.update!(NAME, olds(), inputs(next));
    expect(Date.now() - started).toBeGreaterThanOrEqual(800 + connectorTimings.settleMs);
    expect(outs).toEqual({ ...inputs(next), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] });
    expect(writes()).toEqual(["PUT /connector-plugins/org.example.Source/config/validate", `PUT /connectors/${NAME}/config`]);
  });

  test("a rebalance pending after the write (GET /tasks refused with 409) is waited out", async () => {
    connect.seed(NAME, previous);
    connect.refuse.set(`GET /connectors/${NAME}/tasks`, { status: 409, fromCall: 1 });
    setTimeout(() => connect.refuse.clear(), 300);
    const { outs } = await connectorProvider.update!(NAME, olds(), inputs(next));
    expect(outs?.connectorState).toBe("RUNNING");
    expect(connect.requests).toContain(`GET /connectors/${NAME}/tasks`);
  });

  test("a new config that fails at run time while the status still answers the old RUNNING: the failure, and the previous config back and running", async () => {
    connect.seed(NAME, previous);
    Object.assign(connect.lags, { taskConfigLagMs: 100, statusLagMs: 250 });
    const error = await failure(connectorProvider.update!(NAME, olds(), inputs({ ...next, mode: "task-failure" })));
    expect(error.message).toBe(`Task 0 of connector ${NAME} failed: java.lang.RuntimeException: boom. The previous config was restored and runs again.`);
    expect(connect.connectors.get(NAME)?.config).toEqual({ ...previous, name: NAME });
    expect(connect.statusOf(NAME)).toEqual({ connector: { state: "RUNNING" }, tasks: [{ id: 0, state: "RUNNING" }] });
    expect(writes().filter((line) => line === `PUT /connectors/${NAME}/config`)).toHaveLength(2);
  });

  test("the restore refused too: both sentences, the original first", async () => {
    connect.seed(NAME, previous);
    const put = `PUT /connectors/${NAME}/config`;
    // The first write (the new config) goes through; the second (the restore) is refused.
    connect.refuse.set(put, { status: 409, fromCall: 2 });
    const error = await failure(connectorProvider.update!(NAME, olds(), inputs({ ...next, mode: "task-failure" })));
    expect(error.message).toBe(
      `Task 0 of connector ${NAME} failed: java.lang.RuntimeException: boom. Restoring the previous config failed too (Kafka Connect at ${connect.url} ` +
        `refused to write the config of ${NAME} (HTTP 409: refused by the test: ${put})); the connector keeps the new config until the next \`pulumi up\`.`,
    );
  });

  test("nothing declared changed, the connector PAUSED: resumed, not rewritten", async () => {
    connect.seed(NAME, baseConfig);
    connect.connectors.get(NAME)!.paused = true;
    connect.lags.statusLagMs = 200;
    const { outs } = await connectorProvider.update!(NAME, { ...olds(baseConfig), connectorState: "PAUSED", taskStates: ["PAUSED"] }, inputs());
    expect(outs?.connectorState).toBe("RUNNING");
    expect(writes()).toEqual([`PUT /connectors/${NAME}/resume`]);
  });

  test("nothing declared changed, a task FAILED: the failed ones restarted, and a stale FAILED not taken for the answer", async () => {
    connect.seed(NAME, baseConfig);
    connect.connectors.get(NAME)!.forcedTaskFailure = "java.lang.IllegalStateException: lost the database";
    connect.lags.statusLagMs = 200;
    const { outs } = await connectorProvider.update!(NAME, { ...olds(baseConfig), taskStates: ["FAILED"] }, inputs());
    expect(outs?.taskStates).toEqual(["RUNNING"]);
    expect(writes()).toEqual([`POST /connectors/${NAME}/restart?includeTasks=true&onlyFailed=true`]);
  });

  test("drift put back: the declared config written over the live one", async () => {
    connect.seed(NAME, { ...baseConfig, "tasks.max": "3" });
    const { outs } = await connectorProvider.update!(NAME, { ...olds(baseConfig), driftedSettings: ["tasks.max"] }, inputs());
    expect(outs?.driftedSettings).toEqual([]);
    expect(connect.connectors.get(NAME)?.config["tasks.max"]).toBe("1");
  });

  test("a new connectUrl that reaches the same connector: an update in place, nothing created or deleted", async () => {
    connect.seed(NAME, baseConfig);
    const sameWorker = connect.url.replace("127.0.0.1", "localhost");
    const { outs } = await connectorProvider.update!(NAME, olds(baseConfig), inputs(baseConfig, { connectUrl: sameWorker }));
    expect(outs?.connectUrl).toBe(sameWorker);
    expect(writes()).toEqual([]);
  });

  test("a new connectUrl of another Connect cluster: made there, deleted from the old one", async () => {
    const other = await startFakeConnect();
    try {
      other.seed(NAME, baseConfig);
      const { outs } = await connectorProvider.update!(NAME, { ...olds(baseConfig), connectUrl: other.url }, inputs());
      expect(outs?.connectorState).toBe("RUNNING");
      expect(connect.connectors.has(NAME)).toBe(true);
      expect(other.connectors.has(NAME)).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe("delete", () => {
  test("deletes the connector; one already gone counts as deleted", async () => {
    connect.seed(NAME, baseConfig);
    await connectorProvider.delete!(NAME, inputs() as ConnectorOutputs);
    expect(connect.connectors.size).toBe(0);
    await connectorProvider.delete!(NAME, inputs() as ConnectorOutputs);
    expect(writes()).toEqual([`DELETE /connectors/${NAME}`, `DELETE /connectors/${NAME}`]);
  });

  test("a worker that does not answer: after deleteWaitSeconds, the sentence with both ways out", async () => {
    const url = await deadUrl();
    const started = Date.now();
    const error = await failure(connectorProvider.delete!(NAME, inputs(baseConfig, { connectUrl: url }) as ConnectorOutputs));
    expect(Date.now() - started).toBeGreaterThanOrEqual(connectorTimings.deleteWaitSeconds * 1000);
    expect(error.message).toBe(
      `Kafka Connect at ${url} did not answer for 1 s (ECONNREFUSED), so connector ${NAME} was not deleted; start the worker and run the ` +
        `command again, or, if the worker is gone for good, drop the connector from the stack with \`pulumi state delete '${URN}'\`.`,
    );
  });

  test("a worker back within the wait: deleted", async () => {
    const port = connect.port;
    await connect.close();
    Object.assign(connectorTimings, { deleteWaitSeconds: 5 });
    const back = new Promise<FakeConnect>((resolve) => setTimeout(() => resolve(startFakeConnect(port)), 600));
    await connectorProvider.delete!(NAME, inputs() as ConnectorOutputs);
    connect = await back;
    expect(connect.requests).toEqual([`DELETE /connectors/${NAME}`]);
  });
});

describe("check", () => {
  test("a runningTimeoutSeconds unknown until apply (from an Output) passes a preview", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9" as unknown as number;
    expect((await connectorProvider.check!({} as ConnectorInputs, inputs(baseConfig, { runningTimeoutSeconds: unknown }))).failures).toEqual([]);
  });
});

describe("a worker whose REST API requires a login (basic authentication)", () => {
  const login = { username: "connect-rest", password: "Rest0Password1" };
  const authorization = `Basic ${Buffer.from("connect-rest:Rest0Password1").toString("base64")}`;
  beforeEach(() => {
    connect.requiredAuthorization = authorization;
  });

  test("create, read, update (with a resume) and delete send the login on every call; none is refused", async () => {
    const withLogin = inputs(baseConfig, { connectAuth: login });
    const outs = (await connectorProvider.create(withLogin)).outs as ConnectorOutputs;
    expect(outs.connectorState).toBe("RUNNING");
    const read = await connectorProvider.read!(NAME, outs);
    expect(read.props?.driftedSettings).toEqual([]);
    connect.connectors.get(NAME)!.paused = true;
    await connectorProvider.update!(NAME, outs, inputs({ ...baseConfig, "tasks.max": "2" }, { connectAuth: login }));
    await connectorProvider.delete!(NAME, { ...outs } as ConnectorOutputs);
    expect(connect.connectors.size).toBe(0);
    expect(connect.requests.filter((line) => line.startsWith("401 "))).toEqual([]);
    expect(writes()).toEqual([
      "PUT /connector-plugins/org.example.Source/config/validate",
      `PUT /connectors/${NAME}/config`,
      `PUT /connectors/${NAME}/resume`,
      "PUT /connector-plugins/org.example.Source/config/validate",
      `PUT /connectors/${NAME}/config`,
      `DELETE /connectors/${NAME}`,
    ]);
  });

  test("without the login: Connect's 401 as one sentence that names the fix, and nothing written", async () => {
    const error = await failure(connectorProvider.create(inputs()));
    expect(error.message).toBe(
      `Kafka Connect at ${connect.url} refused to report the status of ${NAME} (HTTP 401: Credentials are required to access this resource); ` +
        "set connectAuth to a login the worker's REST API accepts.",
    );
    expect(connect.requests).toEqual([`401 GET /connectors/${NAME}/status`]);
  });

  test("a new login is an update (the state takes it); the same login is no change", async () => {
    const outs = { ...inputs(baseConfig, { connectAuth: login }), connectorState: "RUNNING", taskStates: ["RUNNING"], driftedSettings: [] } as ConnectorOutputs;
    expect((await connectorProvider.diff!(NAME, outs, inputs(baseConfig, { connectAuth: login }))).changes).toBe(false);
    expect((await connectorProvider.diff!(NAME, outs, inputs(baseConfig, { connectAuth: { ...login, password: "Another1Password" } }))).changes).toBe(true);
  });
});
