// Kafka Connect's REST API, the calls the connector resource makes. `connectRequest` is the one place a request is
// built (address, headers with the basic-auth login, timeout). The dynamic provider calls
// these at run time, so the file imports nothing at run time (types only) and each helper is a plain function
// declaration.
import type { ConnectLogin, ConnectorStatus, TaskConfig } from "./connectorState";

/** Where a connector lives: the worker's REST address, the login it asks for (if any) and the connector's name. */
export interface ConnectorAddress {
  connectUrl: string;
  connectAuth?: ConnectLogin;
  connectorName: string;
}

/** The worker a request goes to: its REST address and the login it asks for (if any). */
export type ConnectEndpoint = Pick<ConnectorAddress, "connectUrl" | "connectAuth">;

/** Connect's answer: the HTTP status and the parsed body (`{ message }` when the body is not JSON). */
export interface ConnectAnswer {
  status: number;
  json: any;
}

// Module-local (not exported): the serialised provider captures it by value, not as a require of this module.
const REQUEST_TIMEOUT_MS = 30_000;

/** The `Authorization` header value of HTTP basic authentication for `login`. */
export function basicAuthorization(login: ConnectLogin): string {
  return `Basic ${Buffer.from(`${login.username}:${login.password}`, "utf8").toString("base64")}`;
}

/**
 * An HTTP call to Connect, with the endpoint's login when it has one. A worker that cannot be reached (refused, timed
 * out, no such host) is one sentence naming the address, on an error marked `unreachable` (with the low-level reason) so
 * a caller may wait for the worker to return.
 */
export async function connectRequest(endpoint: ConnectEndpoint, method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ConnectAnswer> {
  const url = endpoint.connectUrl;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (endpoint.connectAuth) headers.authorization = basicAuthorization(endpoint.connectAuth);
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, "")}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw Object.assign(new Error(`Kafka Connect at ${url} cannot be reached (${reason}); start the worker or correct connectUrl.`), {
      unreachable: true,
      reason,
    });
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

/**
 * Connect's refusal as one sentence: what was asked, the HTTP status and Connect's message; a 401 also says what to
 * change (the login).
 */
export function connectError(url: string, what: string, answer: ConnectAnswer): Error {
  const message = String(answer.json?.message ?? "no message").replace(/\.$/, "");
  const fix = answer.status === 401 ? "; set connectAuth to a login the worker's REST API accepts" : "";
  return new Error(`Kafka Connect at ${url} refused to ${what} (HTTP ${answer.status}: ${message})${fix}.`);
}

function connectorPath(target: ConnectorAddress, suffix = ""): string {
  return `/connectors/${encodeURIComponent(target.connectorName)}${suffix}`;
}

/** GET a connector resource; undefined when Connect has no such connector. */
async function getConnectorResource<T>(target: ConnectorAddress, suffix: string, what: string): Promise<T | undefined> {
  const answer = await connectRequest(target, "GET", connectorPath(target, suffix));
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw connectError(target.connectUrl, `report the ${what} of ${target.connectorName}`, answer);
  return answer.json as T;
}

/** The connector's and its tasks' states; undefined when there is no such connector. */
export function readStatus(target: ConnectorAddress): Promise<ConnectorStatus | undefined> {
  return getConnectorResource<ConnectorStatus>(target, "/status", "status");
}

/** The connector's config as Connect stores it (with the `name` Connect adds); undefined when there is no such connector. */
export function readConfig(target: ConnectorAddress): Promise<Record<string, string> | undefined> {
  return getConnectorResource<Record<string, string>>(target, "/config", "config");
}

/**
 * The config of each task, as the connector made them; undefined when there is no such connector. While a rebalance is
 * pending (after a config write) Connect refuses: no tasks to judge yet, so none.
 */
export async function readTasks(target: ConnectorAddress): Promise<TaskConfig[] | undefined> {
  const answer = await connectRequest(target, "GET", connectorPath(target, "/tasks"));
  if (answer.status === 404) return undefined;
  // The worker answers 409 or 500 ("a rebalance is expected"), depending on where the request lands.
  if (answer.status === 409 || /rebalance/i.test(String(answer.json?.message ?? ""))) return [];
  if (answer.status !== 200) throw connectError(target.connectUrl, `report the tasks of ${target.connectorName}`, answer);
  return answer.json as TaskConfig[];
}

/** Connect's own check of the config (Debezium's connects to the database); the answer, to be read as sentences. */
export async function validateConfig(target: ConnectorAddress, config: Record<string, string>): Promise<any> {
  const className = encodeURIComponent(config["connector.class"]);
  const answer = await connectRequest(target, "PUT", `/connector-plugins/${className}/config/validate`, {
    ...config,
    name: target.connectorName,
  });
  if (answer.status !== 200) throw connectError(target.connectUrl, `validate the config of ${target.connectorName}`, answer);
  return answer.json;
}

/** Creates the connector, or replaces its config. */
export async function writeConfig(target: ConnectorAddress, config: Record<string, string>): Promise<void> {
  const answer = await connectRequest(target, "PUT", connectorPath(target, "/config"), config);
  if (answer.status !== 200 && answer.status !== 201) throw connectError(target.connectUrl, `write the config of ${target.connectorName}`, answer);
}

/** Deletes the connector; one that is already gone counts as deleted. */
export async function deleteConnector(target: ConnectorAddress, timeoutMs?: number): Promise<void> {
  const answer = await connectRequest(target, "DELETE", connectorPath(target), undefined, timeoutMs);
  if (answer.status !== 204 && answer.status !== 200 && answer.status !== 404) {
    throw connectError(target.connectUrl, `delete connector ${target.connectorName}`, answer);
  }
}

/** Resumes a PAUSED or STOPPED connector and its tasks. */
export async function resumeConnector(target: ConnectorAddress): Promise<void> {
  const answer = await connectRequest(target, "PUT", connectorPath(target, "/resume"));
  if (answer.status !== 202 && answer.status !== 200 && answer.status !== 204) throw connectError(target.connectUrl, `resume ${target.connectorName}`, answer);
}

/** Restarts the connector if it failed and each task that failed (KIP-745, Connect 3.0+). */
export async function restartFailed(target: ConnectorAddress): Promise<void> {
  const answer = await connectRequest(target, "POST", connectorPath(target, "/restart?includeTasks=true&onlyFailed=true"));
  if (answer.status !== 202 && answer.status !== 200 && answer.status !== 204) throw connectError(target.connectUrl, `restart ${target.connectorName}`, answer);
}
