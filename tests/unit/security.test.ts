// The pure side of the secured mode: listeners, client settings, ACLs, the provider's connection, certificate names
// and the rules that refuse bad security settings.
import { aclResourceName, CDC_TOPIC_PREFIX, CONNECT_RESOURCE_PREFIX, defaultAcls, PRINCIPALS, scramBootstrapLine } from "../../components/accessControl";
import { brokerEnvironment, BrokerNodeSettings, healthcheckPort, listenerEnvironment } from "../../components/brokerEnv";
import { adminConfig, consumerConfig, debeziumProducerConfig, kafkajsConnectionOptions, producerConfig, securityConfig } from "../../components/clientConfig";
import { kafkaProviderArgs } from "../../components/clusterConnection";
import { DEFAULT_KAFKA_IMAGE, defaultAdvertisedHost, resolveKafkaSettings } from "../../components/config";
import { brokerSubjectAltNames } from "../../components/stackSecurity";
import { advertisedHostError, keptAdminCredentialError, passwordErrors, scramBootstrapImageError, securityModeError, validateKafkaSettings } from "../../components/validation";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const connect = { username: "connect", password: "Secret0123456789abcd", caCertificatePem: CA };
/** An image that bootstraps SCRAM (the project's): secured settings with it are valid. */
const LOCAL_IMAGE = "cdc-kafka/kafka:3.6.2";

describe("listeners", () => {
  const node = { containerName: "kafka-broker-1", advertisedHost: "localhost", hostPort: 9092 };

  test("plaintext: INTERNAL, EXTERNAL and CONTROLLER, all PLAINTEXT, replication over INTERNAL", () => {
    expect(listenerEnvironment(node)).toEqual({
      KAFKA_LISTENERS: "INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093",
      KAFKA_ADVERTISED_LISTENERS: "INTERNAL://kafka-broker-1:29092,EXTERNAL://localhost:9092",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
    });
    expect(healthcheckPort("plaintext")).toBe(29092);
  });

  test("sasl_ssl: clients on SASL_SSL/SCRAM, brokers and controllers on mutual TLS, the probe on loopback PLAINTEXT, no ACL no access", () => {
    const env = listenerEnvironment({ ...node, advertisedHost: "kafka.example.internal", security: "sasl_ssl" });
    expect(env).toMatchObject({
      KAFKA_LISTENERS: "INTERNAL://0.0.0.0:29092,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093,REPLICATION://0.0.0.0:29094,HEALTH://127.0.0.1:29095",
      KAFKA_ADVERTISED_LISTENERS: "INTERNAL://kafka-broker-1:29092,EXTERNAL://kafka.example.internal:9092,REPLICATION://kafka-broker-1:29094",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL,REPLICATION:SSL,HEALTH:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "REPLICATION",
      KAFKA_SASL_ENABLED_MECHANISMS: "SCRAM-SHA-512",
      KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH: "required",
      KAFKA_LISTENER_NAME_REPLICATION_SSL_CLIENT_AUTH: "required",
      KAFKA_SUPER_USERS: "User:kafka-broker;User:admin",
      KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: "false",
      KAFKA_SSL_KEYSTORE_TYPE: "PEM",
      KAFKA_SSL_TRUSTSTORE_TYPE: "PEM",
    });
    // A listener's JAAS line carries no credentials: SCRAM verifies against the metadata, and nothing secret is in the environment.
    expect(env.KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG).toBe("org.apache.kafka.common.security.scram.ScramLoginModule required;");
    expect(Object.values(env).join("\n")).not.toMatch(/password/i);
    expect(healthcheckPort("sasl_ssl")).toBe(29095);
    // Snapshots every 10 s, kept 10 minutes: a restart then starts from one (see SCRAM_SNAPSHOT_ENVIRONMENT).
    expect(env).toMatchObject({ KAFKA_METADATA_LOG_MAX_SNAPSHOT_INTERVAL_MS: "10000", KAFKA_METADATA_MAX_RETENTION_MS: "600000" });
    expect(listenerEnvironment(node)).not.toHaveProperty("KAFKA_METADATA_LOG_MAX_SNAPSHOT_INTERVAL_MS");
  });

  test("the broker's environment takes the listeners of its security mode", () => {
    const resolved = resolveKafkaSettings("kafka", { security: "sasl_ssl" });
    const settings: BrokerNodeSettings = {
      ...resolved,
      ...node,
      nodeId: 1,
      controllerQuorumVoters: "1@kafka-broker-1:29093",
      memoryMb: resolved.brokerMemoryMb,
    };
    expect(brokerEnvironment(settings)).toMatchObject(listenerEnvironment(settings));
  });
});

