// A Kafka Connect connector (the Debezium Postgres connector of the CDC pipeline, or any other) as a Pulumi resource,
// through Connect's REST API: created once its config validates, and `up` returns only when the connector and every
// task are RUNNING; a config change updates it in place, a name or Connect address change replaces it; destroy deletes
// it; refresh reads its state. A dynamic provider: the SDK serialises the provider object with every function it
// calls, so this file imports nothing at run time and each helper is a plain function declaration.
import * as pulumi from "@pulumi/pulumi";

export interface KafkaConnectorArgs {
  /** Connect's REST API as reached from where Pulumi runs, e.g. `http://127.0.0.1:8083`. */
  connectUrl: pulumi.Input<string>;
  /** The connector's name in the Connect cluster. */
  connectorName: pulumi.Input<string>;
  /** The connector's settings (`connector.class`, …), Connect's property names; secrets stay secret in state. */
  config: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How long create and update wait for the connector and its tasks to be RUNNING. @default 120 */
  runningTimeoutSeconds?: pulumi.Input<number>;
}

/** What the provider receives: the arguments with every Input resolved. */
export interface ConnectorInputs {
  connectUrl: string;
  connectorName: string;
  config: Record<string, string>;
  runningTimeoutSeconds?: number;
}

export interface ConnectorOutputs extends ConnectorInputs {
  /** The connector's state after the last create, update or refresh (RUNNING, PAUSED, FAILED, …). */
  connectorState: string;
  /** The state of each task, by task id. */
  taskStates: string[];
}

/** GET /connectors/{name}/status, the part read here. */
export interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

// Module-local (not exported): the serialised provider captures it by value, not as a require of this module.
const DEFAULT_RUNNING_TIMEOUT_SECONDS = 120;

/**
 * The engine's stand-in for a value unknown until apply (a preview of inputs made from other resources' outputs, e.g. a
 * secured stack's client settings before its passwords exist). Module-local, as the constant above.
 */
const UNKNOWN_UNTIL_APPLY = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One sentence per problem of the inputs, before anything is sent to Connect; an input unknown until apply is judged at apply. */
export function connectorInputProblems(inputs: Partial<ConnectorInputs>): string[] {
  const problems: string[] = [];
  const known = (value: unknown) => value !== UNKNOWN_UNTIL_APPLY;
  if (known(inputs.connectUrl) && (typeof inputs.connectUrl !== "string" || !/^https?:\/\/[^/\s]+/.test(inputs.connectUrl))) {
    problems.push(`connectUrl (${String(inputs.connectUrl)}) is not an http(s) URL; set it to Connect's REST address, e.g. http://127.0.0.1:8083.`);
  }
  if (known(inputs.connectorName) && (typeof inputs.connectorName !== "string" || !/^[A-Za-z0-9._-]+$/.test(inputs.connectorName))) {
    problems.push(`connectorName (${String(inputs.connectorName)}) must be letters, digits, ".", "_" or "-".`);
  }
  if (known(inputs.config)) {
    const config = inputs.config ?? {};
    if (typeof config["connector.class"] !== "string" || config["connector.class"] === "") {
      problems.push("config has no connector.class; name the connector's class, e.g. io.debezium.connector.postgresql.PostgresConnector.");
    }
    for (const [key, value] of Object.entries(config)) {
      if (typeof value !== "string") problems.push(`config ${key} is a ${typeof value}; connector settings are strings.`);
    }
  }
  const timeout = inputs.runningTimeoutSeconds;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
    problems.push(`runningTimeoutSeconds (${timeout}) must be a whole number of seconds, at least 1.`);
  }
  return problems;
}

/** The first line of a Java stack trace: the exception and its message. */
export function traceHeadline(trace: string | undefined): string {
  const line = (trace ?? "").split("\n").find((l) => l.trim() !== "") ?? "no trace";
  return line.trim().replace(/\.$/, "");
}

