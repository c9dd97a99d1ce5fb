// The CDC pipeline example's pure builders for the Connect worker (examples/cdc-pipeline/connect.ts): where the secrets
// go (uploaded files the worker resolves by reference), what the worker's environment says (references and paths, never
// a password) and what the connector's config says for the database password. "cdc-kafka" is the example's name for
// this library; here it is the library's sources.
jest.mock("cdc-kafka", () => jest.requireActual("../../components/index"), { virtual: true });

type Login = { username: string; password: string };
type UploadedFile = { file: string; content: string };
/**
 * What the tests use of the example, typed here: the example resolves "cdc-kafka" through its own installation, which
 * the repo's type-check (tsconfig.json) does not have; the example type-checks against the package in examples.test.ts.
 */
interface ExampleConnect {
  BASIC_AUTH_EXTENSION: string;
  CONFIG_PROVIDER_ENV: Record<string, string>;
  DATABASE_PASSWORD_REFERENCE: string;
  debeziumConnectorConfig(args: Record<string, unknown>): Record<string, string>;
  isSecuredCluster(producerConfig: Record<string, string>): boolean;
  restAuthEnv(login: Login | undefined): Record<string, string>;
  restAuthFiles(login: Login | undefined): UploadedFile[];
  restUserProblem(username: string): string | undefined;
  workerSecretFiles(args: { producerConfig: Record<string, string>; databasePassword: string; restLogin: Login | undefined }): UploadedFile[];
  workerSecurityEnv(producerConfig: Record<string, string>): Record<string, string>;
}
const {
  BASIC_AUTH_EXTENSION,
  CONFIG_PROVIDER_ENV,
  DATABASE_PASSWORD_REFERENCE,
  debeziumConnectorConfig,
  isSecuredCluster,
  restAuthEnv,
  restAuthFiles,
  restUserProblem,
  workerSecretFiles,
  workerSecurityEnv,
}: ExampleConnect = jest.requireActual("../../examples/cdc-pipeline/connect");

const securedProducer = {
  "bootstrap.servers": "kafka:29093",
  "security.protocol": "SASL_SSL",
  "sasl.mechanism": "SCRAM-SHA-512",
  "sasl.jaas.config": 'org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="kafka-pw";',
  "ssl.truststore.type": "PEM",
};
const login = { username: "connect-rest", password: "RestPw0123456789" };

test("every worker has the directory config provider, plaintext or not", () => {
  expect(CONFIG_PROVIDER_ENV).toEqual({
    CONNECT_CONFIG_PROVIDERS: "dir",
    CONNECT_CONFIG_PROVIDERS_DIR_CLASS: "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
  });
  expect(workerSecurityEnv({ "bootstrap.servers": "kafka:29092" })).toEqual({});
});

test("a secured cluster's settings name the JAAS file, never the password", () => {
  const env = workerSecurityEnv(securedProducer);
  expect(env.CONNECT_SASL_JAAS_CONFIG).toBe("${dir:/etc/connect-secrets:sasl.jaas.config}");
  expect(env.CONNECT_PRODUCER_SECURITY_PROTOCOL).toBe("SASL_SSL");
  expect(JSON.stringify(env).includes("kafka-pw")).toBe(false);
  expect([isSecuredCluster(securedProducer), isSecuredCluster({ "bootstrap.servers": "kafka:29092" })]).toEqual([true, false]);
});

test("the REST login: the extension and the JAAS file's path in the environment, the credentials only in a file", () => {
  expect(restAuthEnv(undefined)).toEqual({});
  const env = restAuthEnv(login);
  expect(env).toEqual({
    CONNECT_REST_EXTENSION_CLASSES: BASIC_AUTH_EXTENSION,
    KAFKA_OPTS: "-Djava.security.auth.login.config=/etc/connect-secrets/rest-jaas.conf",
  });
  expect(restAuthFiles(undefined)).toEqual([]);
  expect(restAuthFiles(login)).toEqual([
    {
      file: "/etc/connect-secrets/rest-jaas.conf",
      content:
        'KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="/etc/connect-secrets/rest-credentials.properties";\n};\n',
    },
    { file: "/etc/connect-secrets/rest-credentials.properties", content: "connect-rest=RestPw0123456789\n" },
  ]);
});

test.each([
  ["connect-rest", undefined],
  ["a=b", 'The Connect REST user (a=b) must be letters, digits, ".", "_" or "-".'],
  ["a b", 'The Connect REST user (a b) must be letters, digits, ".", "_" or "-".'],
])("REST user %j -> %j", (username, problem) => {
  expect(restUserProblem(username)).toBe(problem);
});

test("the uploaded files: the database password always, the JAAS line and the REST login when secured", () => {
  const files = (producerConfig: Record<string, string>, restLogin?: typeof login) =>
    workerSecretFiles({ producerConfig, databasePassword: "db-pw", restLogin }).map((file) => file.file);
  expect(workerSecretFiles({ producerConfig: {}, databasePassword: "db-pw", restLogin: undefined })).toEqual([
    { file: "/etc/connect-secrets/database.password", content: "db-pw" },
  ]);
  expect(files(securedProducer, login)).toEqual([
    "/etc/connect-secrets/database.password",
    "/etc/connect-secrets/sasl.jaas.config",
    "/etc/connect-secrets/rest-jaas.conf",
    "/etc/connect-secrets/rest-credentials.properties",
  ]);
});

test("the connector's database.password is the reference the worker resolves", () => {
  const config = debeziumConnectorConfig({
    topics: ["dbserver.public.videos"],
    producerOverrides: {},
    postgresHost: "pg",
    database: "videoplatform",
    user: "cdc",
    password: DATABASE_PASSWORD_REFERENCE,
    slotName: "slot",
    delivery: "exactly-once",
  });
  expect(config["database.password"]).toBe("${dir:/etc/connect-secrets:database.password}");
});
