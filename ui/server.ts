// The HTTP side: kafbat's read-only REST paths, the health endpoint and the page, on node's http module.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { ClusterMonitor, Log } from "./clusterMonitor";
import { toBrokerDtos, toClusterDto, toClusterStatsDto } from "./clusterShapes";
import { coordinatorFor, selectConsumerGroupsPage, toConsumerGroupDetailsDto, toConsumerGroupDto } from "./groupShapes";
import { ConnectHttpError, ConnectReader } from "./connectClient";
import { searchConnectors, toConnectDto, toConnectorDto, toFullConnectorInfos, toTaskDtos } from "./connectShapes";
import { topicRates } from "./metrics";
import { messageEvents, parseMessagesQuery, planRanges, sseFrame } from "./messageShapes";
import { ConsumerGroupDto, TopicMessageEventDto, TopicMetadata } from "./model";
import {
  apiError,
  ApiError,
  assets,
  clusterNotFoundMessage,
  connectNotFoundMessage,
  errorCodes,
  groupNotFoundMessage,
  parseConsumerGroupsQuery,
  parseTopicsQuery,
  Route,
  route,
  topicNotFoundMessage,
} from "./routes";
import { LoginGate } from "./loginGate";
import { compareStrings } from "./paging";
import { send, sendJson } from "./respond";
import { selectTopicsPage, toTopicConfigDtos, toTopicDetailsDto, toTopicDto } from "./topicShapes";

export interface Answer {
  status: number;
  body: unknown;
  /** When set, the answer is a server-sent event stream of these events (body unused). */
  events?: TopicMessageEventDto[];
}

interface Context {
  monitors: ClusterMonitor[];
  requestId: string;
  now: number;
}

class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.body.message);
  }
}

type ClusterRoute = Extract<Route, { cluster: string }>;

const ok = (body: unknown): Answer => ({ status: 200, body });

function notFound(context: Context, code: number, message: string): never {
  throw new ApiFailure(apiError(404, code, message, context.requestId, context.now));
}

function badRequest(context: Context, message: string): never {
  throw new ApiFailure(apiError(400, errorCodes.validation, message, context.requestId, context.now));
}

/** kafbat's messages/v2: validates the query, reads the planned ranges in one go and answers the events to stream. */
async function topicMessages(monitor: ClusterMonitor, topic: string, params: URLSearchParams, context: Context): Promise<Answer> {
  const query = parseMessagesQuery(params);
  if ("error" in query) badRequest(context, query.error);
  const metadata = await findTopic(monitor, topic, context);
  const started = Date.now();
  const [offsets, timestampOffsets] = await Promise.all([
    monitor.reader.offsets([topic]),
    query.timestamp !== null && query.mode.endsWith("_TIMESTAMP") ? monitor.reader.offsetsForTimestamp(topic, query.timestamp) : {},
  ]);
  const known = new Set(metadata.partitions.map((p) => p.partitionId));
  const missing = (query.partitions ?? []).filter((p) => !known.has(p));
  if (missing.length > 0) badRequest(context, `Topic ${topic} has no partition ${missing.join(", ")}; it has ${known.size}.`);
  const ranges = planRanges(query, offsets[topic] ?? [], timestampOffsets);
  const records = await monitor.reader.readRecords(topic, ranges);
  return { status: 200, body: null, events: messageEvents(ranges, records, query, Date.now() - started) };
}

async function findTopic(monitor: ClusterMonitor, topic: string, context: Context): Promise<TopicMetadata> {
  const metadata = (await monitor.reader.topics()).find((t) => t.name === topic);
  return metadata ?? notFound(context, errorCodes.topicNotFound, topicNotFoundMessage);
}

async function consumerGroupDtos(monitor: ClusterMonitor): Promise<ConsumerGroupDto[]> {
  const groups = await monitor.reader.consumerGroups();
  return groups.map((g) => toConsumerGroupDto(g, coordinatorFor(g.description.groupId, monitor.state.snapshot)));
}

async function groupIds(monitor: ClusterMonitor): Promise<Set<string>> {
  return new Set((await monitor.reader.consumerGroups().catch(() => [])).map((g) => g.description.groupId));
}

function connectReader(monitor: ClusterMonitor, connect: string, context: Context): ConnectReader {
  return monitor.connectReaders[connect] ?? notFound(context, errorCodes.notFound, connectNotFoundMessage(connect, monitor.cluster.name));
}

/** A connector's entry, or kafbat-like 404 when Connect does not know it. */
async function connectorEntry(monitor: ClusterMonitor, connect: string, connector: string, context: Context) {
  const entry = (await connectReader(monitor, connect, context).connectors())[connector];
  return entry ?? notFound(context, errorCodes.notFound, `Connector ${connector} not found in Connect ${connect}`);
}

