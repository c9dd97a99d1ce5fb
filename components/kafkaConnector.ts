// A Kafka Connect connector (the Debezium Postgres connector of the CDC pipeline, or any other) as a Pulumi resource,
// through Connect's REST API (connectRest.ts), judged by connectorState.ts. Create validates the config, writes it and
// returns once the connector and every task have run it for a while; a failure deletes what it wrote. Read compares the
// live config with the declared one (by setting name: values may be secrets) and reports the state, so drift, a PAUSED
// and a FAILED connector show as an update on `preview --refresh`. Update writes the config, resumes and restarts what
// needs it, waits for tasks that carry the new config to run, and writes the previous config back when they do not.
// Delete waits a bounded time for an unreachable worker. Only a name change replaces the connector.
// A dynamic provider: the SDK serialises the provider object with every function it calls (those of the two files
// above by value), so the run-time code imports only them and each helper is a plain function declaration.
import * as pulumi from "@pulumi/pulumi";
import * as rest from "./connectRest";
import * as judge from "./connectorState";
import type { ConnectLogin, ConnectorInputs, ConnectorOutputs, ConnectorStatus } from "./connectorState";

export { connectorInputProblems, connectorProgress, traceHeadline, validationProblems } from "./connectorState";
export type { ConnectLogin, ConnectorInputs, ConnectorOutputs, ConnectorStatus, TaskConfig } from "./connectorState";

/** The arguments of {@link KafkaConnector}. */
export interface KafkaConnectorArgs {
  /** Connect's REST API as reached from where Pulumi runs, e.g. `http://127.0.0.1:8083`. A change that still reaches the connector is an update. */
  connectUrl: pulumi.Input<string>;
  /**
   * The login every REST call sends (HTTP basic authentication, e.g. Kafka's BasicAuthSecurityRestExtension); kept
   * secret in state. @default none: the API is open
   */
  connectAuth?: pulumi.Input<ConnectLogin | undefined>;
  /** The connector's name in the Connect cluster; a change replaces the connector. */
  connectorName: pulumi.Input<string>;
  /**
   * The connector's settings (`connector.class`, …), Connect's property names. Kept secret in state as a whole, plain
   * or not: a setting such as `database.password` may hold a password (better, a config provider's `${dir:…}`).
   */
  config: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How long create and update wait for the connector and its tasks to run the config. @default 120 */
  runningTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Whether a create that finds a connector of this name already on the worker takes it into the stack, as an import
   * would: only when its live config is the declared one (else the create fails naming the settings that differ), and
   * once it runs. A change of this input alone changes nothing on the worker. @default false: such a create fails
   */
  adoptExisting?: pulumi.Input<boolean>;
}

// Module-local (not exported): the serialised provider captures it by value, not as a require of this module.
const DEFAULT_RUNNING_TIMEOUT_SECONDS = 120;

/**
 * The provider's waits: how often it asks Connect, how long a RUNNING must hold (see connectorState.waitStep), how long a
 * delete waits for an unreachable worker. Exported so tests can shorten them; a program has no reason to.
 */
