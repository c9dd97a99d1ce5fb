// The Strimzi flavour against a real API server: a local control plane (kube-apiserver, kwok nodes) with the six
// Strimzi 1.2.0 CRDs applied (as a cluster with Strimzi installed has them). No operator runs, so nothing reconciles the
// resources: this checks what the server accepts and stores (its CRD schemas), what the stack exports and promises,
// that a second up changes nothing, that bad input is refused with a sentence naming it, and that destroy leaves no
// object behind. A stand-in for the operator (strimziOperator.ts) writes the Kafka resource's Ready status and
// listeners, so `awaitReady` is checked: up waits for it and exports the address it published, and without it up
// fails after readyTimeoutSeconds. A new tlsRotation raises the CA Secrets' generations. Last, on the same control
// plane, examples/kubernetes deploys as a downstream project (the packed library, the literal CLI). No Docker.
import { X509Certificate } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { defaultAcls, PrincipalRole } from "../../components/accessControl";
import {
  clusterCaCertificateSecretName,
  clusterCaKeySecretName,
  databasePasswordSecretName,
  passwordSecretName,
  StrimziDebeziumConnect,
  StrimziKafkaStack,
  StrimziKafkaStackArgs,
} from "../../components/strimzi";
import { CDC_TOPICS } from "../../components/config";
import { pulumi as pulumiCli } from "../../support/cli";
import { DownstreamProject, downstreamProject, exampleFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { strimziCrdDir } from "../../toolchain/paths";
import { waitFor } from "../../support/waitFor";
import { conditionTrue, kubeExists, kubeRequest } from "../helpers/kubeApi";
import { KubeControlPlane, startKubeControlPlane } from "../helpers/kubeControlPlane";
import { fakeStrimziOperator, FakeStrimziOperator } from "../helpers/strimziOperator";
import { kubeTestStack, KubeTestStack } from "../helpers/kubeStack";
import { leakedSecrets, namedSecrets, recordedEngineLog, RecordedEngineLog, stackSecrets } from "../helpers/secretLeaks";

const namespace = uniqueId("strimzi");
const clusterName = "cdc";
const STRIMZI = "/apis/kafka.strimzi.io/v1";
const TOPICS = ["dbserver.public.videos", "dbserver.public.users"];
const DATABASE_PASSWORD = `db-${uniqueId("pw")}-secret`;
const kafkaArgs: StrimziKafkaStackArgs = {
  namespace,
  clusterName,
  brokers: 3,
  security: "sasl_ssl",
  externalListener: "nodeport",
  readyTimeoutSeconds: 60,
  topics: TOPICS,
  topicPartitions: 4,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  topicRetentionMs: 3_600_000,
  topicCleanupPolicy: "delete",
};

interface KubeObject {
  metadata: { name: string; labels?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
}
/** What the stand-in operator publishes: the internal TLS listener and the external one, on addresses the test chose. */
const EXTERNAL_BOOTSTRAP = "192.0.2.10:31094,192.0.2.11:31094,192.0.2.12:31094";
const publishedListeners = (inNamespace: string, external: string) => [
  { name: "tls", bootstrapServers: `${clusterName}-kafka-bootstrap.${inNamespace}.svc:9093`, addresses: [{ host: `${clusterName}-kafka-bootstrap.${inNamespace}.svc`, port: 9093 }] },
  { name: "external", bootstrapServers: external, addresses: external.split(",").map((address) => ({ host: address.split(":")[0], port: 31094 })) },
];
const STRIMZI_KINDS = ["kafkas", "kafkanodepools", "kafkatopics", "kafkausers", "kafkaconnects", "kafkaconnectors"];
/** How long the stand-in operator waits before it reports Ready: long enough to tell an up that waited from one that did not. */
const READY_DELAY_MS = 4_000;
const list = async (collection: string) => (await kubeRequest<{ items: KubeObject[] }>(plane, "GET", collection)).items;

/** The cluster with Strimzi's CRDs, the namespace, the stack, the pipeline and a Deployment; `extra` adds to it. */
function program(extra?: (provider: k8s.Provider) => void, args: StrimziKafkaStackArgs = kafkaArgs) {
  return async () => {
    // One explicit provider (the control plane's kubeconfig from KUBECONFIG) for every object, `extra`'s too.
    const provider = new k8s.Provider("cluster", {});
    const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: namespace } }, { provider });
    const kafka = new StrimziKafkaStack("cdc", args, { provider, dependsOn: [ns] });
    new StrimziDebeziumConnect(
      "pipeline",
      {
        kafka,
        outputImage: "registry.invalid/cdc/connect:1",
        databaseHost: "postgres.example.svc",
        databaseName: "videoplatform",
        databaseUser: "cdc",
        databasePassword: pulumi.secret(DATABASE_PASSWORD),
      },
      { provider, dependsOn: [ns] },
    );
    const labels = { app: "web" };
    const web = new k8s.apps.v1.Deployment(
      "web",
      {
        metadata: { namespace, name: "web" },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "registry.invalid/web:1" }] } } },
      },
      { provider, dependsOn: [ns] },
    );
    extra?.(provider);
    return { ...kafka.stackOutputs(), webReadyReplicas: web.status.readyReplicas };
  };
}

