// KafkaUi on its own: kafbat's environment contract, the published port, the URL, validation.
import * as pulumi from "@pulumi/pulumi";
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

type UiArgs = import("../../components").KafkaUiArgs;

const suite = mockedSuite(() => import("../../components"));

const CONTAINER = "docker:index/container:Container";

async function build(args: Partial<UiArgs> = {}) {
  const ui = new suite.lib.KafkaUi("ui", { networkName: "net", internalBootstrapServers: "b1:29092,b2:29092", ...args });
  return valuesOf({ url: ui.url, containerName: ui.containerName });
}

test("kafbat's image by default, kept locally, and a container on the network reading the internal listeners", async () => {
  expect(await build()).toEqual({ url: "http://localhost:8080", containerName: "ui" });
  expect(suite.mocks.resources.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
    ["cdc-kafka:index:KafkaUi", "ui", null],
    ["docker:index/remoteImage:RemoteImage", "ui-image", "ui"],
    [CONTAINER, "ui-container", "ui"],
  ]);
  expect(suite.mocks.get("docker:index/remoteImage:RemoteImage", "ui-image").inputs).toEqual({
    name: "ghcr.io/kafbat/kafka-ui:v1.5.0",
    keepLocally: true,
  });
  const { inputs, dependencies } = suite.mocks.get(CONTAINER, "ui-container");
  expect(inputs).toEqual({
    name: "ui",
    image: expect.stringMatching(/^sha256:/),
    envs: ["KAFKA_CLUSTERS_0_NAME=ui", "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=b1:29092,b2:29092", "SERVER_PORT=8080"],
    labels: [{ label: "cdc-kafka.component", value: "ui" }],
    networksAdvanced: [{ name: "net" }],
    ports: [{ internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" }],
    restart: "unless-stopped",
  });
  expect(dependencies).toEqual(["ui-image"]);
});

test("image, cluster name, container name, port and bind address as given", async () => {
  const outputs = await build({
    uiImage: "cdc-kafka/kafka-ui:local",
    clusterName: "pipeline",
    containerName: "console",
    uiPort: 18080,
    hostBindIp: "0.0.0.0",
    login: { username: "admin", password: "login-password-0123456789" },
  });
  expect(outputs).toEqual({ url: "http://localhost:18080", containerName: "console" });
  const { inputs } = suite.mocks.get(CONTAINER, "ui-container");
  expect(inputs.envs[0]).toBe("KAFKA_CLUSTERS_0_NAME=pipeline");
  expect(inputs.ports).toEqual([{ internal: 8080, external: 18080, ip: "0.0.0.0", protocol: "tcp" }]);
  expect(suite.mocks.get("docker:index/remoteImage:RemoteImage", "ui-image").inputs.name).toBe("cdc-kafka/kafka-ui:local");
});

test("metricsPort: the UI scrapes the brokers' Prometheus endpoints on that port", async () => {
  await build({ metricsPort: 11001 });
  expect(suite.mocks.get(CONTAINER, "ui-container").inputs.envs).toEqual([
    "KAFKA_CLUSTERS_0_NAME=ui",
    "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=b1:29092,b2:29092",
    "SERVER_PORT=8080",
    "KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS",
    "KAFKA_CLUSTERS_0_METRICS_PORT=11001",
  ]);
});

test("kafkaConnectName and kafkaConnectAddress: the UI shows that Connect cluster (kafbat's KAFKACONNECT_0 variables)", async () => {
  await build({ kafkaConnectName: "cdc", kafkaConnectAddress: "http://pipeline-connect:8083" });
  expect(suite.mocks.get(CONTAINER, "ui-container").inputs.envs).toEqual([
    "KAFKA_CLUSTERS_0_NAME=ui",
    "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=b1:29092,b2:29092",
    "SERVER_PORT=8080",
    "KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME=cdc",
    "KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS=http://pipeline-connect:8083",
  ]);
});

test.each<[Partial<UiArgs>, string]>([
  [
    { kafkaConnectName: "cdc" },
    "kafkaConnectName and kafkaConnectAddress go together; set both to show a Kafka Connect cluster in the UI, or neither.",
  ],
  [
    { uiImage: "UI" },
    'uiImage "UI" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. ghcr.io/kafbat/kafka-ui:v1.5.0.',
  ],
  [{ uiPort: 0 }, "uiPort (0) is out of range; set uiPort to a whole number from 1 to 65535."],
  [
    { hostBindIp: "any" },
    'hostBindIp "any" is not an IP address; use 127.0.0.1 to stay on this machine or 0.0.0.0 to publish on every interface.',
  ],
  [{ clusterName: "a/b" }, 'clusterName "a/b" cannot be used in the UI\'s URLs; use only letters, digits, ".", "_" and "-".'],
  [
    { hostBindIp: "0.0.0.0" },
    "The UI would be published on 0.0.0.0, beyond this machine, without a login, so anyone reaching its port could read every topic; give login, or set hostBindIp to 127.0.0.1.",
  ],
  [
    { hostBindIp: "192.168.1.10" },
    "The UI would be published on 192.168.1.10, beyond this machine, without a login, so anyone reaching its port could read every topic; give login, or set hostBindIp to 127.0.0.1.",
  ],
  [
    { kafkaConnectName: "cdc", kafkaConnectAddress: "http://c:8083", kafkaConnectUsername: "ui" },
    "kafkaConnectUsername and kafkaConnectPassword go together; set both for a Connect REST API that requires basic auth, or neither.",
  ],
  [
    { kafkaConnectUsername: "ui", kafkaConnectPassword: "pw" },
    "kafkaConnectUsername and kafkaConnectPassword log the UI in to Connect's REST API; set kafkaConnectName and kafkaConnectAddress too, or drop them.",
  ],
])("%j is refused before anything is registered", async (args, message) => {
  expect(() => new suite.lib.KafkaUi("ui", { networkName: "net", internalBootstrapServers: "b:29092", ...args })).toThrow(
    new suite.lib.KafkaConfigError([message]),
  );
  expect(await suite.mocks.settled()).toEqual([]);
});

describe("secrets reach the container as files of its config tree, never in its environment", () => {
  const jaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="ui" password="ui-principal-password";';
  const secured = {
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": "SCRAM-SHA-512",
    "sasl.jaas.config": jaas,
    "ssl.truststore.type": "PEM",
    "ssl.truststore.certificates": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
  };

  test("login, the ui principal's JAAS line and Connect's password: files in /etc/kafka-ui-secrets named by their Spring property", async () => {
    await build({
      hostBindIp: "0.0.0.0",
      clientProperties: secured,
      login: { username: "admin", password: "login-password-0123456789" },
      kafkaConnectName: "cdc",
      kafkaConnectAddress: "http://pipeline-connect:8083",
      kafkaConnectUsername: "ui",
      kafkaConnectPassword: "connect-rest-password",
    });
    const { inputs } = suite.mocks.get(CONTAINER, "ui-container");
    expect(inputs.envs).toEqual([
      "KAFKA_CLUSTERS_0_NAME=ui",
      "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=b1:29092,b2:29092",
      "SERVER_PORT=8080",
      "KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME=cdc",
      "KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS=http://pipeline-connect:8083",
      "KAFKA_CLUSTERS_0_KAFKACONNECT_0_USERNAME=ui",
      "KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL",
      "KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM=SCRAM-SHA-512",
      "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE=PEM",
      `KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES=${secured["ssl.truststore.certificates"]}`,
      "AUTH_TYPE=LOGIN_FORM",
      "SPRING_SECURITY_USER_NAME=admin",
      "SPRING_CONFIG_IMPORT=optional:configtree:/etc/kafka-ui-secrets/",
    ]);
    // A secret input: the engine keeps it encrypted in state (the mock shows Pulumi's secret envelope).
    expect(inputs.uploads).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: [
        { file: "/etc/kafka-ui-secrets/kafka.clusters[0].properties.sasl.jaas.config", content: jaas },
        { file: "/etc/kafka-ui-secrets/spring.security.user.password", content: "login-password-0123456789" },
        { file: "/etc/kafka-ui-secrets/kafka.clusters[0].kafkaConnect[0].password", content: "connect-rest-password" },
      ],
    });
    const environment = JSON.stringify(inputs.envs);
    for (const secret of ["ui-principal-password", "login-password-0123456789", "connect-rest-password"]) expect(environment).not.toContain(secret);
  });

  test.each([
    ["sasl.jaas.config", true],
    ["ssl.keystore.password", true],
    ["ssl.truststore.certificates", false],
    ["security.protocol", false],
  ])("isSecretProperty(%s) = %s", (key, secret) => {
    expect(suite.lib.isSecretProperty(key)).toBe(secret);
  });
});
