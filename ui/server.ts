// The HTTP side: kafbat's read-only REST paths, the health endpoint and the page, on node's http module.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { ClusterMonitor, Log } from "./clusterMonitor";
import { toBrokerDtos, toClusterDto, toClusterStatsDto } from "./clusterShapes";
import { coordinatorFor, selectConsumerGroupsPage, toConsumerGroupDetailsDto, toConsumerGroupDto } from "./groupShapes";
import { messageEvents, parseMessagesQuery, planRanges, sseFrame } from "./messageShapes";
import { ConsumerGroupDto, TopicMessageEventDto, TopicMetadata } from "./model";
import {
  apiError,
  ApiError,
  assets,
  clusterNotFoundMessage,
  errorCodes,
  groupNotFoundMessage,
  parseConsumerGroupsQuery,
  parseTopicsQuery,
  Route,
  route,
  topicNotFoundMessage,
} from "./routes";
import { compareStrings } from "./paging";
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

/** What a cluster-scoped path answers; Kafka errors propagate to the caller, which turns them into kafbat's 500. */
async function clusterAnswer(monitor: ClusterMonitor, r: ClusterRoute, params: URLSearchParams, context: Context): Promise<Answer> {
  const reader = monitor.reader;
  switch (r.kind) {
    case "brokers":
      return ok(toBrokerDtos(monitor.state.snapshot));
    case "stats":
      return ok(toClusterStatsDto(monitor.state));
    case "topics": {
      const all = await reader.topics();
      const { names, pageCount } = selectTopicsPage(all, parseTopicsQuery(params));
      const [offsets, configs] = await Promise.all([reader.offsets(names), reader.configs(names)]);
      const topics = names.map((name) => toTopicDto(all.find((t) => t.name === name)!, offsets[name], configs[name] ?? []));
      return ok({ pageCount, topics });
    }
    case "topic": {
      const metadata = await findTopic(monitor, r.topic, context);
      const [offsets, configs] = await Promise.all([reader.offsets([r.topic]), reader.configs([r.topic])]);
      return ok(toTopicDetailsDto(metadata, offsets[r.topic], configs[r.topic] ?? []));
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
}

function send(res: http.ServerResponse, head: boolean, status: number, contentType: string, payload: Buffer | string): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'",
  });
  res.end(head ? undefined : payload);
}

function sendJson(res: http.ServerResponse, head: boolean, { status, body }: Answer, contentType = "application/json"): void {
  send(res, head, status, contentType, JSON.stringify(body));
}

export function createUiServer(options: UiServerOptions): http.Server {
  return http.createServer((req, res) => {
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
