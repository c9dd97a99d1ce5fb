// The connector resource's judgement, pure: which inputs are bad, how Connect's answers read (running, pending,
// failed), which settings differ between two configs (by name only: values may be secrets), whether the tasks Connect
// reports carry a config, when a wait is over, and the sentences the provider fails with. The dynamic provider calls
// these at run time, so the file imports nothing at run time and each helper is a plain function declaration.

/** A login to Connect's REST API (HTTP basic authentication, e.g. Kafka's BasicAuthSecurityRestExtension). */
export interface ConnectLogin {
  /** The user's name. */
  username: string;
  /** The user's password. */
  password: string;
}

/** What the provider receives: the arguments with every Input resolved. */
export interface ConnectorInputs {
  /** Connect's REST API as reached from where Pulumi runs. */
  connectUrl: string;
  /** The login every REST call sends; none when the API is open. */
  connectAuth?: ConnectLogin;
  /** The connector's name in the Connect cluster. */
  connectorName: string;
  /** The connector's settings. */
  config: Record<string, string>;
  /** How long create and update wait for the connector and its tasks to run the config. */
  runningTimeoutSeconds?: number;
  /** This resource's URN, named by the sentence a delete that cannot reach the worker fails with. */
  resourceUrn?: string;
  /** Whether a create that finds a connector of this name takes it into the stack (when its live config is the declared one). */
  adoptExisting?: boolean;
}

/** What the provider keeps in state: the inputs and what Connect last reported. */
export interface ConnectorOutputs extends ConnectorInputs {
  /** The connector's state after the last create, update or refresh (RUNNING, PAUSED, FAILED, …). */
  connectorState: string;
  /** The state of each task, by task id. */
  taskStates: string[];
  /** The settings whose live value differed from the declared one at the last refresh (names only); empty when none. */
  driftedSettings: string[];
}

/** GET /connectors/{name}/status, the part read here. */
export interface ConnectorStatus {
  /** The connector itself. */
  connector: {
    /** UNASSIGNED, RUNNING, PAUSED, FAILED, … */
    state: string;
    /** The stack trace of a failure. */
    trace?: string;
  };
  /** Its tasks. */
  tasks: Array<{
    /** The task's id. */
    id: number;
    /** UNASSIGNED, RUNNING, PAUSED, FAILED, … */
    state: string;
    /** The stack trace of a failure. */
    trace?: string;
  }>;
}

/** One task of GET /connectors/{name}/tasks: the config Connect gave the task. */
export interface TaskConfig {
  /** Which task. */
  id: {
    /** The connector's name. */
    connector: string;
    /** The task's number. */
    task: number;
  };
  /** The config Connect gave the task. */
  config: Record<string, string>;
}

/**
 * The engine's stand-in for a value unknown until apply (a preview of inputs made from other resources' outputs, e.g. a
 * secured stack's client settings before its passwords exist).
 */
function isUnknown(value: unknown): boolean {
  return value === "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
}