describe("client settings", () => {
  test("plaintext (no credentials): exactly the delivery settings, and nothing for an admin client", () => {
    expect(securityConfig()).toEqual({});
    expect(adminConfig()).toEqual({});
    expect(Object.keys(producerConfig())).not.toContain("security.protocol");
  });

  test("secured: SASL_SSL, SCRAM-SHA-512 as the principal, the CA as a PEM truststore, on every client's settings", () => {
    const security = {
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "SCRAM-SHA-512",
      "sasl.jaas.config": 'org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="Secret0123456789abcd";',
      "ssl.truststore.type": "PEM",
      "ssl.truststore.certificates": CA,
    };
    expect(producerConfig(connect)).toEqual({ ...producerConfig(), ...security });
    expect(consumerConfig(connect)).toEqual({ ...consumerConfig(), ...security });
    expect(adminConfig(connect)).toEqual(security);
    expect(debeziumProducerConfig(connect)["producer.override.security.protocol"]).toBe("SASL_SSL");
  });

  test("as KafkaJS options: TLS trusting the CA and SCRAM with the same user and password; none for plaintext", () => {
    expect(kafkajsConnectionOptions(consumerConfig(connect))).toEqual({
      ssl: { ca: [CA] },
      sasl: { mechanism: "scram-sha-512", username: "connect", password: "Secret0123456789abcd" },
    });
    expect(kafkajsConnectionOptions(consumerConfig())).toEqual({});
    expect(kafkajsConnectionOptions({ "security.protocol": "SSL" })).toEqual({ ssl: true });
  });

  test("settings KafkaJS cannot honour are one sentence, never a silent plaintext connection", () => {
    expect(() => kafkajsConnectionOptions({ "security.protocol": "TLS" })).toThrow(
      'security.protocol "TLS" is not one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT; fix the client settings.',
    );
    expect(() => kafkajsConnectionOptions({ "security.protocol": "SASL_SSL", "sasl.mechanism": "GSSAPI", "sasl.jaas.config": "x" })).toThrow(
      "security.protocol SASL_SSL needs sasl.mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 and a sasl.jaas.config with username and password; fix the client settings.",
    );
  });
});

describe("principals and ACLs", () => {
  const acls = defaultAcls();
  const granted = (role: string) => acls.filter((acl) => acl.role === role).map((acl) => `${acl.resourceType}:${acl.patternType}:${acl.resourceName}:${acl.operation}`);

  test("connect writes the CDC topics and owns its internal topics, group and transactional ids; consumer reads; ui reads and describes but never writes", () => {
    expect(granted("connect")).toEqual(expect.arrayContaining(["Topic:Prefixed:dbserver.:Write", "Topic:Prefixed:connect-:Read", "Group:Prefixed:connect-:Read", "Cluster:Literal:kafka-cluster:IdempotentWrite"]));
    // KIP-618's exactly-once source support, and no transactional id outside the connect- prefix.
    expect(granted("connect").filter((grant) => grant.startsWith("TransactionalID:")).sort()).toEqual(["TransactionalID:Prefixed:connect-:Describe", "TransactionalID:Prefixed:connect-:Write"]);
    expect(granted("consumer").sort()).toEqual(["Group:Prefixed:cdc-:Describe", "Group:Prefixed:cdc-:Read", "Topic:Prefixed:dbserver.:Describe", "Topic:Prefixed:dbserver.:Read"]);
    expect(granted("ui").filter((grant) => /:(Write|Create|Delete|Alter|All)$/.test(grant))).toEqual([]);
    expect(granted("admin")).toEqual([]);
  });

  test("ui describes every topic, group and the cluster, but reads the records of the CDC topics alone (not Connect's)", () => {
    expect(granted("ui").sort()).toEqual([
      "Cluster:Literal:kafka-cluster:Describe",
      "Cluster:Literal:kafka-cluster:DescribeConfigs",
      "Group:Literal:*:Describe",
      "Topic:Literal:*:Describe",
      "Topic:Literal:*:DescribeConfigs",
      "Topic:Prefixed:dbserver.:Read",
    ]);
    // The prefix cannot reach Connect's internal topics (their names start connect-).
    expect(CONNECT_RESOURCE_PREFIX.startsWith(CDC_TOPIC_PREFIX) || CDC_TOPIC_PREFIX.startsWith(CONNECT_RESOURCE_PREFIX)).toBe(false);
  });

  test("each ACL has its own resource name", () => {
    const names = acls.map(aclResourceName);
    expect(new Set(names).size).toBe(names.length);
    expect(aclResourceName(acls[0])).toBe("connect-topic-dbserver-write");
  });

  test("the admin's credential for kafka-storage format", () => {
    expect(scramBootstrapLine(PRINCIPALS.admin, "pw")).toBe("SCRAM-SHA-512=[name=admin,password=pw]");
  });
});