let plane: KubeControlPlane;
let operator: FakeStrimziOperator | undefined;
let deployed: KubeTestStack | undefined;
let log: RecordedEngineLog;
/** examples/kubernetes with the packed library installed, deployed by the last test into a namespace of its own. */
let example: DownstreamProject | undefined;
const exampleStack = uniqueId("k8s-example");
const exampleNamespace = uniqueId("example");
let exampleOperator: FakeStrimziOperator | undefined;
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const timings: string[] = [];

beforeAll(async () => {
  const started = Date.now();
  // The example's npm pack and install run while the control plane starts.
  [plane, example] = await Promise.all([startKubeControlPlane({ nodes: 3 }), downstreamProject("example-kubernetes", exampleFiles("kubernetes"))]);
  timings.push(`control plane (and the example's pack and install) ${seconds(started)} s`);
  // Strimzi's CRDs, as its installation applies them: the cluster's, not the stack's (deleting one deletes every
  // resource of its kind in the cluster), so applied here, kept through destroy, and removed with the control plane.
  const jsonDir = path.join(strimziCrdDir(), "json");
  const crds = fs.readdirSync(jsonDir).filter((file) => file.endsWith(".json"));
  expect(crds.length).toBe(6);
  for (const file of crds) {
    const crd = JSON.parse(fs.readFileSync(path.join(jsonDir, file), "utf8"));
    await kubeRequest(plane, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    await waitFor(
      async () => conditionTrue(await kubeRequest(plane, "GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`), "Established"),
      { timeoutMs: 30_000, what: `the CRD ${crd.metadata.name} to be established` },
    );
  }
  const stackName = uniqueId("strimzi");
  deployed = await kubeTestStack(stackName, program(), plane);
  operator = fakeStrimziOperator(plane, namespace, clusterName, publishedListeners(namespace, EXTERNAL_BOOTSTRAP), READY_DELAY_MS);
  log = recordedEngineLog(stackName);
});

/** A failure the stand-in recorded, shown even when a test failed before stopping it (e.g. up timed out because the server refused its status). */
const reportStandIn = (error: unknown) => console.error("the stand-in Strimzi operator failed:", error);

afterAll(async () => {
  await operator?.stop().catch(reportStandIn);
  await deployed?.destroyAndRemove().catch(() => undefined);
  // Best effort, so a failed test leaves no stack; the example's test asserts a clean destroy itself.
  await example?.pulumi(["destroy", "--yes", "--stack", exampleStack]);
  await example?.pulumi(["stack", "rm", "--yes", "--stack", exampleStack]);
  example?.remove();
  await exampleOperator?.stop().catch(reportStandIn);
  await plane?.stop();
  console.log(timings.join(", "));
});

describe("the Strimzi flavour on a local API server with Strimzi's CRDs", () => {
  test("up: the server holds the stack's resources as rendered, the outputs are what StrimziKafkaStack promises", async () => {
    const { stack } = deployed as KubeTestStack;
    const started = Date.now();
    const result = await stack.up({ onOutput: log.onOutput, onError: log.onError });
    const finished = Date.now();
    timings.push(`up ${seconds(started)} s`);
    expect(result.summary.result).toBe("succeeded");
    const outputs = Object.fromEntries(Object.entries(result.outputs).map(([key, { value }]) => [key, value]));

    // up waited for the Ready status the stand-in operator wrote READY_DELAY_MS after the Kafka resource appeared: it
    // returned no earlier than that write. And it exports the external address published with it.
    const { seenAt, readyAt } = operator as FakeStrimziOperator;
    expect([seenAt !== undefined, readyAt !== undefined]).toEqual([true, true]);
    expect(finished).toBeGreaterThanOrEqual(readyAt as number);
    expect(outputs.hostBootstrapServers).toBe(EXTERNAL_BOOTSTRAP);

    // Outputs.
    expect(outputs.internalBootstrapServers).toBe(`${clusterName}-kafka-bootstrap.${namespace}.svc:9093`);
    expect(outputs.topicNames).toEqual(TOPICS);
    expect(outputs.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
    // The producer's settings for the connect principal: at-least-once, SCRAM over TLS with the stack's CA.
    expect(outputs.producerConfig).toMatchObject({
      acks: "all",
      "enable.idempotence": "true",
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "SCRAM-SHA-512",
      "ssl.truststore.type": "PEM",
      "ssl.truststore.certificates": outputs.caCertificate,
    });
    expect(outputs.producerConfig["sasl.jaas.config"]).toContain(`username="${clusterName}-connect"`);
    expect(outputs.webReadyReplicas).toBe(2);
    expect(result.outputs.producerConfig.secret).toBe(true);

    // The Kafka resource and its pool of three nodes.
    const kafka = await kubeRequest<KubeObject>(plane, "GET", `${STRIMZI}/namespaces/${namespace}/kafkas/${clusterName}`);
    expect(kafka.spec).toMatchObject({ kafka: { version: "4.3.1" } });
    const pools = await list(`${STRIMZI}/namespaces/${namespace}/kafkanodepools`);
    expect(pools.map((pool) => [pool.metadata.labels?.["strimzi.io/cluster"], pool.spec?.replicas])).toEqual([[clusterName, 3]]);

    // The topics, as the Docker flavour's CdcTopics.
    const topics = await list(`${STRIMZI}/namespaces/${namespace}/kafkatopics`);
    expect(topics.map((topic) => topic.spec).sort((a, b) => String(a?.topicName).localeCompare(String(b?.topicName)))).toEqual(
      [...TOPICS].sort().map((topicName) => ({
        topicName,
        partitions: 4,
        replicas: 3,
        config: { "cleanup.policy": "delete", "min.insync.replicas": "2", "retention.ms": "3600000" },
      })),
    );

    // One KafkaUser per principal, SCRAM, its ACL operations those the Docker flavour grants it.
    const users = await list(`${STRIMZI}/namespaces/${namespace}/kafkausers`);
    const roles: PrincipalRole[] = ["admin", "connect", "consumer", "ui"];
    const operations = (user: KubeObject) =>
      ((user.spec?.authorization as { acls?: { operations: string[] }[] } | undefined)?.acls ?? []).reduce((sum, acl) => sum + acl.operations.length, 0);
    const byName = Object.fromEntries(users.map((user) => [user.metadata.name, user]));
    expect(Object.keys(byName).sort()).toEqual(roles.map((role) => `${clusterName}-${role}`).sort());
    for (const role of roles) {
      const user = byName[`${clusterName}-${role}`];
      expect([role, (user.spec?.authentication as { type: string }).type, operations(user)]).toEqual([role, "scram-sha-512", defaultAcls().filter((acl) => acl.role === role).length]);
    }
    expect(operations(byName[`${clusterName}-connect`])).toBeGreaterThan(0);

    // The pipeline's KafkaConnect and KafkaConnector were accepted.
    const connects = await list(`${STRIMZI}/namespaces/${namespace}/kafkaconnects`);
    const connectors = await list(`${STRIMZI}/namespaces/${namespace}/kafkaconnectors`);
    expect([connects.map((c) => c.metadata.name), connectors.length]).toEqual([["pipeline"], 1]);
    expect(connectors[0].metadata.labels?.["strimzi.io/cluster"]).toBe("pipeline");

    // Secrets: typed, holding the passwords; no password in plain text in any custom resource.
    const secrets = await list(`/api/v1/namespaces/${namespace}/secrets`);
    const ours = secrets.filter((secret) => /scram-password$|cluster-ca|database/.test(secret.metadata.name));
    expect(ours.map((secret) => secret.metadata.name).sort()).toEqual(
      [
        ...roles.map((role) => passwordSecretName(clusterName, role)),
        clusterCaCertificateSecretName(clusterName),
        clusterCaKeySecretName(clusterName),
        databasePasswordSecretName("pipeline"),
      ].sort(),
    );
    expect(ours.map((secret) => secret.type)).toEqual(ours.map(() => "Opaque"));
    const stateSecrets = await stackSecrets(stack);
    expect(Object.keys(stateSecrets.passwords).sort()).toEqual([...roles].sort());
    const storedPasswords = ours.filter((secret) => secret.metadata.name.endsWith("scram-password")).map((secret) => Buffer.from(secret.data?.password ?? "", "base64").toString("utf8"));
    expect(storedPasswords.sort()).toEqual(Object.values(stateSecrets.passwords).sort());
    expect(outputs.producerConfig["sasl.jaas.config"]).toContain(`password="${stateSecrets.passwords.connect}"`);
    const databaseSecret = ours.find((secret) => secret.metadata.name.includes("database"));
    expect(Buffer.from(databaseSecret?.data?.password ?? "", "base64").toString("utf8")).toBe(DATABASE_PASSWORD);
    const all = [...namedSecrets(stateSecrets), { name: "the database password", value: DATABASE_PASSWORD }];
    const customResources = JSON.stringify([kafka, pools, topics, users, connects, connectors]);
    // The search finds what is there: every password is in the Secrets the server holds.
    expect(leakedSecrets(JSON.stringify(storedPasswords.concat(DATABASE_PASSWORD)), all).length).toBe(roles.length + 1);
    expect(leakedSecrets(customResources, all)).toEqual([]);

    // No secret in plain text in `pulumi stack export`, nor in what the engine printed.
    const exported = await pulumiCli(["stack", "export", "--stack", stack.name], { cwd: stack.workspace.workDir, env: { KUBECONFIG: plane.kubeconfigPath } });
    expect([exported.code, exported.stdout.includes('"ciphertext"'), /PRIVATE KEY/.test(exported.stdout)]).toEqual([0, true, false]);
    expect(leakedSecrets(exported.stdout, all)).toEqual([]);
    expect(leakedSecrets(log.text(), all)).toEqual([]);
  });

  test("a second up changes nothing", async () => {
    const { stack } = deployed as KubeTestStack;
    const started = Date.now();
    const again = await stack.up({ onOutput: log.onOutput, onError: log.onError });
    timings.push(`second up ${seconds(started)} s`);
    const changes = Object.keys(again.summary.resourceChanges ?? {});
    expect(changes).toEqual(["same"]);
  });

  test("a KafkaTopic with partitions as a string is refused by the server's schema, naming the field", async () => {
    const { stack } = deployed as KubeTestStack;
    const bad = program((provider) => {
      new k8s.apiextensions.CustomResource(
        "bad-topic",
        {
          apiVersion: "kafka.strimzi.io/v1",
          kind: "KafkaTopic",
          metadata: { name: "bad-topic", namespace, labels: { "strimzi.io/cluster": clusterName } },
          spec: { partitions: "3", replicas: 3 },
        },
        { provider },
      );
    });
    const workspace = stack.workspace as LocalWorkspace;
    const good = workspace.program;
    workspace.program = bad;
    try {
      await expect(stack.up({ onOutput: log.onOutput, onError: log.onError })).rejects.toThrow(/\.spec\.partitions: expected numeric \(int or float\), got string/);
    } finally {
      workspace.program = good;
    }
    expect(await kubeExists(plane, `${STRIMZI}/namespaces/${namespace}/kafkatopics/bad-topic`)).toBe(false);
  });

  test("without a Ready status, up waits readyTimeoutSeconds and fails naming the wait", async () => {
    // A second cluster in the same namespace, which the stand-in operator does not reconcile.
    const waiting = await kubeTestStack(
      uniqueId("strimzi-wait"),
      async () => {
        const provider = new k8s.Provider("cluster", {});
        new StrimziKafkaStack("waits", { namespace, externalListener: "none", readyTimeoutSeconds: 5 }, { provider });
      },
      plane,
    );
    const started = Date.now();
    try {
      const failed = await waiting.stack.up({ onOutput: log.onOutput, onError: log.onError }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      timings.push(`up without Ready ${seconds(started)} s`);
      expect(failed).toMatch(/waits-kafka.*failed to fully initialize or become live/);
      expect(failed).toMatch(/timed out waiting for the condition/);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(5_000);
      // A bound of its own, not derived from the 5 s under test: far below the provider's default wait (600 s), so an
      // up that ignored readyTimeoutSeconds fails this assertion, not only jest's timeout. 60 s leaves room for the
      // engine's start and the create on a loaded machine.
      expect(waited).toBeLessThan(60_000);
      // The object was made; only the wait failed.
      expect(await kubeExists(plane, `${STRIMZI}/namespaces/${namespace}/kafkas/waits`)).toBe(true);
    } finally {
      await waiting.destroyAndRemove();
    }
    expect(await kubeExists(plane, `${STRIMZI}/namespaces/${namespace}/kafkas/waits`)).toBe(false);
  });

  test("a new tlsRotation puts a new CA (another CN) into Strimzi's Secrets with both generations raised", async () => {
    const { stack } = deployed as KubeTestStack;
    const secretPath = (name: string) => `/api/v1/namespaces/${namespace}/secrets/${name}`;
    const readCa = async () => {
      const certificate = await kubeRequest<KubeObject & { metadata: { annotations?: Record<string, string> } }>(plane, "GET", secretPath(clusterCaCertificateSecretName(clusterName)));
      const key = await kubeRequest<KubeObject & { metadata: { annotations?: Record<string, string> } }>(plane, "GET", secretPath(clusterCaKeySecretName(clusterName)));
      const pem = Buffer.from(certificate.data?.["ca.crt"] ?? "", "base64").toString("utf8");
      return {
        pem,
        subject: new X509Certificate(pem).subject,
        generations: [certificate.metadata.annotations?.["strimzi.io/ca-cert-generation"], key.metadata.annotations?.["strimzi.io/ca-key-generation"]],
      };
    };
    const before = await readCa();
    expect([before.subject, before.generations]).toEqual(["CN=cdc CA", ["0", "0"]]);
    const workspace = stack.workspace as LocalWorkspace;
    const good = workspace.program;
    workspace.program = program(undefined, { ...kafkaArgs, tlsRotation: "2" });
    const started = Date.now();
    try {
      const rotated = await stack.up({ onOutput: log.onOutput, onError: log.onError });
      timings.push(`up with tlsRotation 2 ${seconds(started)} s`);
      const after = await readCa();
      expect([after.subject, after.generations]).toEqual(["CN=cdc CA v1", ["1", "1"]]);
      expect(after.pem).not.toBe(before.pem);
      expect(rotated.outputs.caCertificate.value).toBe(after.pem);
    } finally {
      workspace.program = good;
    }
  });

  test("a bad setting is refused by the component before anything is registered: one sentence naming it", async () => {
    // Outside a Pulumi program: a component that got past its validation would fail in super() with the SDK's own
    // error about the missing engine, not with this sentence.
    expect(() => new StrimziKafkaStack("bad", { ...kafkaArgs, clusterName: "bad", replicationFactor: 4 })).toThrow(
      new Error("replicationFactor (4) cannot exceed the number of brokers (3); lower replicationFactor or add brokers."),
    );
    expect(await list(`${STRIMZI}/kafkas?labelSelector=${encodeURIComponent("strimzi.io/cluster=bad")}`)).toEqual([]);
  });

  test("destroy leaves no object of the stack", async () => {
    // Every up of this stack is behind: the stand-in stops here, and a failure it recorded (e.g. a status the CRD's
    // status schema refused with 422) fails this test instead of being dropped.
    const standIn = operator;
    operator = undefined;
    await standIn?.stop();
    const started = Date.now();
    await (deployed as KubeTestStack).destroyAndRemove();
    deployed = undefined;
    timings.push(`destroy ${seconds(started)} s`);
    for (const kind of STRIMZI_KINDS) {
      expect([kind, await list(`${STRIMZI}/${kind}`)]).toEqual([kind, []]);
    }
    expect(await kubeExists(plane, `/api/v1/namespaces/${namespace}`)).toBe(false);
    expect(await list(`/api/v1/namespaces/${namespace}/secrets`)).toEqual([]);
    // The CRDs are the cluster's: they stay; the control plane's stop removes them.
    expect(await kubeExists(plane, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kafkas.kafka.strimzi.io")).toBe(true);
  });

  test("examples/kubernetes deploys as a downstream project with the CLI (KUBECONFIG), exports Strimzi's address, and destroys cleanly", async () => {
    const project = example as DownstreamProject;
    // The @pulumi/kubernetes the example installs is the version whose provider plugin setup built.
    const versionOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "@pulumi", "kubernetes", "package.json"), "utf8")).version;
    expect(versionOf(project.dir)).toBe(versionOf(path.join(__dirname, "..", "..")));
    // The example expects its namespace to exist (Strimzi watches it); the provider reads the control plane's
    // kubeconfig from KUBECONFIG, as a user's kubectl context, so no credential enters the config or the state.
    await kubeRequest(plane, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: exampleNamespace } });
    const external = "192.0.2.20:31094";
    exampleOperator = fakeStrimziOperator(plane, exampleNamespace, clusterName, publishedListeners(exampleNamespace, external), 0);
    Object.assign(project.env, { KUBECONFIG: plane.kubeconfigPath });
    await project.mustPulumi(["stack", "init", exampleStack]);
    await project.mustPulumi(["config", "set", "namespace", exampleNamespace, "--stack", exampleStack]);
    await project.mustPulumi(["config", "set", "security", "sasl_ssl", "--stack", exampleStack]);
    const started = Date.now();
    await project.mustPulumi(["up", "--yes", "--stack", exampleStack], 600_000);
    timings.push(`example up ${seconds(started)} s`);

    const outputs = JSON.parse(await project.mustPulumi(["stack", "output", "--json", "--stack", exampleStack]));
    expect(outputs.hostBootstrapServers).toBe(external);
    expect(outputs.topicNames).toEqual([...CDC_TOPICS]);
    expect(outputs.internalBootstrapServers).toBe(`${clusterName}-kafka-bootstrap.${exampleNamespace}.svc:9093`);
    expect([outputs.namespace, outputs.security, outputs.producerConfig]).toEqual([exampleNamespace, "sasl_ssl", "[secret]"]);
    const inExample = (kind: string) => list(`${STRIMZI}/namespaces/${exampleNamespace}/${kind}`);
    const names = async () => Object.fromEntries(await Promise.all(STRIMZI_KINDS.map(async (kind) => [kind, (await inExample(kind)).map((o) => o.metadata.name).sort()])));
    expect(await names()).toEqual({
      kafkas: [clusterName],
      kafkanodepools: [expect.any(String)],
      kafkatopics: CDC_TOPICS.map(() => expect.any(String)),
      kafkausers: ["admin", "connect", "consumer", "ui"].map((role) => `${clusterName}-${role}`),
      kafkaconnects: [],
      kafkaconnectors: [],
    });
    expect((await inExample("kafkatopics")).map((topic) => topic.spec?.topicName).sort()).toEqual([...CDC_TOPICS].sort());

    // The control plane's token is in neither the stack's config file nor its state.
    const exported = await project.mustPulumi(["stack", "export", "--stack", exampleStack]);
    const stackConfig = fs.readFileSync(path.join(project.dir, `Pulumi.${exampleStack}.yaml`), "utf8");
    expect([exported.includes(`${clusterName}-kafka`), exported.includes(plane.token), stackConfig.includes(exampleNamespace), stackConfig.includes(plane.token)]).toEqual([true, false, true, false]);

    await project.mustPulumi(["up", "--yes", "--expect-no-changes", "--stack", exampleStack], 600_000);
    const destroying = Date.now();
    await project.mustPulumi(["destroy", "--yes", "--stack", exampleStack], 600_000);
    timings.push(`example destroy ${seconds(destroying)} s`);
    expect(await names()).toEqual(Object.fromEntries(STRIMZI_KINDS.map((kind) => [kind, []])));
    // Its last use is behind: a failure it recorded fails this test.
    const standIn = exampleOperator;
    exampleOperator = undefined;
    await standIn?.stop();
    await project.mustPulumi(["stack", "rm", "--yes", "--stack", exampleStack]);
    const stacks = JSON.parse(await project.mustPulumi(["stack", "ls", "--json"])) as { name: string }[];
    expect(stacks.map((stack) => stack.name)).not.toContain(exampleStack);
    await kubeRequest(plane, "DELETE", `/api/v1/namespaces/${exampleNamespace}`);
  });
});
