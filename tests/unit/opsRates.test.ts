// status's byte rates: the exporter's port from KAFKA_OPTS, the raw HTTP answer, the rates derived from scrapes, their rendering.
import { parsePrometheusText } from "../../ui/metrics";
import { ClusterSnapshot } from "../../ops/model";
import { exporterPort, httpBody, ratesFromScrapes } from "../../ops/rates";
import { humanRate, renderStatus, statusJson } from "../../ops/render";

const AGENT = "-javaagent:/opt/prometheus/jmx_prometheus_javaagent.jar";

describe("exporterPort", () => {
  test.each([
    [[`KAFKA_OPTS=${AGENT}=11001:/opt/prometheus/kafka-broker.yml`], 11001],
    [[`KAFKA_OPTS=-Xss1m ${AGENT}=0.0.0.0:12345:/rules.yml -Dx=y`], 12345],
    [["KAFKA_HEAP_OPTS=-Xmx512m"], undefined],
    [["KAFKA_OPTS=-javaagent:/opt/other-agent.jar=11001:/x.yml"], undefined],
    [[], undefined],
  ])("%j → %p", (env, port) => {
    expect(exporterPort(env)).toBe(port);
  });
});

describe("httpBody", () => {
  test("a 200 answer: the body after the headers", () => {
    expect(httpBody("HTTP/1.1 200 OK\r\nContent-type: text/plain\r\n\r\na 1\nb 2\n")).toBe("a 1\nb 2\n");
  });

  test.each([
    ["HTTP/1.1 404 Not Found\r\n\r\nnope", 'the exporter answered "HTTP/1.1 404 Not Found"'],
    ["", 'the exporter answered ""'],
    ["HTTP/1.1 200 OK\r\nContent-type: text/plain", 'the exporter answered "HTTP/1.1 200 OK"'],
  ])("%j throws %p", (raw, message) => {
    expect(() => httpBody(raw)).toThrow(message);
  });
});

const exporterText = (bytesIn: number, bytesOut: number, topic: string, topicIn: number) => `# TYPE kafka_server_BrokerTopicMetrics_FifteenMinuteRate gauge
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesInPerSec"} ${bytesIn}
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesOutPerSec"} ${bytesOut}
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesRejectedPerSec"} 0.0
kafka_server_BrokerTopicMetrics_FifteenMinuteRate{name="BytesInPerSec",topic="${topic}"} ${topicIn}
kafka_server_BrokerTopicMetrics_OneMinuteRate{name="BytesInPerSec"} 999.0
`;

describe("ratesFromScrapes", () => {
  test("cluster and topics summed over the brokers that answered; a broker that did not has nulls and its reason", () => {
    const rates = ratesFromScrapes([
      { nodeId: 1, container: "b-1", series: parsePrometheusText(exporterText(100, 40, "orders", 60)) },
      { nodeId: 2, container: "b-2", series: parsePrometheusText(exporterText(20, 10, "orders", 20)) },
      { nodeId: 3, container: "b-3", error: "the container is exited" },
    ]);
    expect(rates).toEqual({
      cluster: { bytesInPerSec: 120, bytesOutPerSec: 50 },
      brokers: [
        { nodeId: 1, container: "b-1", bytesInPerSec: 100, bytesOutPerSec: 40 },
        { nodeId: 2, container: "b-2", bytesInPerSec: 20, bytesOutPerSec: 10 },
        { nodeId: 3, container: "b-3", bytesInPerSec: null, bytesOutPerSec: null, error: "the container is exited" },
      ],
      topics: [{ topic: "orders", bytesInPerSec: 80, bytesOutPerSec: null }],
    });
  });

  test("an exporter without BrokerTopicMetrics: null rates, no topics", () => {
    expect(ratesFromScrapes([{ nodeId: 1, container: "b-1", series: parsePrometheusText("jvm_threads_current 42\n") }])).toEqual({
      cluster: { bytesInPerSec: null, bytesOutPerSec: null },
      brokers: [{ nodeId: 1, container: "b-1", bytesInPerSec: null, bytesOutPerSec: null }],
      topics: [],
    });
  });
});

test.each([
  [null, "-"],
  [0, "0.0 B/s"],
  [0.04, "0.0 B/s"],
  [1023.9, "1023.9 B/s"],
  [1024, "1.0 KiB/s"],
  [5 * 1024 * 1024 + 1, "5.0 MiB/s"],
])("humanRate(%p) → %p", (value, text) => {
  expect(humanRate(value)).toBe(text);
});

function snapshot(changes: Partial<ClusterSnapshot>): ClusterSnapshot {
  return {
    stack: "dev",
    hostBootstrapServers: "localhost:9092",
    internalBootstrapServers: "b-1:29092",
    declaredTopics: [],
    brokers: [],
    topics: [],
    groups: [],
    ...changes,
  };
}

test("status with metrics off: one line saying rates are unavailable and why; --json carries the reason", () => {
  const reason = "metrics are off: the brokers run no Prometheus exporter; set cdc-kafka:metricsEnabled to true";
  const lines = renderStatus(snapshot({ ratesUnavailable: reason }));
  expect(lines.slice(lines.indexOf("Consumer groups") + 2, lines.indexOf("Consumer groups") + 4)).toEqual(["", `Rates: unavailable (${reason})`]);
  expect(statusJson(snapshot({ ratesUnavailable: reason }))).toEqual(expect.objectContaining({ ratesUnavailable: reason }));
});

test("status with one broker of two not scraped: its row has dashes and a sentence below the table says why", () => {
  const rates = ratesFromScrapes([
    { nodeId: 1, container: "b-1", series: parsePrometheusText(exporterText(2048, 0, "orders", 2048)) },
    { nodeId: 2, container: "b-2", error: "metrics on port 11001 not read: bash in b-2 failed: Connection refused" },
  ]);
  const lines = renderStatus(snapshot({ rates }));
  const title = lines.indexOf("Byte rates (15-minute averages)");
  expect(lines.slice(title, title + 6)).toEqual([
    "Byte rates (15-minute averages)",
    "SCOPE    NAME     BYTES IN  BYTES OUT",
    "cluster  dev     2.0 KiB/s    0.0 B/s",
    "broker   1       2.0 KiB/s    0.0 B/s",
    "broker   2               -          -",
    "topic    orders  2.0 KiB/s          -",
  ]);
  expect(lines[title + 6]).toBe("Broker 2 (b-2) not scraped: metrics on port 11001 not read: bash in b-2 failed: Connection refused.");
  expect(statusJson(snapshot({ rates }))).toEqual(expect.objectContaining({ rates }));
});
