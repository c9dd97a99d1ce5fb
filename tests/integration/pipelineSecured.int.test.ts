// The CDC pipeline on a secured Kafka stack: examples/cdc-pipeline with `security: sasl_ssl`, deployed with the literal
// CLI. The Connect worker and its clients reach the SASL_SSL listeners as the connect principal (its group and
// internal topics under connect-, as the ACLs grant), the connector and its task run, every row change arrives and is
// read as the consumer principal, no password is in the worker's or the database's container, the connector's config
// (REST API and configs topic) or the state in plain text, Connect's REST API asks for the login, the uploaded secret
// files are their reader's alone, and destroy leaves nothing. The brokers and the console are published on an address
// of a network the test makes (not loopback), so the console's login is what guards it; no secret of the stack (each
// principal's password, the console's and Connect's logins, the database's password, each private key) is in the
// state, in any container's inspect or log, or in the host's process list while the stack deploys. The faults are the
// plaintext pipeline test's.
import { Client } from "pg";
import type { ConnectLogin } from "../../components/connectorState";
import { connectApi } from "../../support/connectApi";
import { countByLabel, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { brokerTool } from "../../support/kafkaAdmin";
import { ChangeReader, connectPostgres } from "../../support/pipeline";
import { consoleSession, postLogin } from "../helpers/consoleLogin";
import { readRecords } from "../helpers/delivery";
import { createOwnNetwork, OwnNetwork } from "../helpers/ownNetwork";
import { CDC_TOPICS, containerWithRole, DeployedPipeline, deployPipeline, expectRowLifecycle, PIPELINE_PROJECT } from "../helpers/pipeline";
import { containerLogs, deploymentSecrets, inspectedContainers, leakedSecrets, NamedSecret, namedSecrets, sampleProcessList, StateSecrets } from "../helpers/secretLeaks";
import { logsOf } from "../toolchain/imageContainers";

const stackName = uniqueId("pls");
const stackLabel = `cdc-kafka.stack=${PIPELINE_PROJECT}/${stackName}`;
const SECRETS_DIR = "/etc/connect-secrets";
const JAAS_FILE = `${SECRETS_DIR}/sasl.jaas.config`;
const DATABASE_PASSWORD_REFERENCE = "${dir:/etc/connect-secrets:database.password}";

let deployed: DeployedPipeline;
let postgres: Client;
let reader: ChangeReader;
/** A network of the test's own: its gateway is the non-loopback host address the brokers and the console listen on. */
let reach: OwnNetwork | undefined;
/** Every command line the host's process list showed while the stack deployed (its containers' processes included). */
let commandLinesWhileDeploying: string[] = [];

const outputs = () => deployed.outputs;
/** The login Connect's REST API asks for (the connectRestLogin output, a secret). */
const restLogin = () => (deployed.outputs as unknown as { connectRestLogin: ConnectLogin }).connectRestLogin;
/** A GET of Connect's REST API with the login. */
const connectGet = <T>(path: string) => connectApi<T>(`${outputs().connectUrl}${path}`, "GET", undefined, restLogin());
/** `text` with the value of each `password="…"` blanked, for what an assertion may print on failure (the CI log). */
const withoutPasswords = (text: string) => text.replace(/password="[^"]+"/g, 'password="…"');

/** Every secret of the deployed stack, from its decrypted state, and the database's password (a config secret). */
async function stackSecretList(): Promise<{ found: StateSecrets; secrets: NamedSecret[] }> {
  const decrypted = JSON.parse(await deployed.project.mustPulumi(["stack", "export", "--show-secrets", "--stack", stackName])) as { deployment: unknown };
  const found = deploymentSecrets(decrypted.deployment);
  return { found, secrets: [...namedSecrets(found), { name: "the database password", value: deployed.password }] };
}

beforeAll(async () => {
  reach = await createOwnNetwork(`cdc-${stackName}-reach`, { "cdc-kafka.test": stackName });
  const processes = sampleProcessList();
  try {
    deployed = await deployPipeline(stackName, { security: "sasl_ssl", hostBindIp: reach.gateway, advertisedHost: reach.gateway });
  } finally {
    commandLinesWhileDeploying = await processes.stop();
  }
  postgres = await connectPostgres(outputs().postgresUrl, deployed.password);
  reader = new ChangeReader(outputs().hostBootstrapServers, CDC_TOPICS, outputs().consumerConfig);
  await reader.start();
}, 900_000);

afterAll(async () => {
  await reader?.stop().catch(() => undefined);
  await postgres?.end().catch(() => undefined);
  // Best effort, so a failed test still leaves nothing; the last test asserts a clean destroy itself.
  await deployed?.project.pulumi(["destroy", "--yes", "--stack", stackName], 600_000);
  await deployed?.project.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
  deployed?.project.remove();
  await reach?.remove();
});

test("the worker and its clients connect as connect over SASL_SSL; its group is connect-…; connector and task RUNNING", async () => {
  expect(outputs().connectorState).toBe("RUNNING");
  const status = await connectGet<{ connector: { state: string }; tasks: { state: string }[] }>(`/connectors/${outputs().connectorName}/status`);
  expect([status.connector.state, status.tasks.map((t: { state: string }) => t.state)]).toEqual(["RUNNING", ["RUNNING"]]);
  expect(outputs().connectGroupId).toMatch(/^connect-/);
  const properties = await brokerTool(outputs().connectContainer, ["cat", "/etc/kafka/connect-distributed.properties"]);
  const property = (name: string) => new RegExp(`^${name.replace(/\./g, "\\.")}=(.*)$`, "m").exec(properties)?.[1];
  const clients = ["", "producer.", "consumer.", "admin."];
  expect(clients.map((prefix) => [prefix, property(`${prefix}security.protocol`), property(`${prefix}sasl.mechanism`), property(`${prefix}ssl.truststore.type`)])).toEqual(
    clients.map((prefix) => [prefix, "SASL_SSL", "SCRAM-SHA-512", "PEM"]),
  );
  expect(property("group.id")).toBe(outputs().connectGroupId);
  for (const kind of ["config", "offset", "status"]) expect(property(`${kind}.storage.topic`)).toBe(`${outputs().connectGroupId}.${kind}s`);
  expect(withoutPasswords(await brokerTool(outputs().connectContainer, ["cat", JAAS_FILE]))).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required username="connect" password="…";');
});

test("insert, update and delete in every table arrive, read as the consumer principal in a cdc- group", async () => {
  expect(outputs().consumerConfig).toMatchObject({ "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512" });
  expect(outputs().consumerConfig["sasl.jaas.config"]).toContain('username="consumer"');
  await expectRowLifecycle(postgres, reader);
});

test("no password in plain text: not in the worker's container (docker inspect), its connector's config or pulumi stack export", async () => {
  const { project } = deployed;
  // Every password the state holds, decrypted: each principal's JAAS line (escaped in the JSON) and the database's.
  const decrypted = await project.mustPulumi(["stack", "export", "--show-secrets", "--stack", stackName]);
  const passwords = new Set([...decrypted.matchAll(/password=\\*"([^"\\]+)\\*"/g)].map((match) => match[1]));
  const connectPassword = /password="([^"]+)"/.exec(await brokerTool(outputs().connectContainer, ["cat", JAAS_FILE]))![1];
  const consumerPassword = /password="([^"]+)"/.exec(outputs().consumerConfig["sasl.jaas.config"])![1];
  expect([passwords.has(connectPassword), passwords.has(consumerPassword), passwords.size]).toEqual([true, true, 4]);
  passwords.add(deployed.password);
  passwords.add(restLogin().password);

  // What a failure prints is a boolean or a value with its passwords blanked: the inspected container, or the config,
  // would hold the secret exactly when the check fails.
  const inspected = JSON.stringify(await docker.getContainer(await containerWithRole(stackLabel, "connect")).inspect());
  expect(["the worker's env points at the JAAS file", inspected.includes("CONNECT_SASL_JAAS_CONFIG=${dir:/etc/connect-secrets:sasl.jaas.config}")]).toEqual([
    "the worker's env points at the JAAS file",
    true,
  ]);
  const connectorConfig = await connectGet<Record<string, string>>(`/connectors/${outputs().connectorName}/config`);
  expect(withoutPasswords(String(connectorConfig["producer.override.sasl.jaas.config"]))).toBe("${dir:/etc/connect-secrets:sasl.jaas.config}");
  const exported = await project.mustPulumi(["stack", "export", "--stack", stackName]);
  for (const password of passwords) {
    expect(["docker inspect", inspected.includes(password)]).toEqual(["docker inspect", false]);
    expect(["stack export", exported.includes(password)]).toEqual(["stack export", false]);
  }
  // Connect keeps a connector's config as given: it names the database password's file, and holds no password.
  // Compared by the names of the settings that hold a password, never by the values.
  const holding = (password: string) => Object.entries(connectorConfig).filter(([, value]) => String(value).includes(password)).map(([key]) => key);
  expect([...passwords].flatMap(holding)).toEqual([]);
  expect(connectorConfig["database.password"]).toBe(DATABASE_PASSWORD_REFERENCE);
});