/** Connect answers; an unreachable Connect is left out of the lists (as kafbat suppresses it) and a 500 elsewhere. */
async function connectAnswer(monitor: ClusterMonitor, r: ClusterRoute, params: URLSearchParams, context: Context): Promise<Answer | undefined> {
  const connects = monitor.cluster.connects;
  switch (r.kind) {
    case "connects": {
      const withStats = (params.get("withStats") ?? "").toLowerCase() === "true";
      return ok(
        await Promise.all(
          connects.map(async (connect) => {
            const reader = monitor.connectReaders[connect.name];
            const [root, connectors] = await Promise.all([
              reader.root().catch(() => null),
              withStats ? reader.connectors().catch(() => null) : Promise.resolve(null),
            ]);
            return toConnectDto(connect, root, connectors, withStats);
          }),
        ),
      );
    }
    case "connectors": {
      const groups = await groupIds(monitor);
      const lists = await Promise.all(
        connects.map(async (connect) => {
          const connectors = await monitor.connectReaders[connect.name].connectors().catch(() => null);
          return connectors ? toFullConnectorInfos(connect.name, connectors, groups) : [];
        }),
      );
      const search = params.get("search");
      return ok(searchConnectors(lists.flat(), search === null || search.trim() === "" ? null : search));
    }
    case "connectConnectors":
      return ok(Object.keys(await connectReader(monitor, r.connect, context).connectors()).sort());
    case "connector": {
      const entry = await connectorEntry(monitor, r.connect, r.connector, context);
      const [topics, groups] = await Promise.all([connectReader(monitor, r.connect, context).topics(r.connector), groupIds(monitor)]);
      const consumer = groups.has(`connect-${r.connector}`) ? `connect-${r.connector}` : null;
      return ok(toConnectorDto(r.connect, r.connector, entry, topics, consumer));
    }
    case "connectorTasks": {
      const entry = await connectorEntry(monitor, r.connect, r.connector, context);
      const configs = await connectReader(monitor, r.connect, context).taskConfigs(r.connector).catch(() => []);
      return ok(toTaskDtos(r.connector, entry, configs));
    }
    case "connectorConfig": {
      const entry = await connectorEntry(monitor, r.connect, r.connector, context);
      return ok(toConnectorDto(r.connect, r.connector, entry, [], null).config);
    }
    default:
      return undefined;
  }
}

/** What a cluster-scoped path answers; Kafka errors propagate to the caller, which turns them into kafbat's 500. */
async function clusterAnswer(monitor: ClusterMonitor, r: ClusterRoute, params: URLSearchParams, context: Context): Promise<Answer> {
  const reader = monitor.reader;
  const connectResult = await connectAnswer(monitor, r, params, context);
  if (connectResult) return connectResult;
  const rates = topicRates(monitor.state.metrics ?? {});
  switch (r.kind) {
    case "brokers":
      return ok(toBrokerDtos(monitor.state.snapshot, undefined, monitor.state.metrics));
    case "brokerMetrics": {
      const broker = monitor.state.snapshot?.brokers.find((b) => String(b.nodeId) === r.brokerId);
      if (!broker) notFound(context, errorCodes.notFound, `Broker ${r.brokerId} is not in the cluster's last refresh.`);
      const series = monitor.state.metrics?.[broker.nodeId] ?? [];
      return ok({ segmentSize: null, segmentCount: null, metrics: series.map(({ name, labels, value }) => ({ name, labels, value })) });
    }
    case "stats":
      return ok(toClusterStatsDto(monitor.state));
    case "topics": {
      const all = await reader.topics();
      const { names, pageCount } = selectTopicsPage(all, parseTopicsQuery(params));
      const [offsets, configs] = await Promise.all([reader.offsets(names), reader.configs(names)]);
      const topics = names.map((name) => toTopicDto(all.find((t) => t.name === name)!, offsets[name], configs[name] ?? [], rates.get(name)));
      return ok({ pageCount, topics });
    }
    case "topic": {
      const metadata = await findTopic(monitor, r.topic, context);
      const [offsets, configs] = await Promise.all([reader.offsets([r.topic]), reader.configs([r.topic])]);
      return ok(toTopicDetailsDto(metadata, offsets[r.topic], configs[r.topic] ?? [], rates.get(r.topic)));
    }
    case "topicConfig": {
      await findTopic(monitor, r.topic, context);
      return ok(toTopicConfigDtos((await reader.configs([r.topic]))[r.topic] ?? []));
    }
    case "topicMessages":
      return topicMessages(monitor, r.topic, params, context);
    case "topicMessagesV1":
      // kafbat 1.5.0 keeps the old path in its contract but always refuses it.
      return badRequest(context, "Not supported");
    case "consumerGroupsPaged":
      return ok(selectConsumerGroupsPage(await consumerGroupDtos(monitor), parseConsumerGroupsQuery(params)));
    case "consumerGroups":
      // Not in kafbat (it has only /consumer-groups/paged): the issue names this path, so it answers with every
      // group as a plain array, ordered by id, as kafka-ui's older unpaged endpoint did.
      return ok((await consumerGroupDtos(monitor)).sort((a, b) => compareStrings(a.groupId, b.groupId)));
    case "consumerGroup": {
      const [group] = await reader.consumerGroups([r.groupId]);
      // Kafka describes an unknown group as Dead with no members; with no committed offsets either, it is not there.
      if (!group || (group.description.state === "Dead" && group.description.members.length === 0 && group.offsets.length === 0)) {
        notFound(context, errorCodes.notFound, groupNotFoundMessage(r.groupId));
      }
      return ok(toConsumerGroupDetailsDto(group, coordinatorFor(r.groupId, monitor.state.snapshot)));
    }
    default:
      // The Connect paths, answered by connectAnswer above.
      throw new Error(`No handler for ${r.kind}.`);
  }
}