/** "running" once the connector and at least one task run and none failed; a sentence when something failed; else "pending". */
export function connectorProgress(name: string, status: ConnectorStatus): "running" | "pending" | { failed: string } {
  if (status.connector.state === "FAILED") {
    return { failed: `Connector ${name} failed: ${traceHeadline(status.connector.trace)}.` };
  }
  const failedTask = status.tasks.find((task) => task.state === "FAILED");
  if (failedTask) {
    return { failed: `Task ${failedTask.id} of connector ${name} failed: ${traceHeadline(failedTask.trace)}.` };
  }
  const running = status.connector.state === "RUNNING" && status.tasks.length > 0 && status.tasks.every((t) => t.state === "RUNNING");
  return running ? "running" : "pending";
}

/** POST /connector-plugins/{class}/config/validate's answer as one sentence per field error. */
export function validationProblems(
  name: string,
  answer: { error_count: number; configs: Array<{ value: { name: string; errors: string[] } | null }> },
): string[] {
  if (answer.error_count === 0) return [];
  // Connect answers `value: null` for settings it only describes (no value, nothing to check).
  return answer.configs
    .flatMap((entry) => (entry.value && entry.value.errors.length > 0 ? [entry.value] : []))
    .map((value) => `Connector ${name}: ${value.name}: ${value.errors.join("; ").replace(/\.$/, "")}.`);
}

