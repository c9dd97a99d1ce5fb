import { apiError, parseConsumerGroupsQuery, parseTopicsQuery, route } from "../../ui/routes";

describe("route", () => {
  test.each([
    ["/", { kind: "page" }],
    ["/index.html", { kind: "asset", file: "index.html" }],
    ["/static/app.js", { kind: "asset", file: "app.js" }],
    ["/static/style.css", { kind: "asset", file: "style.css" }],
    ["/actuator/health", { kind: "health" }],
    ["/api/clusters", { kind: "clusters" }],
    ["/api/clusters/local/brokers", { kind: "brokers", cluster: "local" }],
    ["/api/clusters/local/stats", { kind: "stats", cluster: "local" }],
    ["/api/clusters/local/topics", { kind: "topics", cluster: "local" }],
    ["/api/clusters/local/topics/dbserver.public.videos", { kind: "topic", cluster: "local", topic: "dbserver.public.videos" }],
    ["/api/clusters/local/topics/dbserver.public.videos/config", { kind: "topicConfig", cluster: "local", topic: "dbserver.public.videos" }],
    ["/api/clusters/local/topics/t/messages/v2", { kind: "topicMessages", cluster: "local", topic: "t" }],
    ["/api/clusters/local/topics/t/messages", { kind: "topicMessagesV1", cluster: "local", topic: "t" }],
    ["/api/clusters/local/topics/t/messages/v3", { kind: "notFound" }],
    ["/api/clusters/local/brokers/1/metrics", { kind: "brokerMetrics", cluster: "local", brokerId: "1" }],
    ["/api/clusters/local/connects", { kind: "connects", cluster: "local" }],
    ["/api/clusters/local/connectors", { kind: "connectors", cluster: "local" }],
    ["/api/clusters/local/connects/c/connectors", { kind: "connectConnectors", cluster: "local", connect: "c" }],
    ["/api/clusters/local/connects/c/connectors/pg", { kind: "connector", cluster: "local", connect: "c", connector: "pg" }],
    ["/api/clusters/local/connects/c/connectors/pg/tasks", { kind: "connectorTasks", cluster: "local", connect: "c", connector: "pg" }],
    ["/api/clusters/local/connects/c/connectors/pg/config", { kind: "connectorConfig", cluster: "local", connect: "c", connector: "pg" }],
    ["/api/clusters/local/connects/c/plugins", { kind: "notFound" }],
    ["/api/clusters/local/consumer-groups", { kind: "consumerGroups", cluster: "local" }],
    ["/api/clusters/local/consumer-groups/paged", { kind: "consumerGroupsPaged", cluster: "local" }],
    ["/api/clusters/local/consumer-groups/cdc-sink", { kind: "consumerGroup", cluster: "local", groupId: "cdc-sink" }],
    ["/api/clusters/my%20cluster/consumer-groups/a%2Fb", { kind: "consumerGroup", cluster: "my cluster", groupId: "a/b" }],
    ["/api/clusters/local/topics/", { kind: "notFound" }],
    ["/api/clusters//topics", { kind: "notFound" }],
    ["/api/clusters/local/topics/t/partitions", { kind: "notFound" }],
    ["/api/clusters/local/acls", { kind: "notFound" }],
    ["/api/clusters/local/topics/%E0%A4%A", { kind: "notFound" }],
    ["/api/clusters/local", { kind: "notFound" }],
    ["/static/../main.js", { kind: "notFound" }],
    ["/favicon.ico", { kind: "notFound" }],
  ])("%s", (path, expected) => {
    expect(route(path)).toEqual(expected);
  });
});

describe("query parsing", () => {
  test.each([
    ["", { page: 1, perPage: 25, showInternal: false, search: null, orderBy: "NAME", sortOrder: "ASC" }],
    [
      "page=2&perPage=10&showInternal=true&search=public&orderBy=total_partitions&sortOrder=desc",
      { page: 2, perPage: 10, showInternal: true, search: "public", orderBy: "TOTAL_PARTITIONS", sortOrder: "DESC" },
    ],
    ["page=0&perPage=-3&search=%20&orderBy=BOGUS&sortOrder=up", { page: 1, perPage: 25, showInternal: false, search: null, orderBy: "NAME", sortOrder: "ASC" }],
    ["page=1.5&perPage=abc&showInternal=yes", { page: 1, perPage: 25, showInternal: false, search: null, orderBy: "NAME", sortOrder: "ASC" }],
  ])("topics ?%s", (query, expected) => {
    expect(parseTopicsQuery(new URLSearchParams(query))).toEqual(expected);
  });

  test.each([
    ["", { page: 1, perPage: 25, search: null, orderBy: "NAME", sortOrder: "ASC" }],
    ["page=3&perPage=5&search=cdc&orderBy=MESSAGES_BEHIND&sortOrder=DESC", { page: 3, perPage: 5, search: "cdc", orderBy: "MESSAGES_BEHIND", sortOrder: "DESC" }],
    ["orderBy=TOTAL_PARTITIONS", { page: 1, perPage: 25, search: null, orderBy: "NAME", sortOrder: "ASC" }],
  ])("consumer groups ?%s", (query, expected) => {
    expect(parseConsumerGroupsQuery(new URLSearchParams(query))).toEqual(expected);
  });
});

test("apiError has kafbat's ErrorResponse shape", () => {
  expect(apiError(404, 4007, "No cluster for name 'x'", "ab12cd34", 1700000000000)).toEqual({
    status: 404,
    body: { code: 4007, message: "No cluster for name 'x'", timestamp: 1700000000000, requestId: "ab12cd34", fieldsErrors: null, stackTrace: null },
  });
});