/** Answers one API request; never throws (Kafka failures become kafbat's 500 with code 5000). */
export async function answer(r: Route, params: URLSearchParams, context: Context): Promise<Answer> {
  if (r.kind === "health") return ok({ status: "UP" });
  if (r.kind === "clusters") return ok(context.monitors.map((m) => toClusterDto(m.cluster, m.state)));
  // Spring's answer to an unmapped path, as kafbat renders it.
  if (!("cluster" in r)) return apiError(404, errorCodes.unexpected, "404 NOT_FOUND", context.requestId, context.now);
  const monitor = context.monitors.find((m) => m.cluster.name === r.cluster);
  if (!monitor) return apiError(404, errorCodes.clusterNotFound, clusterNotFoundMessage(r.cluster), context.requestId, context.now);
  try {
    return await clusterAnswer(monitor, r, params, context);
  } catch (error) {
    if (error instanceof ApiFailure) return error.error;
    if (error instanceof ConnectHttpError) {
      // Connect's own error (e.g. 404 for a connector deleted meanwhile), not a Kafka failure.
      return apiError(error.status === 404 ? 404 : 500, error.status === 404 ? errorCodes.notFound : errorCodes.unexpected, error.message, context.requestId, context.now);
    }
    monitor.refreshSoon();
    const message = error instanceof Error ? error.message : String(error);
    return apiError(500, errorCodes.unexpected, message, context.requestId, context.now);
  }
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** The page's few small files, read once at start so serving them costs no disk access. */
export function loadAssets(staticDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of new Set(Object.values(assets))) files.set(file, fs.readFileSync(path.join(staticDir, file)));
  return files;
}

export interface UiServerOptions {
  monitors: ClusterMonitor[];
  assets: Map<string, Buffer>;
  log: Log;
  /** The login (AUTH_TYPE=LOGIN_FORM): it answers first, and only requests it lets through reach the console. */
  gate?: LoginGate;
}

export function createUiServer(options: UiServerOptions): http.Server {
  return http.createServer((req, res) => {
    if (options.gate?.handle(req, res)) return;
    const head = req.method === "HEAD";
    const context: Context = { monitors: options.monitors, requestId: randomBytes(4).toString("hex"), now: Date.now() };
    const fail = (status: number, message: string): void =>
      sendJson(res, head, apiError(status, errorCodes.unexpected, message, context.requestId, context.now));
    if (req.method !== "GET" && !head) {
      fail(405, `${req.method} is not allowed: this console is read-only; use kafbat's image to change the cluster.`);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://console");
    } catch {
      fail(400, "The request URL cannot be parsed; send a path such as /api/clusters.");
      return;
    }
    const r = route(url.pathname);
    if (r.kind === "page" || r.kind === "asset") {
      const file = r.kind === "page" ? "index.html" : r.file;
      send(res, head, 200, contentTypes[path.extname(file)] ?? "application/octet-stream", options.assets.get(file)!);
      return;
    }
    answer(r, url.searchParams, context)
      .then((result) => {
        if (result.status >= 500) options.log(`GET ${url.pathname} -> ${result.status}: ${(result.body as { message?: string }).message}`);
        if (result.events) {
          send(res, head, result.status, "text/event-stream", result.events.map(sseFrame).join(""));
          return;
        }
        sendJson(res, head, result, r.kind === "health" ? "application/vnd.spring-boot.actuator.v3+json" : "application/json");
      })
      .catch((error: unknown) => {
        options.log(`GET ${url.pathname} failed: ${error instanceof Error ? error.stack : String(error)}`);
        fail(500, "The console failed to answer; see its log.");
      });
  });
}