/** One sentence per problem of the inputs, before anything is sent to Connect; an input unknown until apply is judged at apply. */
export function connectorInputProblems(inputs: Partial<ConnectorInputs>): string[] {
  const problems: string[] = [];
  if (!isUnknown(inputs.connectUrl) && (typeof inputs.connectUrl !== "string" || !/^https?:\/\/[^/\s]+/.test(inputs.connectUrl))) {
    problems.push(`connectUrl (${String(inputs.connectUrl)}) is not an http(s) URL; set it to Connect's REST address, e.g. http://127.0.0.1:8083.`);
  }
  if (!isUnknown(inputs.connectorName) && (typeof inputs.connectorName !== "string" || !/^[A-Za-z0-9._-]+$/.test(inputs.connectorName))) {
    problems.push(`connectorName (${String(inputs.connectorName)}) must be letters, digits, ".", "_" or "-".`);
  }
  const auth = inputs.connectAuth as Record<string, unknown> | undefined;
  if (auth !== undefined && auth !== null && !isUnknown(auth)) {
    // A value unknown until apply (a generated password during a preview) is judged at apply.
    const username = auth.username;
    if (!isUnknown(username) && (typeof username !== "string" || username === "" || username.includes(":"))) {
      problems.push("connectAuth.username must be a non-empty string without \":\" (HTTP basic authentication cannot carry one).");
    }
    if (!isUnknown(auth.password) && (typeof auth.password !== "string" || auth.password === "")) {
      problems.push("connectAuth.password must be a non-empty string.");
    }
  }
  if (inputs.adoptExisting !== undefined && !isUnknown(inputs.adoptExisting) && typeof inputs.adoptExisting !== "boolean") {
    problems.push(`adoptExisting (${String(inputs.adoptExisting)}) must be true or false.`);
  }
  if (!isUnknown(inputs.config)) {
    const config = inputs.config ?? {};
    if (typeof config["connector.class"] !== "string" || config["connector.class"] === "") {
      problems.push("config has no connector.class; name the connector's class, e.g. io.debezium.connector.postgresql.PostgresConnector.");
    }
    for (const [key, value] of Object.entries(config)) {
      if (typeof value !== "string") problems.push(`config ${key} is a ${typeof value}; connector settings are strings.`);
    }
  }
  const timeout = inputs.runningTimeoutSeconds;
  // A timeout from another resource's output is unknown during a preview: judged at apply, as the other inputs.
  if (timeout !== undefined && !isUnknown(timeout) && (!Number.isInteger(timeout) || timeout < 1)) {
    problems.push(`runningTimeoutSeconds (${timeout}) must be a whole number of seconds, at least 1.`);
  }
  return problems;
}

/** A sentence as a clause inside another (in parentheses): without its closing period. */
export function asClause(sentence: string): string {
  return sentence.replace(/\.$/, "");
}

/** The first line of a Java stack trace: the exception and its message. */
export function traceHeadline(trace: string | undefined): string {
  const line = (trace ?? "").split("\n").find((l) => l.trim() !== "") ?? "no trace";
  return line.trim().replace(/\.$/, "");
}

