// A stand-in for Kafka Connect's REST API (node http on 127.0.0.1:0) for the connector provider's unit tests: the
// endpoints the provider calls, answering as a 3.6 worker does, with the lags that make a real worker hard to read —
// after a config write, the task configs change only after `taskConfigLagMs`, and the status keeps answering the
// previous generation's state for `statusLagMs`. A config decides its fate: `mode=task-failure` fails task 0 at start,
// `mode=connector-failure` fails the connector. Every request is recorded.
import * as http from "http";
import type { AddressInfo } from "net";
import type { ConnectorStatus } from "../../components/connectorState";

interface FakeConnector {
  config: Record<string, string>;
  paused: boolean;
  /** Task 0's config, as GET /tasks reports it. */
  taskConfig?: Record<string, string>;
  /** The status shown until `statusSwitchAt`, and the one from then on. */
  oldStatus?: ConnectorStatus;
  statusSwitchAt: number;
  taskConfigSwitchAt: number;
  pendingTaskConfig?: Record<string, string>;
  /** Set by a test to make a running task fail (as a lost database would). */
  forcedTaskFailure?: string;
}

export interface FakeConnect {
  url: string;
  port: number;
  connectors: Map<string, FakeConnector>;
  requests: string[];
  lags: { taskConfigLagMs: number; statusLagMs: number };
  /**
   * Status codes to answer instead, by "METHOD path-prefix" (e.g. "DELETE /connectors/c"), from the `fromCall`-th such
   * request on (1: every one).
   */
  refuse: Map<string, { status: number; fromCall: number }>;
  /** Field errors the validation answers with, by setting name. */
  validationErrors: Record<string, string>;
  /**
   * The `Authorization` header every request must carry, as a worker with BasicAuthSecurityRestExtension asks; any
   * other request is answered 401 (and recorded with "401 " in front). Undefined: the API is open.
   */
  requiredAuthorization?: string;
  /** Puts a connector on the worker as if made through the REST API by someone else, RUNNING. */
  seed(name: string, config: Record<string, string>): void;
  statusOf(name: string): ConnectorStatus | undefined;
  close(): Promise<void>;
}

const TRACE = "java.lang.RuntimeException: boom\n\tat org.example.Task.start(Task.java:1)";

function statusFor(connector: FakeConnector, name: string): ConnectorStatus {
  const mode = connector.config.mode;
  if (mode === "connector-failure") return { connector: { state: "FAILED", trace: `org.apache.kafka.connect.errors.ConnectException: ${name} cannot start\n\tat x` }, tasks: [] };
  const running = connector.paused ? "PAUSED" : "RUNNING";
  const taskFailure = mode === "task-failure" ? TRACE : connector.forcedTaskFailure;
  return { connector: { state: running }, tasks: [taskFailure ? { id: 0, state: "FAILED", trace: taskFailure } : { id: 0, state: running }] };
}

