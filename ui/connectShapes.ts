// Kafka Connect answers (/connects, /connects/{n}/connectors[/{c}[/tasks|/config]], /connectors) shaped from Connect's
// own REST API the way kafbat's KafkaConnectMapper shapes them (camelCase names, as kafbat since v1.4.1). No IO here.
import { ConnectConfig } from "./config";
import { compareStrings } from "./paging";

// ---- Connect's REST API (snake_case), as `GET /connectors?expand=info&expand=status` answers ----

export interface ConnectStateEntry {
  state: string;
  worker_id: string;
  trace?: string;
}

export interface ConnectorExpanded {
  info?: { name: string; config: Record<string, string>; tasks: { connector: string; task: number }[]; type?: string };
  status?: { name: string; connector: ConnectStateEntry; tasks: (ConnectStateEntry & { id: number })[]; type?: string };
}

/** `GET /`: the worker's version. */
export interface ConnectRoot {
  version?: string;
  commit?: string;
  kafka_cluster_id?: string;
}

// ---- kafbat DTOs ----

export type ConnectorType = "SOURCE" | "SINK" | "UNKNOWN";

export interface ConnectorStatusDto {
  state: string;
  workerId: string | null;
  trace: string | null;
}

export interface ConnectDto {
  name: string;
  address: string;
  connectorsCount: number | null;
  failedConnectorsCount: number | null;
  tasksCount: number | null;
  failedTasksCount: number | null;
  version: string | null;
  commit: string | null;
  clusterId: string | null;
  consumerNamePattern: string | null;
}

export interface ConnectorDto {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type: ConnectorType;
  status: ConnectorStatusDto;
  connect: string;
  topics: string[];
  consumer: string | null;
}

export interface TaskDto {
  id: { connector: string; task: number };
  status: { id: number; state: string; workerId: string; trace: string | null };
  config: Record<string, string>;
}

export interface FullConnectorInfoDto {
  connect: string;
  name: string;
  connectorClass: string | null;
  type: ConnectorType;
  topics: string[];
  status: ConnectorStatusDto;
  tasksCount: number;
  failedTasksCount: number;
  consumer: string | null;
}

export function connectorType(type: string | undefined): ConnectorType {
  const upper = (type ?? "").toUpperCase();
  return upper === "SOURCE" || upper === "SINK" ? upper : "UNKNOWN";
}

/** Values of settings that look like credentials are hidden, as kafbat's KafkaConfigSanitizer hides them. */
const secretKey = /password|secret|token|credentials|jaas|user\.info|\.key$|apikey|api\.key/i;

export function sanitizeConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, secretKey.test(key) ? "******" : value]));
}

const status = (entry: ConnectStateEntry | undefined): ConnectorStatusDto =>
  // kafbat reports a connector whose status Connect cannot give as UNASSIGNED.
  entry ? { state: entry.state, workerId: entry.worker_id ?? null, trace: entry.trace ?? null } : { state: "UNASSIGNED", workerId: null, trace: null };

const failedTasks = (entry: ConnectorExpanded): number => (entry.status?.tasks ?? []).filter((t) => t.state === "FAILED").length;

export function toConnectDto(connect: ConnectConfig, root: ConnectRoot | null, connectors: Record<string, ConnectorExpanded> | null, withStats: boolean): ConnectDto {
  const entries = Object.values(connectors ?? {});
  const stats = withStats && connectors !== null;
  return {
    name: connect.name,
    address: connect.address,
    connectorsCount: stats ? entries.length : null,
    failedConnectorsCount: stats ? entries.filter((e) => e.status?.connector.state === "FAILED").length : null,
    tasksCount: stats ? entries.reduce((sum, e) => sum + (e.status?.tasks.length ?? 0), 0) : null,
    failedTasksCount: stats ? entries.reduce((sum, e) => sum + failedTasks(e), 0) : null,
    version: root?.version ?? null,
    commit: root?.commit ?? null,
    clusterId: root?.kafka_cluster_id ?? null,
    consumerNamePattern: "connect-%s",
  };
}

/** The consumer group a sink connector commits under (kafbat's default `connect-%s`), when that group exists. */
export function connectorConsumer(name: string, existingGroups: Set<string>): string | null {
  const group = `connect-${name}`;
  return existingGroups.has(group) ? group : null;
}

/** kafbat's single-connector answer: TASK_FAILED when the connector runs but a task has failed. */
export function toConnectorDto(connect: string, name: string, entry: ConnectorExpanded, topics: string[], consumer: string | null): ConnectorDto {
  const connectorStatus = status(entry.status?.connector);
  const state = connectorStatus.state === "RUNNING" && failedTasks(entry) > 0 ? "TASK_FAILED" : connectorStatus.state;
  return {
    name,
    config: sanitizeConfig(entry.info?.config ?? {}),
    tasks: entry.info?.tasks ?? [],
    type: connectorType(entry.info?.type ?? entry.status?.type),
    status: { ...connectorStatus, state },
    connect,
    topics,
    consumer,
  };
}

/** Tasks with their status and config; a task Connect has no status for is dropped, as kafbat drops it. */
export function toTaskDtos(name: string, entry: ConnectorExpanded, taskConfigs: { id: { task: number }; config: Record<string, string> }[]): TaskDto[] {
  return (entry.status?.tasks ?? [])
    .slice()
    .sort((a, b) => a.id - b.id)
    .map((task) => ({
      id: { connector: name, task: task.id },
      status: { id: task.id, state: task.state, workerId: task.worker_id, trace: task.trace ?? null },
      config: sanitizeConfig(taskConfigs.find((c) => c.id.task === task.id)?.config ?? {}),
    }));
}

export function toFullConnectorInfos(connect: string, connectors: Record<string, ConnectorExpanded>, existingGroups: Set<string>): FullConnectorInfoDto[] {
  return Object.entries(connectors)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, entry]) => {
      const config = entry.info?.config ?? {};
      const topics = (config.topics ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
      return {
        connect,
        name,
        connectorClass: config["connector.class"] ?? null,
        type: connectorType(entry.info?.type ?? entry.status?.type),
        topics,
        status: status(entry.status?.connector),
        tasksCount: entry.status?.tasks.length ?? 0,
        failedTasksCount: failedTasks(entry),
        consumer: connectorType(entry.info?.type) === "SINK" ? connectorConsumer(name, existingGroups) : null,
      };
    });
}

/** kafbat's /connectors?search=: a case-insensitive match on name, connect, class, type, state or a topic. */
export function searchConnectors(infos: FullConnectorInfoDto[], search: string | null): FullConnectorInfoDto[] {
  if (search === null) return infos;
  const needle = search.toLowerCase();
  return infos.filter((info) =>
    [info.name, info.connect, info.connectorClass ?? "", info.type, info.status.state, ...info.topics].some((field) => field.toLowerCase().includes(needle)),
  );
}