describe("the kafka provider's connection", () => {
  test("plaintext: TLS spelt out as off (the provider's own default is on)", () => {
    expect(kafkaProviderArgs(["localhost:9092"])).toEqual({ bootstrapServers: ["localhost:9092"], tlsEnabled: false });
  });

  test("a secured stack: TLS trusting its CA, SCRAM-SHA-512 in the provider's spelling, the password a secret", async () => {
    const args = kafkaProviderArgs(["localhost:9092"], { caCertificatePem: CA, sasl: { username: "admin", password: "pw" } });
    expect(args).toMatchObject({ tlsEnabled: true, caCert: CA, saslMechanism: "scram-sha512", saslUsername: "admin" });
    expect(await (args.saslPassword as any).isSecret).toBe(true);
  });

  test("a managed service: SASL PLAIN over TLS with the system's CAs", () => {
    const args = kafkaProviderArgs(["pkc-1.example.cloud:9092"], { sasl: { mechanism: "plain", username: "key", password: "secret" } });
    expect(args).toMatchObject({ tlsEnabled: true, saslMechanism: "plain" });
    expect(args.caCert).toBeUndefined();
  });
});

describe("advertised host and certificate names", () => {
  test.each([
    ["127.0.0.1", "localhost"],
    ["::1", "localhost"],
    ["192.168.1.20", "192.168.1.20"],
    ["0.0.0.0", undefined],
    ["::", undefined],
  ])("a bind on %s advertises %s by default", (bind, host) => expect(defaultAdvertisedHost(bind)).toBe(host));

  test("a broker's certificate names its container, localhost and the advertised host (as DNS or IP)", () => {
    expect(brokerSubjectAltNames("k-broker-1", "localhost")).toEqual({ dnsNames: ["k-broker-1", "localhost"], ipAddresses: ["127.0.0.1"] });
    expect(brokerSubjectAltNames("k-broker-1", "kafka.example.internal")).toEqual({ dnsNames: ["k-broker-1", "localhost", "kafka.example.internal"], ipAddresses: ["127.0.0.1"] });
    expect(brokerSubjectAltNames("k-broker-1", "172.17.0.1")).toEqual({ dnsNames: ["k-broker-1", "localhost"], ipAddresses: ["127.0.0.1", "172.17.0.1"] });
  });
});