/** Starts the stand-in on `port` (0: any free one; a given one: the worker coming back where it was). */
export async function startFakeConnect(port = 0): Promise<FakeConnect> {
  const connectors = new Map<string, FakeConnector>();
  const requests: string[] = [];
  const lags = { taskConfigLagMs: 0, statusLagMs: 0 };
  const refuse = new Map<string, { status: number; fromCall: number }>();
  const validationErrors: Record<string, string> = {};

  const currentStatus = (name: string, connector: FakeConnector): ConnectorStatus =>
    connector.oldStatus && Date.now() < connector.statusSwitchAt ? connector.oldStatus : statusFor(connector, name);
  const currentTaskConfig = (connector: FakeConnector) => {
    if (connector.pendingTaskConfig && Date.now() >= connector.taskConfigSwitchAt) {
      connector.taskConfig = connector.pendingTaskConfig;
      connector.pendingTaskConfig = undefined;
    }
    return connector.taskConfig;
  };
  const write = (name: string, config: Record<string, string>) => {
    const existing = connectors.get(name);
    const now = Date.now();
    const connector: FakeConnector = existing ?? { config, paused: false, statusSwitchAt: 0, taskConfigSwitchAt: 0 };
    if (existing) connector.oldStatus = currentStatus(name, existing);
    connector.config = { ...config, name };
    connector.statusSwitchAt = now + lags.statusLagMs;
    connector.pendingTaskConfig = config.mode === "connector-failure" ? undefined : { ...connector.config, "task.class": "org.example.Task" };
    connector.taskConfigSwitchAt = now + lags.taskConfigLagMs;
    connector.forcedTaskFailure = undefined;
    connectors.set(name, connector);
    return !existing;
  };

  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const line = `${request.method} ${url.pathname}${url.search}`;
      const answer = (status: number, json?: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(json === undefined ? "" : JSON.stringify(json));
      };
      if (fake.requiredAuthorization !== undefined && request.headers.authorization !== fake.requiredAuthorization) {
        requests.push(`401 ${line}`);
        return answer(401, { error_code: 401, message: "Credentials are required to access this resource" });
      }
      requests.push(line);
      for (const [prefix, { status, fromCall }] of refuse) {
        const calls = requests.filter((seen) => seen.startsWith(prefix)).length;
        if (line.startsWith(prefix) && calls >= fromCall) return answer(status, { error_code: status, message: `refused by the test: ${prefix}` });
      }
      const validate = /^\/connector-plugins\/([^/]+)\/config\/validate$/.exec(url.pathname);
      if (validate && request.method === "PUT") {
        const config = JSON.parse(body) as Record<string, string>;
        const configs = Object.keys(config).map((name) => ({ value: { name, errors: validationErrors[name] ? [validationErrors[name]] : [] } }));
        return answer(200, { error_count: configs.filter((c) => c.value.errors.length > 0).length, configs });
      }
      const match = /^\/connectors\/([^/]+)(\/[a-z]+)?$/.exec(url.pathname);
      if (!match) return answer(404, { error_code: 404, message: "Unknown endpoint" });
      const name = decodeURIComponent(match[1]);
      const action = `${request.method} ${match[2] ?? ""}`;
      const connector = connectors.get(name);
      if (action === "PUT /config") return answer(write(name, JSON.parse(body)) ? 201 : 200, { name });
      if (!connector) return answer(404, { error_code: 404, message: `Connector ${name} not found` });
      switch (action) {
        case "GET /status":
          return answer(200, { name, ...currentStatus(name, connector) });
        case "GET /config":
          return answer(200, connector.config);
        case "GET /tasks": {
          const taskConfig = currentTaskConfig(connector);
          return answer(200, taskConfig ? [{ id: { connector: name, task: 0 }, config: taskConfig }] : []);
        }
        case "DELETE ":
          connectors.delete(name);
          return answer(204);
        case "PUT /pause":
          connector.paused = true;
          return answer(202);
        case "PUT /resume":
          connector.oldStatus = currentStatus(name, connector);
          connector.statusSwitchAt = Date.now() + lags.statusLagMs;
          connector.paused = false;
          return answer(202);
        case "POST /restart":
          connector.oldStatus = currentStatus(name, connector);
          connector.statusSwitchAt = Date.now() + lags.statusLagMs;
          connector.forcedTaskFailure = undefined;
          return answer(202, { name, ...statusFor(connector, name) });
        default:
          return answer(405, { error_code: 405, message: "HTTP 405 Method Not Allowed" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const boundPort = (server.address() as AddressInfo).port;
  const fake: FakeConnect = {
    url: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    connectors,
    requests,
    lags,
    refuse,
    validationErrors,
    seed(name, config) {
      write(name, config);
      const connector = connectors.get(name)!;
      connector.statusSwitchAt = 0;
      connector.taskConfigSwitchAt = 0;
      currentTaskConfig(connector);
    },
    statusOf(name) {
      const connector = connectors.get(name);
      return connector && currentStatus(name, connector);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
