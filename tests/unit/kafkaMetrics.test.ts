// KafkaMetrics on its own: a Prometheus container on the brokers' network with the scrape config and the alert rules
// uploaded, the published port, the URL, validation.
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

type MetricsArgs = import("../../components").KafkaMetricsArgs;

const suite = mockedSuite(() => import("../../components"));

const CONTAINER = "docker:index/container:Container";

async function build(args: Partial<MetricsArgs> = {}) {
  const metrics = new suite.lib.KafkaMetrics("metrics", { networkName: "net", brokerContainerNames: ["b1", "b2"], ...args });
  return valuesOf({ url: metrics.url, containerName: metrics.containerName });
}

test("prom/prometheus by default, kept locally, scraping every broker's exporter with the Kafka alert rules", async () => {
  expect(await build()).toEqual({ url: "http://localhost:9090", containerName: "metrics" });
  expect(suite.mocks.resources.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
    ["cdc-kafka:index:KafkaMetrics", "metrics", null],
    ["docker:index/remoteImage:RemoteImage", "metrics-image", "metrics"],
    [CONTAINER, "metrics-container", "metrics"],
  ]);
  expect(suite.mocks.get("docker:index/remoteImage:RemoteImage", "metrics-image").inputs).toEqual({ name: "prom/prometheus:v2.42.0", keepLocally: true });
  const { inputs, dependencies } = suite.mocks.get(CONTAINER, "metrics-container");
  expect(inputs).toEqual({
    name: "metrics",
    image: expect.stringMatching(/^sha256:/),
    entrypoints: ["prometheus"],
    command: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/tmp/prometheus", "--storage.tsdb.retention.time=2d", "--web.listen-address=:9090"],
    uploads: [
      { file: "/etc/prometheus/prometheus.yml", content: suite.lib.prometheusConfig(["b1", "b2"], "metrics") },
      { file: "/etc/prometheus/kafka-alerts.yml", content: suite.lib.kafkaAlertRules() },
    ],
    labels: [{ label: "cdc-kafka.component", value: "metrics" }],
    networksAdvanced: [{ name: "net" }],
    ports: [{ internal: 9090, external: 9090, ip: "127.0.0.1", protocol: "tcp" }],
    restart: "unless-stopped",
  });
  expect(dependencies).toEqual(["metrics-image"]);
});

test("image, cluster name, container name, port and bind address as given", async () => {
  const outputs = await build({ prometheusImage: "cdc-kafka/prometheus:2.42", clusterName: "pipeline", containerName: "prom", hostPort: 19090, hostBindIp: "0.0.0.0" });
  expect(outputs).toEqual({ url: "http://localhost:19090", containerName: "prom" });
  const { inputs } = suite.mocks.get(CONTAINER, "metrics-container");
  expect(JSON.parse(inputs.uploads[0].content).global.external_labels).toEqual({ cluster: "pipeline" });
  expect(inputs.ports).toEqual([{ internal: 9090, external: 19090, ip: "0.0.0.0", protocol: "tcp" }]);
  expect(suite.mocks.get("docker:index/remoteImage:RemoteImage", "metrics-image").inputs.name).toBe("cdc-kafka/prometheus:2.42");
});

test.each<[Partial<MetricsArgs>, string]>([
  [
    { prometheusImage: "Prom" },
    'prometheusImage "Prom" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. prom/prometheus:v2.42.0.',
  ],
  [{ hostPort: 70000 }, "hostPort (70000) is out of range; set hostPort to a whole number from 1 to 65535."],
  [{ containerName: "Prom" }, 'containerName "Prom" cannot name containers and volumes; use at most 63 lowercase letters, digits and "-", starting with a letter or digit.'],
])("%j is refused before anything is registered", async (args, message) => {
  expect(() => new suite.lib.KafkaMetrics("metrics", { networkName: "net", brokerContainerNames: ["b1"], ...args })).toThrow(
    new suite.lib.KafkaConfigError([message]),
  );
  expect(await suite.mocks.settled()).toEqual([]);
});