describe("rules", () => {
  test("an unknown security mode", () => {
    expect(securityModeError("sasl_ssl")).toBeUndefined();
    expect(securityModeError("ssl")).toBe('security "ssl" is not a security mode; use "plaintext" or "sasl_ssl".');
  });

  test("every address without an advertised host, and an advertised host that is no host", () => {
    expect(advertisedHostError(undefined, "127.0.0.1")).toBeUndefined();
    expect(advertisedHostError("kafka.example.internal", "0.0.0.0")).toBeUndefined();
    expect(advertisedHostError("fd00::5", "::")).toBeUndefined();
    expect(advertisedHostError(undefined, "::")).toMatch(/^hostBindIp :: publishes the brokers on every address of this machine/);
    expect(advertisedHostError("bad_host", "0.0.0.0")).toBe(
      'advertisedHost "bad_host" is neither a host name nor an IP address; use the name or address clients reach this machine by, e.g. kafka.example.internal or 192.168.1.10.',
    );
  });

  test("passwords: only with sasl_ssl, at least 16 characters, none a JAAS or SCRAM line cannot carry", () => {
    expect(passwordErrors({ security: "sasl_ssl", adminPassword: "A-good.long~password!1" })).toEqual([]);
    expect(passwordErrors({ security: "plaintext", uiPassword: "A-good.long~password!1" })).toEqual([
      'uiPassword is used only when security is "sasl_ssl"; set security to "sasl_ssl" or remove uiPassword.',
    ]);
    expect(passwordErrors({ security: "sasl_ssl", connectPassword: "short" })).toEqual([
      "connectPassword is too weak (5 characters); use 16 to 128 characters, or remove it to have one generated.",
    ]);
    expect(passwordErrors({ security: "sasl_ssl", consumerPassword: 'has"quote-and-is-long-enough' })[0]).toMatch(/^consumerPassword has characters a JAAS or SCRAM setting cannot carry/);
    expect(passwordErrors({ security: "sasl_ssl", consumerPassword: "has,comma-and-is-long-enough" })).toHaveLength(1);
  });

  test("a stack's validation includes them, and resolves the advertised host", () => {
    expect(validateKafkaSettings("k", { security: "sasl_ssl", kafkaImage: LOCAL_IMAGE, hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal" })).toEqual([]);
    // uiLogin: the UI on 0.0.0.0 without a login would be a third problem.
    expect(validateKafkaSettings("k", { security: "tls" as never, hostBindIp: "0.0.0.0", uiLogin: true })).toHaveLength(2);
    expect(resolveKafkaSettings("k", { hostBindIp: "10.0.0.5" }).advertisedHost).toBe("10.0.0.5");
  });

  const NO_SCRAM_BOOTSTRAP = (image: string) =>
    `security "sasl_ssl" needs a broker image that writes the admin's SCRAM credential when it formats storage, and kafkaImage "${image}" cannot, so no client could ever log in; set kafkaImage to an image that does (this project's Kafka image, from FORMAT_SCRAM_CREDENTIALS_FILE) or set security to "plaintext".`;

  test.each([
    ["confluentinc/cp-kafka:7.6.1", "sasl_ssl", NO_SCRAM_BOOTSTRAP("confluentinc/cp-kafka:7.6.1")],
    ["docker.io/confluentinc/cp-kafka:7.6.1", "sasl_ssl", NO_SCRAM_BOOTSTRAP("docker.io/confluentinc/cp-kafka:7.6.1")],
    [`confluentinc/cp-server@sha256:${"a".repeat(64)}`, "sasl_ssl", NO_SCRAM_BOOTSTRAP(`confluentinc/cp-server@sha256:${"a".repeat(64)}`)],
    ["confluentinc/cp-kafka", "sasl_ssl", NO_SCRAM_BOOTSTRAP("confluentinc/cp-kafka")],
    [LOCAL_IMAGE, "sasl_ssl", undefined],
    ["registry.example.com:5000/confluentinc/cp-kafka:7.6.1", "sasl_ssl", undefined],
    ["confluentinc/cp-kafka:7.6.1", "plaintext", undefined],
  ])("kafkaImage %s with security %s: an image that cannot bootstrap SCRAM is refused", (image, security, expected) => {
    expect(scramBootstrapImageError(security, image)).toBe(expected);
  });

  test("the default image with sasl_ssl is refused by a stack's validation", () => {
    expect(validateKafkaSettings("k", { security: "sasl_ssl" })).toEqual([NO_SCRAM_BOOTSTRAP(DEFAULT_KAFKA_IMAGE)]);
  });

  const KEPT_CREDENTIAL =
    "keepDataVolume keeps the admin's SCRAM credential in the brokers' data past a destroy, but a generated adminPassword is generated anew by the next up and would be refused; set adminPassword explicitly (as a secret) or set keepDataVolume to false.";

  test.each([
    [{ security: "sasl_ssl", keepDataVolume: true }, KEPT_CREDENTIAL],
    [{ security: "sasl_ssl", keepDataVolume: true, adminPassword: "A-good.long~password!1" }, undefined],
    [{ security: "sasl_ssl", keepDataVolume: false }, undefined],
    [{ security: "plaintext", keepDataVolume: true }, undefined],
  ])("keepDataVolume with %o", (settings, expected) => {
    expect(keptAdminCredentialError(settings)).toBe(expected);
  });

  test("a stack's validation refuses keepDataVolume with a generated admin password", () => {
    expect(validateKafkaSettings("k", { security: "sasl_ssl", kafkaImage: LOCAL_IMAGE, keepDataVolume: true })).toEqual([KEPT_CREDENTIAL]);
    expect(validateKafkaSettings("k", { security: "sasl_ssl", kafkaImage: LOCAL_IMAGE, keepDataVolume: true, adminPassword: "A-good.long~password!1" })).toEqual([]);
  });
});