export const connectorTimings = {
  /** Between two status reads, in ms. */
  pollMs: 500,
  /** How long a RUNNING (or a possibly stale FAILED) must hold before it is believed, in ms. */
  settleMs: 5_000,
  /** How long a delete waits for a worker that does not answer, in seconds. */
  deleteWaitSeconds: 30,
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function outputsOf(inputs: ConnectorInputs, status: ConnectorStatus): ConnectorOutputs {
  return { ...inputs, connectorState: status.connector.state, taskStates: status.tasks.map((task) => task.state), driftedSettings: [] };
}

/** Connect's own check of the config: every field error as a sentence, before anything is written. */
async function validate(inputs: ConnectorInputs): Promise<void> {
  const problems = judge.validationProblems(inputs.connectorName, await rest.validateConfig(inputs, inputs.config));
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/**
 * Waits until the connector runs `inputs.config`: its tasks carry it (when `previous`, the config it replaced, is given)
 * and the connector and every task have been RUNNING for a while; a failure or the deadline is a sentence.
 */
async function waitForConfig(inputs: ConnectorInputs, previous: Record<string, string> | undefined, failureMayBeStale: boolean): Promise<ConnectorOutputs> {
  const name = inputs.connectorName;
  const timeoutSeconds = inputs.runningTimeoutSeconds ?? DEFAULT_RUNNING_TIMEOUT_SECONDS;
  const deadline = Date.now() + timeoutSeconds * 1000;
  let state: judge.WaitState = {};
  for (;;) {
    const status = await rest.readStatus(inputs);
    const applied = previous === undefined || judge.tasksCarryConfig(inputs.config, previous, (await rest.readTasks(inputs)) ?? []);
    const step = judge.waitStep(state, Date.now(), { name, status, applied, failureMayBeStale }, connectorTimings.settleMs);
    state = step.state;
    if (step.verdict === "running") return outputsOf(inputs, status!);
    if (step.verdict !== "wait") throw new Error(step.verdict.failed);
    if (Date.now() >= deadline) throw new Error(judge.notRunningSentence(name, timeoutSeconds, status, applied));
    await sleep(connectorTimings.pollMs);
  }
}

/** Resumes a paused connector and restarts what failed; says whether a FAILED status may still be the old one. */
async function repair(inputs: ConnectorInputs, status: ConnectorStatus | undefined): Promise<boolean> {
  const needed = status ? judge.neededRepairs(status) : { resume: false, restartFailed: false };
  if (needed.resume) await rest.resumeConnector(inputs);
  if (needed.restartFailed) await rest.restartFailed(inputs);
  return needed.restartFailed;
}

/** A new connector: validated, written, running; on any failure after the write it is deleted again, or kept in state. */
async function createConnector(inputs: ConnectorInputs): Promise<ConnectorOutputs> {
  if (await rest.readStatus(inputs)) {
    if (inputs.adoptExisting !== true) throw new Error(judge.alreadyExistsSentence(inputs));
    return adopt(inputs);
  }
  await validate(inputs);
  try {
    await rest.writeConfig(inputs, inputs.config);
    return await waitForConfig(inputs, undefined, false);
  } catch (error) {
    const message = (error as Error).message;
    try {
      await rest.deleteConnector(inputs);
    } catch (cleanupError) {
      // Not an orphan: an error with an id makes the engine keep the resource in state (failed to initialise), so the
      // next `up` updates it and `destroy` deletes it. `inputs` carries the serialised provider those steps need.
      throw Object.assign(
        new Error(
          `${message} Deleting the connector again failed too (${judge.asClause((cleanupError as Error).message)}); it stays in the stack, ` +
            "so the next `pulumi up` retries it and `pulumi destroy` deletes it.",
        ),
        { id: inputs.connectorName, properties: { ...inputs, connectorState: "UNKNOWN", taskStates: [], driftedSettings: [] }, reasons: [message] },
      );
    }
    throw new Error(`${message} The connector was deleted again.`);
  }
}

/**
 * Takes an existing connector into the stack as an import would: only when its live config is the declared one, and
 * once it runs that config. Nothing is written to the worker, and a refusal leaves the connector as it was.
 */
async function adopt(inputs: ConnectorInputs): Promise<ConnectorOutputs> {
  const live = await rest.readConfig(inputs);
  const differing = live ? judge.changedSettings(inputs.config, live) : [];
  if (differing.length > 0) throw new Error(judge.adoptMismatchSentence(inputs, differing));
  return waitForConfig(inputs, undefined, false);
}

/** Writes `previous` back after a failed update and waits for it to run; the sentence that says how that went. */
async function restore(news: ConnectorInputs, previous: Record<string, string>): Promise<string> {
  try {
    await rest.writeConfig(news, previous);
  } catch (error) {
    return `Restoring the previous config failed too (${judge.asClause((error as Error).message)}); the connector keeps the new config until the next \`pulumi up\`.`;
  }
  try {
    // Connect restarts the tasks whose config changed, failed ones included: no restart is asked for here.
    await waitForConfig({ ...news, config: previous }, news.config, true);
    return "The previous config was restored and runs again.";
  } catch (error) {
    return `The previous config was restored, but does not run either: ${(error as Error).message}`;
  }
}

/** Deletes the connector, waiting up to deleteWaitSeconds for a worker that does not answer; then the way out. */
async function deleteWithin(inputs: ConnectorInputs): Promise<void> {
  const waitSeconds = connectorTimings.deleteWaitSeconds;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      await rest.deleteConnector(inputs, Math.max(1_000, deadline - Date.now()));
      return;
    } catch (error) {
      const failure = error as { unreachable?: boolean; reason?: string };
      if (!failure.unreachable) throw error;
      if (Date.now() >= deadline) throw new Error(judge.deleteUnreachableSentence(inputs, waitSeconds, failure.reason ?? "no answer"));
      await sleep(Math.min(1_000, Math.max(0, deadline - Date.now())));
    }
  }
}

