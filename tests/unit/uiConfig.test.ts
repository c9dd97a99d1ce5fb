import { readConfig } from "../../ui/config";

const base = { KAFKA_CLUSTERS_0_NAME: "local", KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: "kb:29092" };

describe("readConfig", () => {
  test("kafbat's defaults: port 8080, read-write, PLAINTEXT, 5 s refresh and admin timeout", () => {
    expect(readConfig(base)).toEqual({
      clusters: [{ name: "local", bootstrapServers: ["kb:29092"], readOnly: false, connection: {}, connects: [], metrics: null }],
      port: 8080,
      refreshIntervalMs: 5000,
      adminTimeoutMs: 5000,
      login: null,
    });
  });

  test("reads every numbered cluster until the first missing name", () => {
    const config = readConfig({
      ...base,
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: " a:1 , b:2 ",
      KAFKA_CLUSTERS_0_READONLY: "true",
      KAFKA_CLUSTERS_1_NAME: "other",
      KAFKA_CLUSTERS_1_BOOTSTRAPSERVERS: "c:3",
      KAFKA_CLUSTERS_1_PROPERTIES_SECURITY_PROTOCOL: "ssl",
      KAFKA_CLUSTERS_3_NAME: "skipped",
      SERVER_PORT: "9000",
      KAFKA_UPDATEMETRICSRATEMILLIS: "2000",
      KAFKA_ADMINCLIENTTIMEOUT: "1500",
    });
    expect(config).toEqual({
      clusters: [
        { name: "local", bootstrapServers: ["a:1", "b:2"], readOnly: true, connection: {}, connects: [], metrics: null },
        { name: "other", bootstrapServers: ["c:3"], readOnly: false, connection: { ssl: true }, connects: [], metrics: null },
      ],
      port: 9000,
      refreshIntervalMs: 2000,
      adminTimeoutMs: 1500,
      login: null,
    });
  });

  test.each([
    [{}, "KAFKA_CLUSTERS_0_NAME is not set; name the cluster and set KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS."],
    [
      { KAFKA_CLUSTERS_0_NAME: "local" },
      "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS is empty; set it to the broker's host:port list, e.g. kafka:29092.",
    ],
    [
      { ...base, KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: "kb" },
      'KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS entry "kb" is not host:port; write it like kafka:29092.',
    ],
    [
      { ...base, KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_TLS" },
      "KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL=SASL_TLS is not supported by this console; use PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, or run kafbat's image.",
    ],
    [{ ...base, KAFKA_CLUSTERS_0_READONLY: "yes" }, 'KAFKA_CLUSTERS_0_READONLY must be "true" or "false" (got "yes"); fix or unset it.'],
    [{ ...base, SERVER_PORT: "70000" }, 'SERVER_PORT must be an integer from 1 to 65535 (got "70000"); fix or unset it.'],
    [
      { ...base, KAFKA_UPDATEMETRICSRATEMILLIS: "100" },
      'KAFKA_UPDATEMETRICSRATEMILLIS must be an integer from 500 to 3600000 (got "100"); fix or unset it.',
    ],
    [{ ...base, AUTH_TYPE: "OAUTH2" }, "AUTH_TYPE=OAUTH2 is not supported by this console; use DISABLED or LOGIN_FORM, or run kafbat's image."],
    [
      { ...base, AUTH_TYPE: "LOGIN_FORM", SPRING_SECURITY_USER_NAME: "admin" },
      "AUTH_TYPE=LOGIN_FORM needs a password; set SPRING_SECURITY_USER_PASSWORD, or better the file spring.security.user.password in a config tree named by SPRING_CONFIG_IMPORT.",
    ],
    [
      { ...base, AUTH_TYPE: "LOGIN_FORM", SPRING_SECURITY_USER_PASSWORD: "{bcrypt}$2a$10$abc" },
      "SPRING_SECURITY_USER_PASSWORD is an encoded password, which this console cannot check; give it as plain text (optionally {noop}…) or run kafbat's image.",
    ],
    [
      { ...base, KAFKA_CLUSTERS_1_NAME: "local", KAFKA_CLUSTERS_1_BOOTSTRAPSERVERS: "x:1" },
      'Cluster name "local" is used twice; give each KAFKA_CLUSTERS_<i>_NAME a distinct name.',
    ],
    [
      { ...base, KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME: "connect", KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS: "connect:8083" },
      'KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS must be Connect\'s REST URL, e.g. http://connect:8083 (got "connect:8083").',
    ],
    [
      { ...base, KAFKA_CLUSTERS_0_METRICS_PORT: "9997" },
      "KAFKA_CLUSTERS_0_METRICS_TYPE=(unset, so JMX) is not supported by this console; set it to PROMETHEUS with the JMX exporter agent's port, or run kafbat's image.",
    ],
    [
      { ...base, KAFKA_CLUSTERS_0_METRICS_TYPE: "PROMETHEUS", KAFKA_CLUSTERS_0_METRICS_PORT: "0" },
      'KAFKA_CLUSTERS_0_METRICS_PORT must be an integer from 1 to 65535 (got "0"); fix or unset it.',
    ],
  ])("rejects %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(new Error(message));
  });

  test("Kafka Connect clusters and Prometheus metrics, as kafbat names them", () => {
    const [cluster] = readConfig({
      ...base,
      KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME: "connect",
      KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS: "http://connect:8083/",
      KAFKA_CLUSTERS_0_KAFKACONNECT_1_NAME: "secured",
      KAFKA_CLUSTERS_0_KAFKACONNECT_1_ADDRESS: "https://c2:8443",
      KAFKA_CLUSTERS_0_KAFKACONNECT_1_USERNAME: "admin",
      KAFKA_CLUSTERS_0_KAFKACONNECT_1_PASSWORD: "pw",
      KAFKA_CLUSTERS_0_METRICS_TYPE: "prometheus",
    }).clusters;
    expect(cluster.connects).toEqual([
      { name: "connect", address: "http://connect:8083", username: null, password: null },
      { name: "secured", address: "https://c2:8443", username: "admin", password: "pw" },
    ]);
    expect(cluster.metrics).toEqual({ type: "PROMETHEUS", port: 11001 });
  });

  test("AUTH_TYPE=DISABLED is kafbat's default and accepted: no login", () => {
    expect(readConfig({ ...base, AUTH_TYPE: "DISABLED" }).login).toBeNull();
  });

  test.each([
    [{ SPRING_SECURITY_USER_NAME: "admin", SPRING_SECURITY_USER_PASSWORD: "pw-1" }, { username: "admin", password: "pw-1" }],
    // Spring's default user name, and its {noop} prefix for a password kept as text.
    [{ SPRING_SECURITY_USER_PASSWORD: "{noop}pw-2" }, { username: "user", password: "pw-2" }],
  ])("AUTH_TYPE=login_form with %j: the one account of kafbat's login form", (account, login) => {
    expect(readConfig({ ...base, AUTH_TYPE: "login_form", ...account }).login).toEqual(login);
  });

  describe("SASL and TLS, from kafbat's KAFKA_CLUSTERS_<i>_PROPERTIES_* variables", () => {
    const caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const password = "s3cret-Pa55";
    const secured = {
      ...base,
      KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_SSL",
      KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "SCRAM-SHA-512",
      KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.scram.ScramLoginModule required username="ui" password="${password}";`,
      KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: "PEM",
      KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES: caPem,
    };

    test.each([
      ["SASL_SSL, SCRAM-SHA-512 and a PEM CA (the stack's secured mode)", secured, {
        ssl: { ca: [caPem.trim()] },
        sasl: { mechanism: "scram-sha-512", username: "ui", password },
      }],
      ["SASL_SSL without a truststore trusts the system's CAs", {
        ...secured,
        KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: undefined,
        KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES: undefined,
        KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "scram-sha-256",
      }, { ssl: true, sasl: { mechanism: "scram-sha-256", username: "ui", password } }],
      ["SASL_PLAINTEXT with PLAIN: no TLS, and a truststore is ignored as Java's client does", {
        ...secured,
        KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "sasl_plaintext",
        KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "PLAIN",
        KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
      }, { sasl: { mechanism: "plain", username: "u", password: "p" } }],
      ["SSL with a PEM CA", {
        ...base,
        KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SSL",
        KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: "pem",
        KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES: caPem,
      }, { ssl: { ca: [caPem.trim()] } }],
    ])("%s", (_, env, connection) => {
      expect(readConfig(env).clusters[0].connection).toEqual(connection);
    });

    const mechanismMessage = (got: string): string =>
      `KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got ${got}) and KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG with username="…" and password="…"; fix them, or run kafbat's image.`;
    const pemInstead =
      "give the CA as PEM in KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES with KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE=PEM, or run kafbat's image.";
    test.each([
      [{ ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "GSSAPI" }, mechanismMessage("GSSAPI")],
      [{ ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: undefined }, mechanismMessage("(unset, so GSSAPI)")],
      [{ ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: undefined }, mechanismMessage("SCRAM-SHA-512")],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: `org.apache.kafka.common.security.scram.ScramLoginModule required password="${password}";` },
        mechanismMessage("SCRAM-SHA-512"),
      ],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION: "/etc/kafka/truststore.jks" },
        `KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION is not read by this console (Node opens no JKS or PKCS12 file); ${pemInstead}`,
      ],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: "JKS" },
        `KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE=JKS is not supported by this console; ${pemInstead}`,
      ],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: undefined },
        "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE=PEM and KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES go together; set both (the CA's PEM) or neither.",
      ],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES: undefined },
        "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE=PEM and KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES go together; set both (the CA's PEM) or neither.",
      ],
      [
        { ...secured, KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES: "/etc/ca.pem" },
        "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_CERTIFICATES holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate as PEM.",
      ],
    ])("rejects bad security settings (case %#) in one sentence that never shows the password", (env, message) => {
      expect(() => readConfig(env)).toThrow(new Error(message));
      expect(message).not.toContain(password);
    });
  });
});