test("Connect's REST API refuses a request without the login (401) or with a wrong one, and answers with it", async () => {
  const connectors = `${outputs().connectUrl}/connectors`;
  const anonymous = await fetch(connectors);
  const wrong = await fetch(connectors, { headers: { authorization: `Basic ${Buffer.from(`${restLogin().username}:not-the-password`).toString("base64")}` } });
  expect([anonymous.status, wrong.status]).toEqual([401, 401]);
  // The config too, not only the list: the placeholder is no reason to leave it open.
  expect((await fetch(`${connectors}/${outputs().connectorName}/config`)).status).toBe(401);
  expect(await connectGet<string[]>("/connectors")).toEqual([outputs().connectorName]);
  // The image's healthcheck logs in: the container is healthy.
  const inspected = await docker.getContainer(outputs().connectContainer).inspect();
  expect(inspected.State.Health?.Status).toBe("healthy");
});

test("no password in Connect's configs topic (read as admin), nor in the Connect and Postgres containers (docker inspect, logs)", async () => {
  const { found, secrets } = await stackSecretList();
  const adminConfig = {
    ...outputs().consumerConfig,
    "sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${found.passwords.admin}";`,
  };
  const records = await readRecords(outputs().hostBootstrapServers, `${outputs().connectGroupId}.configs`, uniqueId("configs-check"), 60_000, {
    adminConfig,
    consumerConfig: adminConfig,
  });
  const configsTopic = records.map((record) => `${record.key}\n${record.value}`).join("\n");
  // What was read is the connector's config: its reference to the password file is there.
  expect(configsTopic.includes(DATABASE_PASSWORD_REFERENCE)).toBe(true);
  const inspected = {
    connect: JSON.stringify(await docker.getContainer(outputs().connectContainer).inspect()),
    postgres: JSON.stringify(await docker.getContainer(outputs().postgresContainer).inspect()),
  };
  expect(inspected.postgres.includes("POSTGRES_PASSWORD_FILE=/run/secrets/postgres-password")).toBe(true);
  const logs = { connect: await logsOf(outputs().connectContainer), postgres: await logsOf(outputs().postgresContainer) };
  // What was read is the logs: the worker's start line and the database's are there.
  expect([logs.connect.includes("Starting the Connect worker"), logs.postgres.includes("PostgreSQL init process complete")]).toEqual([true, true]);
  // Names only: what a failure prints must not be the secret.
  expect({
    configsTopic: leakedSecrets(configsTopic, secrets),
    connect: leakedSecrets(inspected.connect + logs.connect, secrets),
    postgres: leakedSecrets(inspected.postgres + logs.postgres, secrets),
  }).toEqual({ configsTopic: [], connect: [], postgres: [] });
});

test("the uploaded secret files are their reader's alone: the worker's (kafka) 0400 in a 0700 directory, Postgres's password root's 0400", async () => {
  const connectFiles = await brokerTool(outputs().connectContainer, ["bash", "-c", `stat -c '%n %a %U' ${SECRETS_DIR} ${SECRETS_DIR}/*`]);
  expect(connectFiles.trim().split("\n").sort()).toEqual(
    [
      `${SECRETS_DIR} 700 kafka`,
      `${SECRETS_DIR}/database.password 400 kafka`,
      `${SECRETS_DIR}/rest-credentials.properties 400 kafka`,
      `${SECRETS_DIR}/rest-jaas.conf 400 kafka`,
      `${SECRETS_DIR}/sasl.jaas.config 400 kafka`,
    ].sort(),
  );
  expect((await brokerTool(outputs().postgresContainer, ["stat", "-c", "%a %U", "/run/secrets/postgres-password"])).trim()).toBe("400 root");
});

test("the console, published on an address of the test's own network (not loopback): nothing without its login, everything with it", async () => {
  const uiUrl = outputs().uiUrl as string;
  expect(new URL(uiUrl).hostname).toBe(reach?.gateway);
  const login = (deployed.outputs as unknown as { uiLogin: { username: string; password: string } }).uiLogin;
  // Without a session: the API answers 401, the page sends the browser to the login form.
  const anonymous = await fetch(`${uiUrl}/api/clusters`, { signal: AbortSignal.timeout(10_000) });
  const page = await fetch(`${uiUrl}/`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  expect([anonymous.status, page.status, page.headers.get("location")]).toEqual([401, 302, "/login"]);
  // A wrong password gets the form again and no session.
  const wrong = await postLogin(uiUrl, { username: login.username, password: `${login.password}x` });
  expect([wrong.status, wrong.location, wrong.setCookie]).toEqual([303, "/login?error", null]);
  // With the stack's uiLogin: the cluster, and the connector as the console reads it from Connect (with Connect's login).
  const session = await consoleSession(uiUrl, login);
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${uiUrl}${path}`, { headers: session, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const [cluster] = await get<Array<{ name: string; status: string }>>("/api/clusters");
  const connectors = await get<Array<{ name: string; status: { state: string } }>>(`/api/clusters/${cluster.name}/connectors`);
  expect(connectors.map((connector) => [connector.name, connector.status.state])).toEqual([[outputs().connectorName, "RUNNING"]]);
});

test("no secret of the stack in its state, in any container's inspect or log, or in the host's process list while it deployed", async () => {
  const { found, secrets } = await stackSecretList();
  // What is looked for is every secret there is: four principals, the console's and Connect's logins, the CA's and the
  // broker's keys, and the database's password (a config secret).
  expect(Object.keys(found.passwords).sort()).toEqual(["admin", "connect", "consumer", "ui"]);
  expect(found.otherPasswords.map(({ name }) => /-(ui-login|connect-rest)-password$/.exec(name)?.[1]).sort()).toEqual(["connect-rest", "ui-login"]);
  expect(found.privateKeys).toHaveLength(2);

  const state = await deployed.project.mustPulumi(["stack", "export", "--stack", stackName]);
  const inspected = await inspectedContainers(stackLabel);
  const logs = await containerLogs(stackLabel);
  // What was searched is the real thing: each container's inspect and log, and the processes of the stack's containers.
  for (const role of ["broker", "ui", "postgres", "connect"]) expect(inspected.includes(await containerWithRole(stackLabel, role))).toBe(true);
  expect((logs.match(/^== /gm) ?? []).length).toBe(4);
  const sawProcess = (marker: string) => commandLinesWhileDeploying.some((line) => line.includes(marker));
  expect({ brokerJvm: sawProcess("kafka.Kafka"), connectJvm: sawProcess("ConnectDistributed") }).toEqual({ brokerJvm: true, connectJvm: true });
  // Names only: a failure says which secret was where, never its value.
  expect({
    state: leakedSecrets(state, secrets),
    inspect: leakedSecrets(inspected, secrets),
    logs: leakedSecrets(logs, secrets),
    processList: leakedSecrets(commandLinesWhileDeploying.join("\n"), secrets),
  }).toEqual({ state: [], inspect: [], logs: [], processList: [] });
});

test("pulumi destroy removes every container, network and volume, the anonymous ones too", async () => {
  const containers = await docker.listContainers({ all: true, filters: { label: [stackLabel] } });
  const volumes = containers.flatMap((container) => container.Mounts.filter((mount) => mount.Type === "volume").map((mount) => mount.Name as string));
  expect(volumes.length).toBeGreaterThan(0);
  await reader.stop();
  await postgres.end();
  await deployed.project.mustPulumi(["destroy", "--yes", "--stack", stackName], 600_000);
  expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  const left = (await docker.listVolumes()).Volumes?.map((volume) => volume.Name).filter((name) => volumes.includes(name));
  expect(left).toEqual([]);
});