/** Whether two logins are the same (a new one is an update: nothing changes on the worker, the state takes it). */
function sameLogin(a: ConnectLogin | undefined, b: ConnectLogin | undefined): boolean {
  return a?.username === b?.username && a?.password === b?.password;
}

/** Whether a state's last read found the connector and every task RUNNING (a state without a read counts as running). */
function ranWhenRead(olds: Partial<ConnectorOutputs>): boolean {
  if (olds.connectorState === undefined) return true;
  return olds.connectorState === "RUNNING" && (olds.taskStates ?? []).every((state) => state === "RUNNING");
}

const connectorProvider: pulumi.dynamic.ResourceProvider<ConnectorInputs, ConnectorOutputs> = {
  async check(_olds, news) {
    return { inputs: news, failures: judge.connectorInputProblems(news).map((reason) => ({ property: "", reason })) };
  },

  async diff(_id, olds, news) {
    const replaces = olds.connectorName !== news.connectorName ? ["connectorName"] : [];
    // A config unknown until apply (a preview) may differ: it counts as a change.
    const configChanged =
      typeof news.config !== "object" || news.config === null || judge.changedSettings(olds.config ?? {}, news.config).length > 0;
    const changes =
      replaces.length > 0 ||
      configChanged ||
      olds.connectUrl !== news.connectUrl ||
      !sameLogin(olds.connectAuth, news.connectAuth) ||
      olds.runningTimeoutSeconds !== news.runningTimeoutSeconds ||
      (olds.driftedSettings ?? []).length > 0 ||
      !ranWhenRead(olds);
    // Two connectors of one name cannot share a worker, nor two Debezium connectors a replication slot.
    return { changes, replaces, deleteBeforeReplace: true };
  },

  async create(inputs) {
    return { id: inputs.connectorName, outs: await createConnector(inputs) };
  },

  async read(id, props) {
    if (!props) return { id: "" };
    const target = { connectUrl: props.connectUrl, connectAuth: props.connectAuth, connectorName: props.connectorName ?? id };
    const [live, status] = await Promise.all([rest.readConfig(target), rest.readStatus(target)]);
    if (!live || !status) return { id: "" };
    const declared = props.config ?? {};
    const driftedSettings = judge.changedSettings(declared, live);
    const running = judge.connectorProgress(target.connectorName, status) === "running";
    const outs = { ...props, connectorState: status.connector.state, taskStates: status.tasks.map((task) => task.state), driftedSettings };
    // The inputs a preview compares with the program's: the declared ones, plus what differs live (setting names and a
    // state that is not RUNNING), so the plan names what the update will put back. An import compares the same way.
    const inputs: Record<string, unknown> = { connectUrl: props.connectUrl, connectorName: target.connectorName, config: declared };
    for (const key of ["connectAuth", "runningTimeoutSeconds", "resourceUrn"] as const) if (props[key] !== undefined) inputs[key] = props[key];
    if (driftedSettings.length > 0) inputs.driftedSettings = driftedSettings;
    if (!running) inputs.connectorState = status.connector.state;
    return { id, props: outs, inputs: inputs as unknown as ConnectorOutputs };
  },

  async update(_id, olds, news) {
    const live = await rest.readConfig(news);
    if (!live) {
      // Not on the worker news.connectUrl reaches (deleted there, or a different Connect cluster): made there anew,
      // then deleted from the old address when that is another worker that still answers.
      const outs = await createConnector(news);
      if (olds.connectUrl !== news.connectUrl) {
        await rest.deleteConnector({ connectUrl: olds.connectUrl, connectAuth: olds.connectAuth, connectorName: olds.connectorName }).catch((error: { unreachable?: boolean; message: string }) => {
          if (error.unreachable) return;
          throw Object.assign(new Error(`Connector ${news.connectorName} now runs at ${news.connectUrl}, but deleting it at ${olds.connectUrl} failed (${judge.asClause(error.message)}); delete it there.`), {
            id: news.connectorName,
            properties: outs,
            reasons: [error.message],
          });
        });
      }
      return { outs };
    }
    const failureMayBeStale = await repair(news, await rest.readStatus(news));
    if (judge.changedSettings(live, news.config).length === 0) {
      return { outs: await waitForConfig(news, undefined, failureMayBeStale) };
    }
    await validate(news);
    await rest.writeConfig(news, news.config);
    try {
      return { outs: await waitForConfig(news, live, failureMayBeStale) };
    } catch (error) {
      throw new Error(`${(error as Error).message} ${await restore(news, live)}`);
    }
  },

  async delete(_id, props) {
    await deleteWithin(props);
  },
};