/** "running" once the connector and at least one task run and none failed; a sentence when something failed; else "pending". */
export function connectorProgress(
  name: string,
  status: ConnectorStatus,
):
  | "running"
  | "pending"
  | {
      /** The sentence that says what failed. */
      failed: string;
    } {
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

/** Whether the connector or a task is FAILED (a restart brings it back), or the connector PAUSED or STOPPED (a resume does). */
export function neededRepairs(status: ConnectorStatus): { resume: boolean; restartFailed: boolean } {
  return {
    resume: ["PAUSED", "STOPPED"].includes(status.connector.state) || status.tasks.some((task) => task.state === "PAUSED"),
    restartFailed: status.connector.state === "FAILED" || status.tasks.some((task) => task.state === "FAILED"),
  };
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

/**
 * The names of the settings whose values differ between two configs (added, removed or changed), sorted; `name`, which
 * Connect adds to every config it reports, counts only when both sides have it. Values are compared, never returned.
 */
export function changedSettings(from: Record<string, string>, to: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  if (!("name" in from) || !("name" in to)) keys.delete("name");
  return [...keys].filter((key) => from[key] !== to[key]).sort();
}

/**
 * Whether the tasks Connect reports were made from `config` rather than from `previous`: at least one task, and every
 * changed setting a task carries (Debezium's tasks carry the whole connector config) has its new value in every task,
 * or, when the setting was removed, no longer its old one. A connector whose tasks carry none of the changed settings
 * gives no such evidence: its tasks are those of the previous generation, unchanged, and only the status can tell.
 */
export function tasksCarryConfig(config: Record<string, string>, previous: Record<string, string>, tasks: TaskConfig[]): boolean {
  if (tasks.length === 0) return false;
  const carried = changedSettings(previous, config).filter((key) => tasks.some((task) => key in task.config));
  return tasks.every((task) =>
    carried.every((key) => (key in config ? task.config[key] === config[key] : task.config[key] !== previous[key])),
  );
}

/** What a wait has seen so far: since when the connector has been RUNNING, and since when FAILED. */
export interface WaitState {
  runningSince?: number;
  failedSince?: number;
}

/**
 * One step of a wait for a connector to run a config. Connect's REST API does not report a task's generation, and its
 * status is written asynchronously: right after a config write or a restart, the status can still be the previous
 * generation's RUNNING (or FAILED). So a wait believes RUNNING only once the tasks carry the config (`applied`) and
 * the RUNNING has held for `settleMs`, long enough for a new task that fails at start to be reported; and when the
 * status before the write or restart was already FAILED (`failureMayBeStale`), a FAILED too must hold that long.
 */
export function waitStep(
  state: WaitState,
  now: number,
  observed: { name: string; status: ConnectorStatus | undefined; applied: boolean; failureMayBeStale: boolean },
  settleMs: number,
): { state: WaitState; verdict: "wait" | "running" | { failed: string } } {
  const status = observed.status;
  // Before the tasks carry the config, a RUNNING or a failed task may be the previous generation's; a connector that
  // failed to start on the new config never makes tasks, so its own FAILED counts.
  const judged = status && (observed.applied || status.connector.state === "FAILED");
  const progress = status && judged ? connectorProgress(observed.name, status) : "pending";
  if (progress === "running") {
    const runningSince = state.runningSince ?? now;
    return { state: { runningSince }, verdict: now - runningSince >= settleMs ? "running" : "wait" };
  }
  if (progress === "pending") return { state: {}, verdict: "wait" };
  const failedSince = state.failedSince ?? now;
  const believed = !observed.failureMayBeStale || now - failedSince >= settleMs;
  return { state: { failedSince }, verdict: believed ? progress : "wait" };
}

/** The sentence a wait that ran out fails with. */
export function notRunningSentence(name: string, timeoutSeconds: number, status: ConnectorStatus | undefined, applied: boolean): string {
  const tasks = status && status.tasks.length > 0 ? status.tasks.map((t) => t.state).join(", ") : "none";
  const configNote = applied ? "" : ", and its tasks do not carry the new config yet";
  return (
    `Connector ${name} was not RUNNING with all its tasks within ${timeoutSeconds} s (connector ${status?.connector.state ?? "unknown"}, ` +
    `tasks ${tasks}${configNote}); check the worker's log, or raise runningTimeoutSeconds.`
  );
}

/**
 * A create that finds the name taken, without adoptExisting. (Pulumi's import cannot adopt it: the dynamic-provider
 * host needs the serialised provider in the state it reads, which an import does not have.)
 */
export function alreadyExistsSentence(inputs: Pick<ConnectorInputs, "connectUrl" | "connectorName">): string {
  const name = inputs.connectorName;
  return (
    `Kafka Connect at ${inputs.connectUrl} already has a connector named ${name}, which this stack did not create; ` +
    `set adoptExisting: true on this KafkaConnector to take it into the stack (done only when its live config is the declared one), ` +
    `choose another connectorName, or delete that connector (\`curl -X DELETE ${inputs.connectUrl.replace(/\/$/, "")}/connectors/${name}\`) and run \`pulumi up\` again.`
  );
}

/** An adoption refused because the live config is not the declared one: the settings that differ, by name only (values may be secrets). */
export function adoptMismatchSentence(inputs: Pick<ConnectorInputs, "connectUrl" | "connectorName">, differing: string[]): string {
  return (
    `Connector ${inputs.connectorName} at ${inputs.connectUrl} was not adopted: its live config differs from the declared one in ${differing.join(", ")}; ` +
    "declare the live values (or change them on the worker) and run `pulumi up` again, or unset adoptExisting."
  );
}

/** A delete that could not reach the worker within its bound: the two ways out. */
export function deleteUnreachableSentence(inputs: Pick<ConnectorInputs, "connectUrl" | "connectorName" | "resourceUrn">, waitedSeconds: number, reason: string): string {
  const urn = inputs.resourceUrn ? `'${inputs.resourceUrn}'` : "<its URN, from `pulumi stack --show-urns`>";
  return (
    `Kafka Connect at ${inputs.connectUrl} did not answer for ${waitedSeconds} s (${reason}), so connector ${inputs.connectorName} ` +
    `was not deleted; start the worker and run the command again, or, if the worker is gone for good, drop the connector ` +
    `from the stack with \`pulumi state delete ${urn}\`.`
  );
}
