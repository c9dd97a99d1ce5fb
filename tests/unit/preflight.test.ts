// Preflight's rules against a made-up machine: which ports the stack publishes, and the sentence for each way the
// machine can fall short (port held by a process or another container, engine silent, image missing, memory short).
import { resolveKafkaSettings } from "../../components";
import { engineEndpoint, HostProbe, ImageState, PortProbe, preflightProblems, publishedPorts, RunningContainer } from "../../preflight";

const context = { stackLabel: "cdc-kafka/dev", namespace: "cdc-kafka", localImages: { prefix: "cdc-kafka/", command: "npm run setup" } };
const GiB = 1024 ** 3;

function machine(overrides: Partial<{ memoryBytes: number; engineError: string; containers: RunningContainer[]; images: Record<string, ImageState>; busy: number[]; bindIp: PortProbe }> = {}): HostProbe & { binds: number[]; imageLookups: string[] } {
  const binds: number[] = [];
  const imageLookups: string[] = [];
  return {
    binds,
    imageLookups,
    engineAddress: "unix:///var/run/docker.sock",
    engine: async () => (overrides.engineError ? { error: overrides.engineError } : { memoryBytes: overrides.memoryBytes ?? 16 * GiB }),
    containers: async () => overrides.containers ?? [],
    image: async (name) => {
      imageLookups.push(name);
      return overrides.images?.[name] ?? { present: true };
    },
    bind: async (_ip, port) => {
      if (port === 0) return overrides.bindIp ?? "free";
      binds.push(port);
      return overrides.busy?.includes(port) ? "in use" : "free";
    },
  };
}

const settings = (args: Parameters<typeof resolveKafkaSettings>[1] = {}) => resolveKafkaSettings("cdc-kafka-dev", args);

describe("publishedPorts", () => {
  test.each([
    [{}, ["hostPort 9092", "uiPort 8080"]],
    [{ uiEnabled: false }, ["hostPort 9092"]],
    [{ brokers: 3, hostPort: 19092, uiPort: 18080 }, ["hostPort 19092", "port 19093 of broker 2 (hostPort + 1)", "port 19094 of broker 3 (hostPort + 2)", "uiPort 18080"]],
    [{ brokers: 2, metricsEnabled: true, metricsHostPort: 11001 }, ["hostPort 9092", "port 9093 of broker 2 (hostPort + 1)", "uiPort 8080", "metricsHostPort 11001", "metrics port 11002 of broker 2 (metricsHostPort + 1)"]],
    [{ metricsEnabled: true }, ["hostPort 9092", "uiPort 8080"]],
    [{ metricsEnabled: true, metricsServerEnabled: true }, ["hostPort 9092", "uiPort 8080", "metricsServerPort 9090"]],
    [{ metricsEnabled: true, metricsServerPort: 19090 }, ["hostPort 9092", "uiPort 8080"]],
  ])("%j publishes %j", (args, labels) => {
    expect(publishedPorts(settings(args)).map((port) => port.label)).toEqual(labels);
  });
});