/** Exported for tests, which call the provider directly against a stand-in for Connect. */
export { connectorProvider };

/**
 * The inputs KafkaConnector registers: the arguments with `config` and `connectAuth` made secret whatever the caller
 * passed (a plain record too), so neither lands in plain text in the state's inputs. Exported for tests.
 */
export function connectorResourceInputs(name: string, args: KafkaConnectorArgs, parent?: pulumi.Resource): Record<string, unknown> {
  return {
    ...args,
    config: pulumi.secret(args.config),
    connectAuth: args.connectAuth === undefined ? undefined : pulumi.secret(args.connectAuth),
    // What a delete that cannot reach the worker names for `pulumi state delete`; the type is the one the base class registers.
    resourceUrn: pulumi.createUrn(name, "pulumi-nodejs:dynamic/cdc-kafka:KafkaConnector", parent),
    connectorState: undefined,
    taskStates: undefined,
    driftedSettings: undefined,
  };
}

/**
 * A Kafka Connect connector managed through the worker's REST API, logging in with `connectAuth` when the API asks for
 * it. The config and the login are kept as secrets (inputs and outputs), since connector configs carry passwords
 * (`database.password`). `pulumi refresh` (or `up --refresh`) reads the live config
 * and state: a setting changed through the REST API, a PAUSED or a FAILED connector shows as an update, which puts the
 * declared config back, resumes and restarts. A connector of the same name that the stack did not create is refused,
 * or adopted with `adoptExisting` when its live config is the declared one (Pulumi's import cannot adopt a
 * dynamic-provider resource).
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
  /** Connect's REST API as reached from where Pulumi runs. */
  declare public readonly connectUrl: pulumi.Output<string>;
  /** The connector's name in the Connect cluster. */
  declare public readonly connectorName: pulumi.Output<string>;
  /** The connector's settings; a secret. */
  declare public readonly config: pulumi.Output<Record<string, string>>;
  /** The login the REST calls send; a secret, undefined when the API is open. */
  declare public readonly connectAuth: pulumi.Output<ConnectLogin | undefined>;
  /** The connector's state after the last create, update or refresh (RUNNING, PAUSED, FAILED, …). */
  declare public readonly connectorState: pulumi.Output<string>;
  /** The state of each task, by task id. */
  declare public readonly taskStates: pulumi.Output<string[]>;
  /** The settings whose live value differed from the declared one at the last refresh (names only). */
  declare public readonly driftedSettings: pulumi.Output<string[]>;

  constructor(name: string, args: KafkaConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      connectorProvider,
      name,
      connectorResourceInputs(name, args, opts?.parent),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["config", "connectAuth"] }),
      "cdc-kafka",
      "KafkaConnector",
    );
  }
}
