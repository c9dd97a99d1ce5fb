// The console page: polls kafbat's REST paths and renders cluster health, brokers and the controller, topics with
// partitions, replicas, ISR and configs, and consumer groups with lag per partition; sub-pages (by URL hash) for a
// topic's messages and one consumer group. Plain DOM and no build step;
// Kafka-supplied text only ever goes through textContent.
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const refreshMs = Math.max(1000, Number(params.get("refresh")) || 5000);
  /** The cluster's status costs the server nothing (it is held in memory), so it is asked for more often. */
  const statusMs = Math.min(2000, refreshMs);
  /** Topic configs rarely change; fetching them every refresh would cost the broker a request per topic. */
  const configsMaxAgeMs = 30000;
  /** Few topics or groups are shown opened; many stay collapsed until clicked. */
  const openByDefaultUpTo = 5;

  const view = {
    clusterName: params.get("cluster"),
    showInternal: false,
    opened: new Map(), // "topic:<name>" / "group:<id>" -> boolean, once the user has toggled it
    configs: new Map(), // topic -> { at, entries }
    data: null, // the last complete set of answers, rendered again on toggles
    lastSuccess: null,
    stale: true,
  };

  const $ = (id) => document.getElementById(id);

  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  /** Bytes per second (Kafka's fifteen-minute rate); "–" when the brokers' metrics are not scraped. */
  const rate = (value) => {
    if (value === null || value === undefined) return "–";
    const units = ["B/s", "KiB/s", "MiB/s", "GiB/s"];
    let v = Number(value);
    let unit = 0;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return `${v.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
  };
  const num = (value) => (value === null || value === undefined ? "–" : Number(value).toLocaleString("en-US"));
  const cell = (value, className) => h("td", { class: className }, value);
  const numCell = (value, className) => h("td", { class: `num ${className || ""}`.trim() }, num(value));
  const table = (headers, rows) =>
    h("table", {}, h("thead", {}, h("tr", {}, headers.map(([label, numeric]) => h("th", { class: numeric ? "num" : null }, label)))), h("tbody", {}, rows));

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store", signal: AbortSignal.timeout(10000) });
    // The session ended (logout elsewhere, expiry, a console restart): back to the login form.
    if (response.status === 401) window.location.assign("/login");
    // Set by the login on every answer to a logged-in page, so the page offers a logout only where there is a login.
    if (response.headers.get("x-console-login")) $("logout").hidden = false;
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.message) || `${path} answered ${response.status}`);
    return body;
  }

  const api = (suffix) => `/api/clusters/${encodeURIComponent(view.clusterName)}${suffix}`;

  function showBanner(title, detail) {
    const banner = $("banner");
    banner.replaceChildren(title, detail ? h("span", { class: "detail" }, detail) : "");
    banner.hidden = false;
  }

  function setStale(stale) {
    view.stale = stale;
    document.body.classList.toggle("stale", stale);
    if (view.lastSuccess) {
      const time = view.lastSuccess.toLocaleTimeString();
      $("updated").textContent = stale ? `showing data from ${time} (stale)` : `updated ${time}`;
    }
  }

  function renderHeader(cluster, clusters) {
    $("cluster-name").textContent = `— ${cluster.name}`;
    document.title = `Kafka console — ${cluster.name} (${cluster.status})`;
    const badge = $("cluster-status");
    badge.textContent = cluster.status;
    badge.dataset.status = cluster.status;
    $("cluster-meta").textContent = cluster.status === "ONLINE" ? `Kafka ${cluster.version} · ${cluster.controller} controller` : "";
    $("cluster-links").replaceChildren(
      ...(clusters.length > 1 ? clusters.map((c) => h("a", { href: `?cluster=${encodeURIComponent(c.name)}` }, c.name)) : []),
    );
  }

  function isOpen(key, count) {
    return view.opened.has(key) ? view.opened.get(key) : count <= openByDefaultUpTo;
  }

  function toggle(key, count) {
    view.opened.set(key, !isOpen(key, count));
    render();
  }

  function renderSummary({ cluster, status, stats, groups }) {
    const totalLag = groups.reduce((sum, g) => sum + (g.consumerLag || 0), 0);
    const item = (label, value, className) => h("div", {}, h("span", { class: "muted" }, label), h("strong", { class: className }, value));
    $("summary").replaceChildren(
      item("Status", status, status === "ONLINE" ? "ok" : "bad"),
      item("Brokers", num(stats.brokerCount)),
      item("Active controller", stats.activeControllers === null ? "none" : `broker ${stats.activeControllers}`, stats.activeControllers === null ? "bad" : null),
      item("Topics", num(cluster.topicCount)),
      item("Online partitions", num(stats.onlinePartitionCount)),
      item("Offline partitions", num(stats.offlinePartitionCount), stats.offlinePartitionCount > 0 ? "bad" : null),
      item("Under-replicated", num(stats.underReplicatedPartitionCount), stats.underReplicatedPartitionCount > 0 ? "warn" : null),
      item("Bytes in", rate(cluster.bytesInPerSec)),
      item("Bytes out", rate(cluster.bytesOutPerSec)),
      item("Consumer groups", num(groups.length)),
      item("Total lag", num(totalLag), totalLag > 0 ? "warn" : null),
    );
  }

  function renderBrokers({ brokers, stats }) {
    const rows = brokers.map((b) =>
      h(
        "tr",
        { "data-broker": b.id },
        numCell(b.id),
        cell(`${b.host}:${b.port}`),
        cell(b.id === stats.activeControllers ? "active controller" : "broker", b.id === stats.activeControllers ? "ok" : null),
        numCell(b.partitions),
        numCell(b.partitionsLeader),
        numCell(b.inSyncPartitions),
        cell(rate(b.bytesInPerSec), "num"),
        cell(rate(b.bytesOutPerSec), "num"),
      ),
    );
    $("brokers").querySelector(".content").replaceChildren(
      brokers.length === 0
        ? h("p", { class: "bad" }, "No brokers reported.")
        : table([["ID", true], ["Address"], ["Role"], ["Partitions", true], ["Leaders", true], ["In-sync partitions", true], ["Bytes in (15 min)", true], ["Bytes out (15 min)", true]], rows),
    );
  }

  const isOverride = (c) => c.source === "DYNAMIC_TOPIC_CONFIG";
  const overrides = (entries) => entries.filter(isOverride);
  /** The settings that carry the delivery guarantee and retention; the other thirty-odd are one click away. */
  const keyConfigs = new Set([
    "cleanup.policy",
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "retention.ms",
    "retention.bytes",
    "max.message.bytes",
  ]);

  function configTable(topic, entries) {
    const key = `configs:${topic.name}`;
    const showAll = view.opened.get(key) === true;
    const shown = (showAll ? entries : entries.filter((c) => isOverride(c) || keyConfigs.has(c.name)))
      .slice()
      .sort((a, b) => Number(isOverride(b)) - Number(isOverride(a)));
    const rows = shown.map((c) =>
      h(
        "tr",
        { "data-config": c.name },
        cell(c.name, isOverride(c) ? "ok" : null),
        cell(c.isSensitive ? "(sensitive)" : c.value === null ? "–" : c.value),
        cell(c.defaultValue === null ? "–" : c.defaultValue, "muted"),
        cell(c.source, "muted"),
      ),
    );
    const more = h(
      "button",
      { class: "link", onclick: () => { view.opened.set(key, !showAll); render(); } },
      showAll ? "show the key configs only" : `show all ${entries.length} configs`,
    );
    return [table([["Config"], ["Value"], ["Default"], ["Source"]], rows), more];
  }

  function topicDetail(topic) {
    const partitions = table(
      [["Partition", true], ["Leader", true], ["Replicas"], ["In-sync replicas"], ["Offset min", true], ["Offset max", true]],
      topic.partitions.map((p) =>
        h(
          "tr",
          {},
          numCell(p.partition),
          p.leader === null ? cell("none", "num bad") : numCell(p.leader),
          cell(p.replicas.map((r) => r.broker).join(", ")),
          cell(p.replicas.filter((r) => r.inSync).map((r) => r.broker).join(", ") || "none", p.replicas.some((r) => !r.inSync) ? "warn" : null),
          numCell(p.offsetMin),
          numCell(p.offsetMax),
        ),
      ),
    );
    const configs = view.configs.get(topic.name);
    return h(
      "tr",
      { class: "detail" },
      h(
        "td",
        { colspan: 10 },
        h("h3", {}, "Partitions"),
        partitions,
        h("h3", {}, "Configs (topic overrides in green)"),
        configs ? configTable(topic, configs.entries) : h("p", { class: "muted" }, "Loading configs…"),
      ),
    );
  }

  function renderTopics({ topics }) {
    const visible = topics.filter((t) => view.showInternal || !t.internal);
    const rows = visible.flatMap((t) => {
      const key = `topic:${t.name}`;
      const open = isOpen(key, visible.length);
      const configs = view.configs.get(t.name);
      const row = h(
        "tr",
        { "data-topic": t.name },
        h(
          "td",
          {},
          h("button", { class: "link", "aria-expanded": String(open), onclick: () => toggle(key, visible.length) }, `${open ? "▾" : "▸"} ${t.name}`),
          h("a", { class: "small", href: `#/topics/${encodeURIComponent(t.name)}/messages`, "data-messages": t.name }, "messages"),
        ),
        numCell(t.partitionCount),
        numCell(t.replicationFactor),
        cell(`${t.inSyncReplicas} / ${t.replicas}`, t.inSyncReplicas < t.replicas ? "warn" : null),
        numCell(t.underReplicatedPartitions, t.underReplicatedPartitions > 0 ? "warn" : null),
        numCell(t.messagesCount),
        cell(rate(t.bytesInPerSec), "num"),
        cell(rate(t.bytesOutPerSec), "num"),
        cell(t.cleanUpPolicy),
        cell(configs ? overrides(configs.entries).map((c) => `${c.name}=${c.value}`).join(", ") || "none" : "…", "muted"),
      );
      return open ? [row, topicDetail(t)] : [row];
    });
    $("topics").querySelector(".content").replaceChildren(
      visible.length === 0
        ? h("p", { class: "muted" }, "No topics.")
        : table([["Topic"], ["Partitions", true], ["Replication", true], ["In sync / replicas"], ["Under-replicated", true], ["Messages", true], ["In", true], ["Out", true], ["Cleanup"], ["Overrides"]], rows),
    );
  }

  function groupPartitionsTable(group) {
    return group.partitions.length === 0
          ? h("p", { class: "muted" }, "No committed offsets or assigned partitions.")
          : table(
              [["Topic"], ["Partition", true], ["Committed offset", true], ["End offset", true], ["Lag", true], ["Consumer"], ["Host"]],
              group.partitions.map((p) =>
                h(
                  "tr",
                  { "data-partition": `${p.topic}:${p.partition}` },
                  cell(p.topic),
                  numCell(p.partition),
                  numCell(p.currentOffset),
                  numCell(p.endOffset),
                  numCell(p.consumerLag, p.consumerLag > 0 ? "warn" : null),
                  cell(p.consumerId || "–", "muted"),
                  cell(p.host || "–", "muted"),
                ),
              ),
            );
  }

  function groupDetail(group) {
    return h("tr", { class: "detail" }, h("td", { colspan: 6 }, groupPartitionsTable(group)));
  }

  function renderGroups({ groupDetails }) {
    const rows = groupDetails.flatMap((g) => {
      const key = `group:${g.groupId}`;
      const open = isOpen(key, groupDetails.length);
      const row = h(
        "tr",
        { "data-group": g.groupId },
        h(
          "td",
          {},
          h("button", { class: "link", "aria-expanded": String(open), onclick: () => toggle(key, groupDetails.length) }, `${open ? "▾" : "▸"} ${g.groupId}`),
          h("a", { class: "small", href: `#/consumer-groups/${encodeURIComponent(g.groupId)}`, "data-group-link": g.groupId }, "page"),
        ),
        cell(g.state, g.state === "STABLE" ? "ok" : g.state === "EMPTY" ? "muted" : "warn"),
        numCell(g.members),
        numCell(g.topics),
        numCell(g.consumerLag, g.consumerLag > 0 ? "warn" : null),
        cell(g.coordinator ? `broker ${g.coordinator.id}` : "–", "muted"),
      );
      return open ? [row, groupDetail(g)] : [row];
    });
    $("groups").querySelector(".content").replaceChildren(
      groupDetails.length === 0
        ? h("p", { class: "muted" }, "No consumer groups.")
        : table([["Group"], ["State"], ["Members", true], ["Topics", true], ["Lag", true], ["Coordinator"]], rows),
    );
  }


  // ---- sub-pages: #/topics/<t>/messages and #/consumer-groups/<id> ----

  function currentSubpage() {
    const topic = /^#\/topics\/([^/]+)\/messages$/.exec(location.hash);
    if (topic) return { kind: "messages", topic: decodeURIComponent(topic[1]) };
    const group = /^#\/consumer-groups\/([^/]+)$/.exec(location.hash);
    if (group) return { kind: "group", groupId: decodeURIComponent(group[1]) };
    return null;
  }

  /** Debezium's events are JSON: shown indented; anything else as it is. */
  function prettyValue(value) {
    if (value === null) return h("span", { class: "muted" }, "null");
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        return h("pre", { class: "value" }, JSON.stringify(JSON.parse(trimmed), null, 2));
      } catch {
        // not JSON after all
      }
    }
    return h("pre", { class: "value" }, value);
  }

  /** kafbat's messages/v2 answers server-sent events; a non-tailing read ends with DONE, so the whole body is read. */
  async function readMessages(topic, query) {
    const response = await fetch(api(`/topics/${encodeURIComponent(topic)}/messages/v2?${query}`), {
      cache: "no-store",
      headers: { Accept: "text/event-stream" },
      signal: AbortSignal.timeout(30000),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = `${response.status}`;
      try {
        message = JSON.parse(text).message;
      } catch {
        // keep the status
      }
      throw new Error(message);
    }
    const events = text
      .split("\n\n")
      .filter((frame) => frame.startsWith("data:"))
      .map((frame) => JSON.parse(frame.slice("data:".length)));
    return {
      messages: events.filter((e) => e.type === "MESSAGE").map((e) => e.message),
      done: events.find((e) => e.type === "DONE"),
    };
  }

  const messagesForm = { mode: "LATEST", position: "", partitions: "", limit: "100", filter: "" };

  function messagesQuery() {
    const q = new URLSearchParams({ mode: messagesForm.mode, limit: messagesForm.limit || "100" });
    if (messagesForm.mode === "FROM_OFFSET") q.set("offset", messagesForm.position || "0");
    if (messagesForm.mode === "FROM_TIMESTAMP") q.set("timestamp", String(Date.parse(messagesForm.position) || 0));
    if (messagesForm.partitions.trim() !== "") q.set("partitions", messagesForm.partitions.replace(/\s+/g, ""));
    if (messagesForm.filter !== "") q.set("stringFilter", messagesForm.filter);
    return q.toString();
  }

  async function showMessages(topic) {
    const content = $("subpage").querySelector(".content");
    const input = (name, label, attrs) =>
      h("label", {}, label, h("input", { name, value: messagesForm[name], ...attrs, oninput: (e) => { messagesForm[name] = e.target.value; } }));
    const modes = [["LATEST", "newest"], ["EARLIEST", "oldest"], ["FROM_OFFSET", "from offset"], ["FROM_TIMESTAMP", "from time"]];
    const form = h(
      "form",
      { class: "messages", onsubmit: (e) => { e.preventDefault(); showMessages(topic); } },
      h("label", {}, "Show", h("select", { name: "mode", onchange: (e) => { messagesForm.mode = e.target.value; } },
        modes.map(([value, label]) => h("option", { value, selected: value === messagesForm.mode }, label)))),
      input("position", "offset / time (ISO)", { size: 22, placeholder: "42 or 2026-01-31T12:00:00Z" }),
      input("partitions", "partitions", { size: 8, placeholder: "all" }),
      input("limit", "limit (≤ 500)", { size: 5 }),
      input("filter", "key or value contains", { size: 16 }),
      h("button", { type: "submit" }, "Load"),
    );
    const results = h("div", { id: "messages" }, h("p", { class: "muted" }, "Loading messages…"));
    content.replaceChildren(form, results);
    try {
      const { messages, done } = await readMessages(topic, messagesQuery());
      const consumed = done && done.consuming ? ` (${num(done.consuming.messagesConsumed)} read in ${done.consuming.elapsedMs} ms)` : "";
      results.replaceChildren(
        h("p", { class: "muted" }, `${messages.length} message(s)${consumed}; read-only — the console never writes to a topic.`),
        messages.length === 0
          ? h("p", { class: "muted" }, "No messages.")
          : table(
              [["Partition", true], ["Offset", true], ["Timestamp"], ["Key"], ["Value"], ["Headers"]],
              messages.map((m) =>
                h(
                  "tr",
                  { "data-message": `${m.partition}:${m.offset}` },
                  numCell(m.partition),
                  numCell(m.offset),
                  cell(m.timestamp.replace("T", " ").replace("Z", " UTC"), "muted"),
                  h("td", {}, m.key === null ? h("span", { class: "muted" }, "null") : h("pre", { class: "value" }, m.key)),
                  h("td", {}, prettyValue(m.value)),
                  h("td", { class: "headers" }, Object.entries(m.headers).map(([k, v]) => h("div", {}, `${k}: ${v === null ? "null" : v}`))),
                ),
              ),
            ),
      );
    } catch (error) {
      results.replaceChildren(h("p", { class: "bad" }, `Messages of ${topic} could not be read: ${error.message}`));
    }
  }

  /** Members are the consumers the partitions are assigned to (kafbat's detail has no member list of its own). */
  function groupMembers(group) {
    const members = new Map();
    for (const p of group.partitions) {
      if (!p.consumerId) continue;
      const member = members.get(p.consumerId) || { host: p.host, partitions: [] };
      member.partitions.push(`${p.topic}-${p.partition}`);
      members.set(p.consumerId, member);
    }
    return members;
  }

  async function showGroup(groupId) {
    const content = $("subpage").querySelector(".content");
    let group;
    try {
      group = await getJson(api(`/consumer-groups/${encodeURIComponent(groupId)}`));
    } catch (error) {
      content.replaceChildren(h("p", { class: "bad" }, `Group ${groupId}: ${error.message}`));
      return;
    }
    if (currentSubpage()?.groupId !== groupId) return;
    const members = groupMembers(group);
    const item = (label, value, className) => h("div", {}, h("span", { class: "muted" }, label), h("strong", { class: className }, value));
    content.replaceChildren(
      h(
        "div",
        { id: "group-summary", class: "summary" },
        item("State", group.state, group.state === "STABLE" ? "ok" : group.state === "EMPTY" ? null : "warn"),
        item("Members", num(group.members)),
        item("Topics", num(group.topics)),
        item("Lag", num(group.consumerLag), group.consumerLag > 0 ? "warn" : null),
        item("Coordinator", group.coordinator ? `broker ${group.coordinator.id}` : "–"),
        item("Assignor", group.partitionAssignor || "–"),
      ),
      h("h3", {}, "Members and their assignment"),
      members.size === 0
        ? h("p", { class: "muted" }, "No active members (the group only has committed offsets).")
        : table(
            [["Consumer"], ["Host"], ["Assigned partitions"]],
            [...members].map(([id, m]) => h("tr", { "data-member": id }, cell(id), cell(m.host || "–", "muted"), cell(m.partitions.join(", ")))),
          ),
      h("h3", {}, "Committed offsets and lag per partition"),
      groupPartitionsTable(group),
    );
  }

  function showSubpage() {
    const sub = currentSubpage();
    document.body.classList.toggle("subpage", sub !== null);
    $("subpage").hidden = sub === null;
    if (!sub) return;
    $("subpage-title").textContent = sub.kind === "messages" ? `Messages of ${sub.topic}` : `Consumer group ${sub.groupId}`;
    if (sub.kind === "messages") showMessages(sub.topic);
    else showGroup(sub.groupId);
  }

  window.addEventListener("hashchange", () => {
    showSubpage();
    if (!currentSubpage()) render();
  });

  const stateClass = (state) => (state === "RUNNING" ? "ok" : state === "PAUSED" || state === "STOPPED" ? "muted" : "bad");

  /** Connectors with their state and tasks; a failed task's trace under it. */
  function renderConnect({ cluster, connectors, connectorTasks }) {
    const section = $("connect");
    section.hidden = !cluster.features.includes("KAFKA_CONNECT");
    if (section.hidden) return;
    const rows = connectors.flatMap((c) => {
      const tasks = connectorTasks.get(`${c.connect}/${c.name}`) || [];
      const row = h(
        "tr",
        { "data-connector": c.name },
        cell(c.name),
        cell(c.connect, "muted"),
        cell(c.type),
        cell(c.connectorClass || "–", "muted"),
        cell(c.status.state, stateClass(c.status.state)),
        cell(tasks.map((t) => `${t.id.task}: ${t.status.state}`).join(", ") || `${c.tasksCount} task(s)`, c.failedTasksCount > 0 ? "bad" : null),
        cell(c.topics.join(", ") || "–", "muted"),
      );
      const traces = [
        ...(c.status.trace ? [["connector", c.status.trace]] : []),
        ...tasks.filter((t) => t.status.trace).map((t) => [`task ${t.id.task} (${t.status.state} on ${t.status.workerId})`, t.status.trace]),
      ];
      return traces.length === 0
        ? [row]
        : [row, ...traces.map(([what, trace]) => h("tr", { class: "detail", "data-trace": `${c.name}:${what}` }, h("td", { colspan: 7, class: "trace" }, h("strong", {}, what), h("pre", {}, trace))))];
    });
    section.querySelector(".content").replaceChildren(
      connectors.length === 0
        ? h("p", { class: "muted" }, "No connectors (or Kafka Connect does not answer).")
        : table([["Connector"], ["Connect"], ["Type"], ["Class"], ["State"], ["Tasks"], ["Topics"]], rows),
    );
  }

  function render() {
    if (!view.data) return;
    renderConnect(view.data);
    renderSummary(view.data);
    renderBrokers(view.data);
    renderTopics(view.data);
    renderGroups(view.data);
  }

  /** Configs of the topics on show that have none yet or older ones; failures leave the previous ones. */
  async function refreshConfigs(topics) {
    const now = Date.now();
    const due = topics.filter((t) => (view.showInternal || !t.internal) && !(now - (view.configs.get(t.name)?.at ?? 0) < configsMaxAgeMs));
    await Promise.all(
      due.map(async (t) => {
        const entries = await getJson(api(`/topics/${encodeURIComponent(t.name)}/config`));
        view.configs.set(t.name, { at: now, entries });
      }),
    );
  }

  async function refresh() {
    let clusters;
    try {
      clusters = await getJson("/api/clusters");
    } catch (error) {
      showBanner("The console server does not answer.", error.message);
      setStale(true);
      return;
    }
    const cluster = clusters.find((c) => c.name === view.clusterName) || clusters[0];
    view.clusterName = cluster.name;
    renderHeader(cluster, clusters);
    if (cluster.status !== "ONLINE") {
      if (view.data) {
        // The numbers stay those of the last good refresh (marked stale); only the status is current.
        view.data.status = cluster.status;
        renderSummary(view.data);
      }
      if (cluster.status === "OFFLINE") {
        showBanner(`Cluster ${cluster.name} is OFFLINE: the console cannot reach Kafka.`, cluster.lastError && cluster.lastError.message);
      } else {
        showBanner(`Cluster ${cluster.name} is INITIALIZING: waiting for the first answer from Kafka.`);
      }
      setStale(true);
      return;
    }
    if (!view.stale && Date.now() - view.lastSuccess.getTime() < refreshMs) return;
    try {
      const [brokers, stats, topicsPage, groupsPage] = await Promise.all([
        getJson(api("/brokers")),
        getJson(api("/stats")),
        getJson(api("/topics?perPage=1000&showInternal=true")),
        getJson(api("/consumer-groups/paged?perPage=100")),
      ]);
      const groupDetails = await Promise.all(
        groupsPage.consumerGroups.map((g) => getJson(api(`/consumer-groups/${encodeURIComponent(g.groupId)}`))),
      );
      const connectors = cluster.features.includes("KAFKA_CONNECT") ? await getJson(api("/connectors")) : [];
      const connectorTasks = new Map(
        await Promise.all(
          connectors.map(async (c) => [
            `${c.connect}/${c.name}`,
            await getJson(api(`/connects/${encodeURIComponent(c.connect)}/connectors/${encodeURIComponent(c.name)}/tasks`)).catch(() => []),
          ]),
        ),
      );
      view.data = { cluster, status: cluster.status, brokers, stats, topics: topicsPage.topics, groups: groupsPage.consumerGroups, groupDetails, connectors, connectorTasks };
      await refreshConfigs(topicsPage.topics);
      view.lastSuccess = new Date();
      $("banner").hidden = true;
      setStale(false);
      render();
      const sub = currentSubpage();
      // The group page follows the refresh; the messages view is read on demand only.
      if (sub && sub.kind === "group") await showGroup(sub.groupId);
    } catch (error) {
      showBanner(`Cluster ${cluster.name}: a request to Kafka failed.`, error.message);
      setStale(true);
    }
  }

  function loop() {
    refresh().finally(() => setTimeout(loop, statusMs));
  }

  $("show-internal").addEventListener("change", (event) => {
    view.showInternal = event.target.checked;
    render();
    if (view.data) refreshConfigs(view.data.topics).then(render, () => undefined);
  });
  $("back").addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState(null, "", location.pathname + location.search);
    showSubpage();
    render();
  });
  showSubpage();
  loop();
})();