describe("preflightProblems", () => {
  test("a machine that can host the stack: no problems, every port tried", async () => {
    const probe = machine();
    expect(await preflightProblems(settings({ brokers: 3 }), context, probe)).toEqual([]);
    expect(probe.binds.sort()).toEqual([8080, 9092, 9093, 9094]);
  });

  test("ports held by another process, each naming the setting that moves it", async () => {
    expect(await preflightProblems(settings({ brokers: 3 }), context, machine({ busy: [9093, 8080] }))).toEqual([
      "port 9093 of broker 2 (hostPort + 1) is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
      "uiPort 8080 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:uiPort.",
    ]);
  });

  test("the metrics server's port held by another process names metricsServerPort", async () => {
    const stack = settings({ metricsEnabled: true, metricsServerEnabled: true, metricsServerPort: 19090 });
    expect(await preflightProblems(stack, context, machine({ busy: [19090] }))).toEqual([
      "metricsServerPort 19090 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:metricsServerPort.",
    ]);
  });

  test("a port published by this stack's own container is fine (a second up); another container's is named", async () => {
    const containers: RunningContainer[] = [
      { name: "cdc-kafka-dev-broker-1", labels: { "cdc-kafka.stack": "cdc-kafka/dev" }, ports: [{ ip: "127.0.0.1", port: 9092 }] },
      { name: "someone-else", labels: { "cdc-kafka.stack": "cdc-kafka/other" }, ports: [{ ip: "0.0.0.0", port: 8080 }] },
    ];
    const probe = machine({ containers, busy: [9092, 8080] });
    expect(await preflightProblems(settings(), context, probe)).toEqual([
      "uiPort 8080 is in use on 127.0.0.1 by container someone-else; stop it or set cdc-kafka:uiPort.",
    ]);
    expect(probe.binds).toEqual([]);
  });

  test("a silent engine is the only sentence", async () => {
    expect(await preflightProblems(settings(), context, machine({ engineError: "connect ENOENT /nowhere.sock", busy: [9092] }))).toEqual([
      "The Docker engine at unix:///var/run/docker.sock does not answer (connect ENOENT /nowhere.sock); start it (`npm run setup` starts dockerd) or point DOCKER_HOST at a running engine.",
    ]);
  });

  test("a silent engine elsewhere (DOCKER_HOST) is not one the setup command starts", async () => {
    const probe = { ...machine({ engineError: "connect ECONNREFUSED 10.0.0.5:2375" }), engineAddress: "tcp://10.0.0.5:2375" };
    expect(await preflightProblems(settings(), context, probe)).toEqual([
      "The Docker engine at tcp://10.0.0.5:2375 does not answer (connect ECONNREFUSED 10.0.0.5:2375); start it or point DOCKER_HOST at a running engine.",
    ]);
  });

  test("missing images: a local one names the setup command, an upstream one the setting", async () => {
    const images: Record<string, ImageState> = {
      "cdc-kafka/kafka:nope": { present: false, pullable: false, reason: "no such host" },
      "ghcr.io/kafbat/kafka-ui:v1.5.0": { present: false, pullable: false, reason: "dial tcp: i/o timeout" },
    };
    expect(await preflightProblems(settings({ kafkaImage: "cdc-kafka/kafka:nope" }), context, machine({ images }))).toEqual([
      "kafkaImage cdc-kafka/kafka:nope is not in the Docker engine and cannot be pulled (no such host); build it with `npm run setup` or set cdc-kafka:kafkaImage.",
      "uiImage ghcr.io/kafbat/kafka-ui:v1.5.0 is not in the Docker engine and cannot be pulled (dial tcp: i/o timeout); set cdc-kafka:uiImage to an image the engine has (`npm run setup` builds the cdc-kafka/… images offline) or make the registry reachable.",
    ]);
    const pullable = { "cdc-kafka/kafka:nope": { present: false, pullable: true } as ImageState };
    expect(await preflightProblems(settings({ kafkaImage: "cdc-kafka/kafka:nope", uiEnabled: false }), context, machine({ images: pullable }))).toEqual([]);
  });

  test("the Prometheus image is checked with metricsServerEnabled, and only then", async () => {
    const images: Record<string, ImageState> = { "cdc-kafka/prometheus:nope": { present: false, pullable: false, reason: "no such host" } };
    const withServer = settings({ metricsEnabled: true, metricsServerEnabled: true, prometheusImage: "cdc-kafka/prometheus:nope" });
    expect(await preflightProblems(withServer, context, machine({ images }))).toEqual([
      "prometheusImage cdc-kafka/prometheus:nope is not in the Docker engine and cannot be pulled (no such host); build it with `npm run setup` or set cdc-kafka:prometheusImage.",
    ]);
    const withoutServer = machine({ images });
    expect(await preflightProblems(settings({ metricsEnabled: true, prometheusImage: "cdc-kafka/prometheus:nope" }), context, withoutServer)).toEqual([]);
    expect(withoutServer.imageLookups).toEqual(["confluentinc/cp-kafka:7.6.1", "ghcr.io/kafbat/kafka-ui:v1.5.0"]);
  });

  test("brokers' memory limits beyond the engine's machine", async () => {
    expect(await preflightProblems(settings({ brokers: 3, brokerMemoryMb: 4096 }), context, machine({ memoryBytes: 8 * GiB }))).toEqual([
      "The brokers' memory limits add up to 3 × 4096 MiB = 12288 MiB, more than the 8192 MiB of the Docker engine's machine; lower cdc-kafka:brokerMemoryMb or cdc-kafka:brokers.",
    ]);
    expect(await preflightProblems(settings({ brokers: 2, brokerMemoryMb: 4096 }), context, machine({ memoryBytes: 8 * GiB }))).toEqual([]);
  });

  test("a bind address this machine does not have is one sentence, not one per port", async () => {
    expect(await preflightProblems(settings({ hostBindIp: "10.9.9.9", brokers: 3 }), context, machine({ bindIp: "no such address" }))).toEqual([
      "hostBindIp 10.9.9.9 is not an address of this machine; set cdc-kafka:hostBindIp to 127.0.0.1 or one of its addresses.",
    ]);
  });
});

describe("engineEndpoint", () => {
  test.each([
    [{}, { address: "unix:///var/run/docker.sock", local: true, options: { socketPath: "/var/run/docker.sock" } }],
    [{ DOCKER_HOST: "unix:///run/user/1000/docker.sock" }, { local: true, options: { socketPath: "/run/user/1000/docker.sock" } }],
    [{ DOCKER_HOST: "tcp://127.0.0.1:1" }, { local: true, options: { host: "127.0.0.1", port: 1 } }],
    [{ DOCKER_HOST: "tcp://build-host" }, { local: false, options: { host: "build-host", port: 2375 } }],
    [{ DOCKER_HOST: "ssh://me@host" }, { unsupported: "ssh://me@host" }],
  ])("%j", (env, expected) => {
    expect(engineEndpoint(env)).toMatchObject(expected);
  });
});