/** An HTTP call to Connect; an unreachable worker is one sentence naming the address. */
async function connectRequest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, "")}${path}`, {
      method,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`Kafka Connect at ${url} cannot be reached (${reason}); start the worker or correct connectUrl.`);
  }
  const text = await response.text();
  let json: any = undefined;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = { message: text };
  }
  return { status: response.status, json };
}

function connectError(url: string, what: string, answer: { status: number; json: any }): Error {
  const message = String(answer.json?.message ?? "no message").replace(/\.$/, "");
  return new Error(`Kafka Connect at ${url} refused to ${what} (HTTP ${answer.status}: ${message}).`);
}

async function connectorStatus(inputs: ConnectorInputs): Promise<ConnectorStatus | undefined> {
  const answer = await connectRequest(inputs.connectUrl, "GET", `/connectors/${encodeURIComponent(inputs.connectorName)}/status`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw connectError(inputs.connectUrl, `report the status of ${inputs.connectorName}`, answer);
  return answer.json as ConnectorStatus;
}

async function deleteConnector(inputs: Pick<ConnectorInputs, "connectUrl" | "connectorName">): Promise<void> {
  const answer = await connectRequest(inputs.connectUrl, "DELETE", `/connectors/${encodeURIComponent(inputs.connectorName)}`);
  if (answer.status !== 204 && answer.status !== 200 && answer.status !== 404) {
    throw connectError(inputs.connectUrl, `delete connector ${inputs.connectorName}`, answer);
  }
}

/** Connect's own check of the config (Debezium's connects to the database): every field error as a sentence. */
async function validateConnector(inputs: ConnectorInputs): Promise<void> {
  const name = inputs.connectorName;
  const className = encodeURIComponent(inputs.config["connector.class"]);
  const validation = await connectRequest(inputs.connectUrl, "PUT", `/connector-plugins/${className}/config/validate`, {
    ...inputs.config,
    name,
  });
  if (validation.status !== 200) throw connectError(inputs.connectUrl, `validate the config of ${name}`, validation);
  const problems = validationProblems(name, validation.json);
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

async function writeConfig(inputs: Pick<ConnectorInputs, "connectUrl" | "connectorName" | "config">): Promise<void> {
  const name = inputs.connectorName;
  const written = await connectRequest(inputs.connectUrl, "PUT", `/connectors/${encodeURIComponent(name)}/config`, inputs.config);
  if (written.status !== 200 && written.status !== 201) throw connectError(inputs.connectUrl, `write the config of ${name}`, written);
}

/** Polls the status once a second until the connector and its tasks run; a failure or the deadline is a sentence. */
async function waitRunning(inputs: ConnectorInputs): Promise<ConnectorOutputs> {
  const name = inputs.connectorName;
  const timeoutSeconds = inputs.runningTimeoutSeconds ?? DEFAULT_RUNNING_TIMEOUT_SECONDS;
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const last = await connectorStatus(inputs);
    const progress = last ? connectorProgress(name, last) : "pending";
    if (progress === "running" && last) {
      return { ...inputs, connectorState: last.connector.state, taskStates: last.tasks.map((task) => task.state) };
    }
    if (progress !== "running" && progress !== "pending") throw new Error(progress.failed);
    if (Date.now() >= deadline) {
      const tasks = last && last.tasks.length > 0 ? last.tasks.map((t) => t.state).join(", ") : "none";
      throw new Error(
        `Connector ${name} was not RUNNING with all its tasks within ${timeoutSeconds} s (connector ${last?.connector.state ?? "unknown"}, ` +
          `tasks ${tasks}); check the worker's log, or raise runningTimeoutSeconds.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const connectorProvider: pulumi.dynamic.ResourceProvider<ConnectorInputs, ConnectorOutputs> = {
  async check(_olds, news) {
    return { inputs: news, failures: connectorInputProblems(news).map((reason) => ({ property: "", reason })) };
  },

  async diff(_id, olds, news) {
    const replaces = (["connectUrl", "connectorName"] as const).filter((key) => olds[key] !== news[key]);
    const configChanged = JSON.stringify(Object.entries(olds.config).sort()) !== JSON.stringify(Object.entries(news.config).sort());
    const timeoutChanged = olds.runningTimeoutSeconds !== news.runningTimeoutSeconds;
    return { changes: replaces.length > 0 || configChanged || timeoutChanged, replaces, deleteBeforeReplace: true };
  },

  async create(inputs) {
    if (await connectorStatus(inputs)) {
      throw new Error(
        `Kafka Connect at ${inputs.connectUrl} already has a connector named ${inputs.connectorName}; ` +
          "choose another connectorName, or delete that connector (or import it) first.",
      );
    }
    await validateConnector(inputs);
    await writeConfig(inputs);
    try {
      return { id: inputs.connectorName, outs: await waitRunning(inputs) };
    } catch (error) {
      // Nothing half-made: the connector this create wrote is deleted again, so the next `up` starts clean.
      await deleteConnector(inputs);
      throw new Error(`${(error as Error).message} The connector was deleted again.`);
    }
  },

  async read(id, props) {
    const status = props ? await connectorStatus(props) : undefined;
    if (!props || !status) return { id: "" };
    return { id, props: { ...props, connectorState: status.connector.state, taskStates: status.tasks.map((task) => task.state) } };
  },

  async update(_id, olds, news) {
    await validateConnector(news);
    await writeConfig(news);
    try {
      return { outs: await waitRunning(news) };
    } catch (error) {
      // Nothing half-made: the connector goes back to the config it ran with, and the update fails with the reason.
      const note = await writeConfig(olds).then(
        () => "The connector's previous config was restored.",
        () => "Restoring the connector's previous config failed too; run `pulumi up` again once Connect answers.",
      );
      throw new Error(`${(error as Error).message} ${note}`);
    }
  },

  async delete(_id, props) {
    await deleteConnector(props);
  },
};

/**
 * A Kafka Connect connector managed through the worker's REST API. The config is kept as a secret output, since
 * connector configs carry passwords (`database.password`).
 *
 * ```ts
 * new KafkaConnector("videos-cdc", {
 *   connectUrl: "http://127.0.0.1:8083",
 *   connectorName: "videos-cdc",
 *   config: { "connector.class": "io.debezium.connector.postgresql.PostgresConnector", ... },
 * }, { dependsOn: [connectWorker] });
 * ```
 */
export class KafkaConnector extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets these; an initialised class field (ES2022) would reset them to undefined.
  declare public readonly connectUrl: pulumi.Output<string>;
  declare public readonly connectorName: pulumi.Output<string>;
  declare public readonly config: pulumi.Output<Record<string, string>>;
  declare public readonly connectorState: pulumi.Output<string>;
  declare public readonly taskStates: pulumi.Output<string[]>;

  constructor(name: string, args: KafkaConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      connectorProvider,
      name,
      { ...args, connectorState: undefined, taskStates: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["config"] }),
      "cdc-kafka",
      "KafkaConnector",
    );
  }
}
