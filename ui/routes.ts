// Request routing and query parsing for kafbat's REST paths, and kafbat's error body; no IO here.
import { ConsumerGroupOrder, ConsumerGroupsQuery } from "./groupShapes";
import { ErrorResponseDto } from "./model";
import { defaultPageSize, SortOrder } from "./paging";
import { TopicOrder, TopicsQuery } from "./topicShapes";

export type Route =
  | { kind: "page" }
  | { kind: "asset"; file: string }
  | { kind: "health" }
  | { kind: "clusters" }
  | { kind: "brokers"; cluster: string }
  | { kind: "brokerMetrics"; cluster: string; brokerId: string }
  | { kind: "connects"; cluster: string }
  | { kind: "connectConnectors"; cluster: string; connect: string }
  | { kind: "connector"; cluster: string; connect: string; connector: string }
  | { kind: "connectorTasks"; cluster: string; connect: string; connector: string }
  | { kind: "connectorConfig"; cluster: string; connect: string; connector: string }
  | { kind: "connectors"; cluster: string }
  | { kind: "stats"; cluster: string }
  | { kind: "topics"; cluster: string }
  | { kind: "topic"; cluster: string; topic: string }
  | { kind: "topicConfig"; cluster: string; topic: string }
  | { kind: "topicMessages"; cluster: string; topic: string }
  | { kind: "topicMessagesV1"; cluster: string; topic: string }
  | { kind: "consumerGroupsPaged"; cluster: string }
  | { kind: "consumerGroups"; cluster: string }
  | { kind: "consumerGroup"; cluster: string; groupId: string }
  | { kind: "notFound" };

/** Files of the page, served from ui/static; anything else under /static is not found. */
export const assets: Record<string, string> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/static/app.js": "app.js",
  "/static/style.css": "style.css",
};

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Maps a request path (without query) to what answers it. */
export function route(pathname: string): Route {
  if (assets[pathname] !== undefined) return pathname === "/" ? { kind: "page" } : { kind: "asset", file: assets[pathname] };
  if (pathname === "/actuator/health") return { kind: "health" };
  if (pathname === "/api/clusters") return { kind: "clusters" };
  const raw = pathname.split("/");
  // ["", "api", "clusters", <cluster>, <resource>, ...]
  if (raw.length < 5 || raw[1] !== "api" || raw[2] !== "clusters") return { kind: "notFound" };
  const parts = raw.map(decode);
  // An empty segment (a trailing or doubled slash) or a malformed %-escape matches nothing, as in kafbat.
  if (parts.slice(1).some((part) => part === undefined || part === "")) return { kind: "notFound" };
  const [cluster, resource, id, sub] = parts.slice(3) as string[];
  const extra = parts.length - 3;
  if (resource === "brokers" && extra === 2) return { kind: "brokers", cluster };
  if (resource === "brokers" && extra === 4 && sub === "metrics") return { kind: "brokerMetrics", cluster, brokerId: id };
  if (resource === "connectors" && extra === 2) return { kind: "connectors", cluster };
  if (resource === "connects") {
    const [connector, leaf] = [parts[7], parts[8]] as string[];
    if (extra === 2) return { kind: "connects", cluster };
    if (extra >= 4 && sub === "connectors") {
      if (extra === 4) return { kind: "connectConnectors", cluster, connect: id };
      if (extra === 5) return { kind: "connector", cluster, connect: id, connector };
      if (extra === 6 && leaf === "tasks") return { kind: "connectorTasks", cluster, connect: id, connector };
      if (extra === 6 && leaf === "config") return { kind: "connectorConfig", cluster, connect: id, connector };
    }
  }
  if (resource === "stats" && extra === 2) return { kind: "stats", cluster };
  if (resource === "topics") {
    if (extra === 2) return { kind: "topics", cluster };
    if (extra === 3) return { kind: "topic", cluster, topic: id };
    if (extra === 4 && sub === "config") return { kind: "topicConfig", cluster, topic: id };
    if (extra === 4 && sub === "messages") return { kind: "topicMessagesV1", cluster, topic: id };
    if (extra === 5 && sub === "messages" && parts[7] === "v2") return { kind: "topicMessages", cluster, topic: id };
  }
  if (resource === "consumer-groups") {
    if (extra === 2) return { kind: "consumerGroups", cluster };
    // kafbat routes /paged before /{id}, so a group literally named "paged" is only reachable through the list.
    if (extra === 3) return id === "paged" ? { kind: "consumerGroupsPaged", cluster } : { kind: "consumerGroup", cluster, groupId: id };
  }
  return { kind: "notFound" };
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  const upper = (value ?? "").toUpperCase();
  return (allowed as readonly string[]).includes(upper) ? (upper as T) : fallback;
}

function search(params: URLSearchParams): string | null {
  const value = params.get("search");
  return value === null || value.trim() === "" ? null : value;
}

const sortOrders: readonly SortOrder[] = ["ASC", "DESC"];
const topicOrders: readonly TopicOrder[] = ["NAME", "OUT_OF_SYNC_REPLICAS", "TOTAL_PARTITIONS", "REPLICATION_FACTOR", "SIZE", "MESSAGES_NUMBER"];
const groupOrders: readonly ConsumerGroupOrder[] = ["NAME", "MEMBERS", "STATE", "MESSAGES_BEHIND", "TOPIC_NUM"];

/** kafbat's defaults: page 1, 25 per page, internal topics hidden, by name ascending. */
export function parseTopicsQuery(params: URLSearchParams): TopicsQuery {
  return {
    page: positive(params.get("page"), 1),
    perPage: positive(params.get("perPage"), defaultPageSize),
    showInternal: (params.get("showInternal") ?? "").toLowerCase() === "true",
    search: search(params),
    orderBy: oneOf(params.get("orderBy"), topicOrders, "NAME"),
    sortOrder: oneOf(params.get("sortOrder"), sortOrders, "ASC"),
  };
}

export function parseConsumerGroupsQuery(params: URLSearchParams): ConsumerGroupsQuery {
  return {
    page: positive(params.get("page"), 1),
    perPage: positive(params.get("perPage"), defaultPageSize),
    search: search(params),
    orderBy: oneOf(params.get("orderBy"), groupOrders, "NAME"),
    sortOrder: oneOf(params.get("sortOrder"), sortOrders, "ASC"),
  };
}

/** kafbat's ErrorCode values the console can answer with. */
export const errorCodes = {
  unexpected: 5000,
  notFound: 404,
  validation: 4002,
  clusterNotFound: 4007,
  topicNotFound: 4008,
} as const;

export interface ApiError {
  status: number;
  body: ErrorResponseDto;
}

export function apiError(status: number, code: number, message: string, requestId: string, now: number): ApiError {
  return { status, body: { code, message, timestamp: now, requestId, fieldsErrors: null, stackTrace: null } };
}

/** kafbat's message for an unknown cluster name, verbatim. */
export const clusterNotFoundMessage = (name: string): string => `No cluster for name '${name}'`;
/** kafbat's TopicNotFoundException message, verbatim. */
export const topicNotFoundMessage = "This topic does not exist.";
/** kafbat's message for an unknown Connect name, verbatim. */
export const connectNotFoundMessage = (connect: string, cluster: string): string => `Connect ${connect} not found for cluster ${cluster}`;
export const groupNotFoundMessage = (groupId: string): string =>
  `Consumer group '${groupId}' does not exist; check the group id (the list is at /consumer-groups/paged).`;
