// The CDC pipeline on a secured Kafka stack: examples/cdc-pipeline with `security: sasl_ssl`, deployed with the literal
// CLI. The Connect worker and its clients reach the SASL_SSL listeners as the connect principal (its group and
// internal topics under connect-, as the ACLs grant), the connector and its task run, every row change arrives and is
// read as the consumer principal, no password is in the worker's or the database's container, the connector's config
// (REST API and configs topic) or the state in plain text, Connect's REST API asks for the login, the uploaded secret
// files are their reader's alone, and destroy leaves nothing. The faults are the plaintext pipeline test's.
import { Client } from "pg";
import type { ConnectLogin } from "../../components/connectorState";
import { connectApi } from "../../support/connectApi";
import { countByLabel, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { brokerTool } from "../../support/kafkaAdmin";
import { ChangeReader, connectPostgres } from "../../support/pipeline";
import { readRecords } from "../helpers/delivery";
import { CDC_TOPICS, containerWithRole, DeployedPipeline, deployPipeline, expectRowLifecycle, PIPELINE_PROJECT } from "../helpers/pipeline";
import { logsOf } from "../toolchain/imageContainers";

const stackName = uniqueId("pls");
const stackLabel = `cdc-kafka.stack=${PIPELINE_PROJECT}/${stackName}`;
const SECRETS_DIR = "/etc/connect-secrets";
const JAAS_FILE = `${SECRETS_DIR}/sasl.jaas.config`;
const DATABASE_PASSWORD_REFERENCE = "${dir:/etc/connect-secrets:database.password}";

let deployed: DeployedPipeline;
let postgres: Client;
let reader: ChangeReader;

const outputs = () => deployed.outputs;
/** The login Connect's REST API asks for (the connectRestLogin output, a secret). */
const restLogin = () => (deployed.outputs as unknown as { connectRestLogin: ConnectLogin }).connectRestLogin;
/** A GET of Connect's REST API with the login. */
const connectGet = <T>(path: string) => connectApi<T>(`${outputs().connectUrl}${path}`, "GET", undefined, restLogin());
/** `text` with the value of each `password="…"` blanked, for what an assertion may print on failure (the CI log). */
const withoutPasswords = (text: string) => text.replace(/password="[^"]+"/g, 'password="…"');

beforeAll(async () => {
  deployed = await deployPipeline(stackName, { security: "sasl_ssl" });
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
  const decrypted = await deployed.project.mustPulumi(["stack", "export", "--show-secrets", "--stack", stackName]);
  const adminPassword = /username=\\*"admin\\*" password=\\*"([^"\\]+)\\*"/.exec(decrypted)?.[1];
  expect(adminPassword === undefined).toBe(false);
  const principalPasswords = [...decrypted.matchAll(/password=\\*"([^"\\]+)\\*"/g)].map((match) => match[1]);
  const secrets = [deployed.password, restLogin().password, ...principalPasswords];
  const adminConfig = {
    ...outputs().consumerConfig,
    "sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${adminPassword}";`,
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
  // Booleans only: what a failure prints must not be the secret.
  const leaks = secrets.map((secret, index) => ({
    secret: index === 0 ? "database" : index === 1 ? "connect REST" : `principal ${index - 1}`,
    configsTopic: configsTopic.includes(secret),
    connect: inspected.connect.includes(secret) || logs.connect.includes(secret),
    postgres: inspected.postgres.includes(secret) || logs.postgres.includes(secret),
  }));
  expect(leaks.filter((leak) => leak.configsTopic || leak.connect || leak.postgres)).toEqual([]);
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
