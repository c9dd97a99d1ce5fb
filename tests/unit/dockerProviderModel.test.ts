// The docker provider stand-in's pure mappings: Go durations, the Docker create options built from the inputs, the
// state read back from an inspect, the wait-failure text, host URLs and URNs.
import type Docker from "dockerode";
import { dockerOptions } from "../../toolchain/plugins/docker/docker";
import { formatGoDuration, parseGoDuration } from "../../toolchain/plugins/docker/goDuration";
import {
  containerCreateOptions,
  containerOutputs,
  createdContainerProblem,
  demuxDockerLogs,
  describeContainer,
  healthcheckOutput,
  portBindings,
  publishedPorts,
  uploadFile,
  volumeBinds,
} from "../../toolchain/plugins/docker/model/container";
import { labelList, networkCreateOptions, networkOutputs } from "../../toolchain/plugins/docker/model/network";
import { remoteImageId, repoDigest } from "../../toolchain/plugins/docker/model/remoteImage";
import { volumeCreateOptions } from "../../toolchain/plugins/docker/model/volume";
import { nameOf, typeOf } from "../../toolchain/plugins/docker/provider";

describe("Go durations", () => {
  test.each([
    ["0", 0],
    ["0s", 0],
    ["250ms", 250e6],
    ["1.5s", 1.5e9],
    ["10s", 10e9],
    ["60s", 60e9],
    ["1m30s", 90e9],
    ["2h", 7200e9],
    ["1h2m3s", 3723e9],
    ["100us", 100e3],
    ["100µs", 100e3],
    ["7ns", 7],
  ])("parses %s", (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  test.each(["", "10", "s", "1x", "1.2.3s", "-"])("rejects %j as Go does", (text) => {
    expect(() => parseGoDuration(text)).toThrow(/^time: /);
  });

  test.each([
    [0, "0s"],
    [7, "7ns"],
    [1500, "1.5µs"],
    [250e6, "250ms"],
    [1e9, "1s"],
    [1.5e9, "1.5s"],
    [60e9, "1m0s"],
    [90e9, "1m30s"],
    [3600e9, "1h0m0s"],
    [3723.5e9, "1h2m3.5s"],
    [-5e9, "-5s"],
  ])("formats %d ns as %s", (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });
});

describe("container create options", () => {
  test("map every implemented input to the Engine API as the real provider does", () => {
    const options = containerCreateOptions({
      name: "broker",
      image: "cdc-kafka/kafka:3.6.2",
      hostname: "kafka",
      envs: ["A=1"],
      command: ["run"],
      entrypoints: ["/bin/sh", "-c"],
      user: "1000",
      workingDir: "/work",
      labels: [{ label: "cdc-kafka.component", value: "broker" }],
      ports: [{ internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" }],
      volumes: [{ volumeName: "data", containerPath: "/var/lib/kafka/data" }],
      healthcheck: { tests: ["CMD", "true"], interval: "5s", timeout: "2s", startPeriod: "1m0s", retries: 3 },
      restart: "unless-stopped",
      maxRetryCount: 0,
      memory: 1024,
      networkMode: "bridge",
      hosts: [{ host: "db", ip: "10.0.0.2" }],
      ulimits: [{ name: "nofile", soft: 65536, hard: 65536 }],
      logOpts: { "max-size": "10m" },
      stopSignal: "SIGTERM",
      stopTimeout: 30,
    });
    expect(options).toEqual({
      name: "broker",
      Image: "cdc-kafka/kafka:3.6.2",
      Hostname: "kafka",
      Domainname: "",
      Env: ["A=1"],
      Cmd: ["run"],
      Entrypoint: ["/bin/sh", "-c"],
      User: "1000",
      WorkingDir: "/work",
      Labels: { "cdc-kafka.component": "broker" },
      ExposedPorts: { "9092/tcp": {} },
      Volumes: { "/var/lib/kafka/data": {} },
      Healthcheck: { Test: ["CMD", "true"], Interval: 5e9, Timeout: 2e9, StartPeriod: 60e9, Retries: 3 },
      StopSignal: "SIGTERM",
      StopTimeout: 30,
      HostConfig: {
        RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 },
        PortBindings: { "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: "9092" }] },
        Binds: ["data:/var/lib/kafka/data:rw"],
        VolumesFrom: undefined,
        AutoRemove: false,
        LogConfig: { Type: "", Config: { "max-size": "10m" } },
        NetworkMode: "bridge",
        Init: false,
        Memory: 1024 * 1024 * 1024,
        ExtraHosts: ["db:10.0.0.2"],
        Ulimits: [{ Name: "nofile", Soft: 65536, Hard: 65536 }],
      },
    });
  });

  test("leave to Docker what is not given", () => {
    const options = containerCreateOptions({ name: "c", image: "i" });
    expect(options).toMatchObject({ Hostname: "", Env: undefined, Cmd: undefined, Labels: undefined, Healthcheck: undefined });
    expect(options.HostConfig).toMatchObject({ RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, Memory: undefined, PortBindings: undefined });
  });

  test("refuse an empty command part like the real provider", () => {
    expect(() => containerCreateOptions({ name: "c", image: "i", command: ["echo", ""] })).toThrow("values for command may not be empty");
  });

  test.each([
    ["a fixed host port on one address", [{ internal: 80, external: 8080, ip: "127.0.0.1", protocol: "tcp" }], { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] }],
    ["a port Docker chooses", [{ internal: 80, ip: "0.0.0.0", protocol: "tcp" }], { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "" }] }],
    ["one port twice", [{ internal: 53, external: 53, ip: "0.0.0.0", protocol: "udp" }, { internal: 53, external: 5353, ip: "127.0.0.1", protocol: "udp" }], { "53/udp": [{ HostIp: "0.0.0.0", HostPort: "53" }, { HostIp: "127.0.0.1", HostPort: "5353" }] }],
    ["a port only exposed", [{ internal: 80 }], {}],
  ])("bind %s", (_case, ports, bindings) => {
    expect(portBindings(ports).bindings).toEqual(bindings);
  });

  test.each([
    ["a named volume", { volumeName: "data", containerPath: "/d" }, { volumes: { "/d": {} }, binds: ["data:/d:rw"], volumesFrom: [] }],
    ["a read-only host path", { hostPath: "/etc/x", containerPath: "/x", readOnly: true }, { volumes: { "/x": {} }, binds: ["/etc/x:/x:ro"], volumesFrom: [] }],
    ["an anonymous volume", { containerPath: "/tmp/x" }, { volumes: { "/tmp/x": {} }, binds: [], volumesFrom: [] }],
    ["another container's volumes", { fromContainer: "other" }, { volumes: {}, binds: [], volumesFrom: ["other"] }],
  ])("mount %s", (_case, volume, expected) => {
    expect(volumeBinds([volume])).toEqual(expected);
  });

  test.each([
    [{ volumeName: "data" }, "Unable to parse volumes: volume entry without container path or source container"],
    [{ fromContainer: "c", containerPath: "/d" }, "Unable to parse volumes: both a container and a path specified in a volume entry"],
  ])("refuse the volume %j", (volume, message) => {
    expect(() => volumeBinds([volume])).toThrow(message);
  });
});

describe("container uploads", () => {
  const noSource = (path: string): Buffer => {
    throw new Error(`unexpected read of ${path}`);
  };

  test.each([
    ["0644 by default", { file: "/a", content: "x" }, 0o644],
    ["0744 when executable", { file: "/a", content: "x", executable: true }, 0o744],
    ["the permissions given", { file: "/a", content: "x", permissions: "0600" }, 0o600],
    ["the permissions given over executable, as the real provider", { file: "/a", content: "x", executable: true, permissions: "0640" }, 0o640],
  ])("write a file with mode %s", (_case, upload, mode) => {
    expect(uploadFile(upload, noSource).mode).toBe(mode);
  });

  test("write content as UTF-8, contentBase64 decoded and source as the file's bytes", () => {
    expect(uploadFile({ file: "/etc/motd", content: "grüß\n" }, noSource)).toEqual({ path: "/etc/motd", mode: 0o644, content: Buffer.from("grüß\n", "utf8") });
    expect(uploadFile({ file: "/bin.dat", contentBase64: "AAEC/w==" }, noSource).content).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(uploadFile({ file: "/x", source: "/host/x" }, (path) => Buffer.from(`read ${path}`)).content.toString()).toBe("read /host/x");
  });

  test("fail like the real provider's create when no content is given", () => {
    expect(() => uploadFile({ file: "/a" }, noSource)).toThrow("error with upload content: one of 'content', 'content_base64', or 'source' must be set");
  });
});

describe("container state read back", () => {
  const inspect = (overrides: { running?: boolean; exitCode?: number; entrypoint?: string[] | null } = {}) =>
    ({
      Id: "0123456789abcdef",
      Name: "/broker",
      Image: "sha256:feed",
      Platform: "linux",
      State: { Status: overrides.running === false ? "exited" : "running", Running: overrides.running !== false, ExitCode: overrides.exitCode ?? 0 },
      Config: {
        Hostname: "0123456789ab",
        Domainname: "",
        User: "",
        Cmd: ["run"],
        Entrypoint: overrides.entrypoint === undefined ? ["/bin/sh"] : overrides.entrypoint,
        Image: "cdc-kafka/kafka:3.6.2",
        WorkingDir: "",
        Healthcheck: { Test: ["CMD", "true"], Interval: 60e9, Timeout: 5e9, Retries: 3 },
      },
      HostConfig: { AutoRemove: false, RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 }, Init: false, Memory: 0, ShmSize: 67108864, LogConfig: { Type: "json-file", Config: {} }, NetworkMode: "bridge", IpcMode: "private", Runtime: "runc", SecurityOpt: null },
      NetworkSettings: {
        Bridge: "",
        Ports: { "9092/tcp": [{ HostIp: "127.0.0.1", HostPort: "9092" }], "9093/tcp": [{ HostIp: "0.0.0.0", HostPort: "49153" }, { HostIp: "::", HostPort: "49153" }] },
        Networks: {
          zeta: { IPAddress: "172.19.0.2", IPPrefixLen: 16, Gateway: "172.19.0.1", GlobalIPv6Address: "", GlobalIPv6PrefixLen: 0, IPv6Gateway: "", MacAddress: "02:42:ac:13:00:02" },
          alpha: { IPAddress: "172.18.0.2", IPPrefixLen: 16, Gateway: "172.18.0.1", GlobalIPv6Address: "", GlobalIPv6PrefixLen: 0, IPv6Gateway: "", MacAddress: "02:42:ac:12:00:02" },
        },
      },
    }) as unknown as Docker.ContainerInspectInfo;
  const state = {
    name: "broker",
    image: "cdc-kafka/kafka:3.6.2",
    mustRun: true,
    envs: ["A=1"],
    ports: [
      { internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 9093, ip: "0.0.0.0", protocol: "tcp" },
    ],
  };

  test("of a running container: computed values from Docker, envs as given, chosen host ports filled in", () => {
    const outputs = containerOutputs(state, inspect());
    expect(outputs).toMatchObject({
      name: "broker",
      image: "cdc-kafka/kafka:3.6.2",
      hostname: "0123456789ab",
      command: ["run"],
      entrypoints: ["/bin/sh"],
      envs: ["A=1"],
      mustRun: true,
      restart: "unless-stopped",
      memory: 0,
      shmSize: 64,
      logDriver: "json-file",
      ipcMode: "private",
      runtime: "runc",
      stopTimeout: 0,
      healthcheck: { tests: ["CMD", "true"], interval: "1m0s", timeout: "5s", startPeriod: "0s", startInterval: "0s", retries: 3 },
      ports: [
        { internal: 9092, external: 9092, ip: "127.0.0.1", protocol: "tcp" },
        { internal: 9093, external: 49153, ip: "0.0.0.0", protocol: "tcp" },
      ],
    });
    expect(outputs.exitCode).toBeUndefined();
    expect((outputs.networkDatas as { networkName: string }[]).map((data) => data.networkName)).toEqual(["alpha", "zeta"]);
    expect((outputs.networkDatas as object[])[0]).toEqual({
      networkName: "alpha",
      ipAddress: "172.18.0.2",
      ipPrefixLength: 16,
      gateway: "172.18.0.1",
      globalIpv6Address: "",
      globalIpv6PrefixLength: 0,
      ipv6Gateway: "",
      macAddress: "02:42:ac:12:00:02",
    });
  });

  test("of a stopped container that must run: exitCode and mustRun false, so the next up starts it", () => {
    expect(containerOutputs(state, inspect({ running: false, exitCode: 137 }))).toMatchObject({ exitCode: 137, mustRun: false });
    expect(containerOutputs({ ...state, mustRun: false }, inspect({ running: false, exitCode: 0 }))).toMatchObject({ exitCode: 0, mustRun: false });
  });

  test("keeps an image id as an image id and a name as a name", () => {
    expect(containerOutputs({ ...state, image: "sha256:feed" }, inspect()).image).toBe("sha256:feed");
    expect(containerOutputs(state, inspect({ entrypoint: null })).entrypoints).toEqual([]);
  });

  test.each([
    [{ Test: ["CMD-SHELL", "exit 0"], Interval: 1e9, Timeout: 500e6, StartPeriod: 90e9, Retries: 5 }, { interval: "1s", timeout: "500ms", startPeriod: "1m30s", retries: 5 }],
    [{ Test: ["NONE"] }, { interval: "0s", timeout: "0s", startPeriod: "0s", retries: 0 }],
  ])("writes the healthcheck %j with Go durations", (health, expected) => {
    expect(healthcheckOutput(health)).toMatchObject(expected);
  });

  test("keeps the host port of a stopped container from the state", () => {
    const ports = [{ internal: 80, external: 32768, ip: "0.0.0.0", protocol: "tcp" }];
    expect(publishedPorts(ports, {})).toEqual(ports);
  });
});

describe("a container the create started, as the real provider's read after create judges it", () => {
  const startedAt = Date.parse("2026-12-06T14:00:00.000Z");
  const inspect = (running: boolean, finishedAt: string) =>
    ({ State: { Status: running ? "running" : "exited", Running: running, ExitCode: running ? 0 : 3, FinishedAt: finishedAt } }) as unknown as Docker.ContainerInspectInfo;
  const neverFinished = "0001-01-01T00:00:00Z";

  test.each([
    ["running", inspect(true, neverFinished), true, undefined],
    ["running again after a restart", inspect(true, "2026-12-06T14:00:00.500Z"), true, undefined],
    ["exited after the start, mustRun false", inspect(false, "2026-12-06T14:00:00.200Z"), false, undefined],
    ["exited after the start", inspect(false, "2026-12-06T14:00:00.200Z"), true, "container exited immediately"],
    ["never started (start: false)", inspect(false, neverFinished), true, "container failed to be in running state"],
    ["stopped before this start", inspect(false, "2026-12-06T13:59:59.000Z"), true, "container failed to be in running state"],
  ])("%s", (_case, info, mustRun, problem) => {
    expect(createdContainerProblem(info, { mustRun }, startedAt)).toBe(problem);
  });

  test("an omitted mustRun means true, its default", () => {
    expect(createdContainerProblem(inspect(false, "2026-12-06T14:00:00.200Z"), {}, startedAt)).toBe("container exited immediately");
  });
});

describe("wait failure text", () => {
  test("gives the state, the last probe and the last log lines", () => {
    const info = {
      State: {
        Status: "running",
        Running: true,
        ExitCode: 0,
        Health: { Status: "unhealthy", FailingStreak: 3, Log: [{ ExitCode: 1, Output: "connection refused\n" }] },
      },
    } as unknown as Docker.ContainerInspectInfo;
    expect(describeContainer(info, "starting\nlistening on 9092\n")).toBe(
      'status running, health unhealthy after 3 failed probe(s) in a row, last probe exited 1: "connection refused"; last log lines:\n  starting\n  listening on 9092',
    );
  });

  test("says so when the container logged nothing and has exited", () => {
    const info = { State: { Status: "exited", Running: false, ExitCode: 2 } } as unknown as Docker.ContainerInspectInfo;
    expect(describeContainer(info, "")).toBe("status exited, exit code 2; no log output");
  });

  test("demultiplexes Docker's log frames and leaves TTY text alone", () => {
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
    expect(demuxDockerLogs(Buffer.concat([frame(1, "out\n"), frame(2, "err\n")]))).toBe("out\nerr\n");
    expect(demuxDockerLogs(Buffer.from("plain tty text\n"))).toBe("plain tty text\n");
  });
});

describe("networks, volumes and images", () => {
  test("network create options and state", () => {
    expect(
      networkCreateOptions({ name: "n", labels: [{ label: "cdc-kafka.stack", value: "p/s" }], internal: true, ipamDriver: "default", ipamConfigs: [{ subnet: "10.5.0.0/16" }] }),
    ).toEqual({
      Name: "n",
      CheckDuplicate: true,
      Driver: undefined,
      Internal: true,
      Attachable: false,
      EnableIPv6: undefined,
      Options: undefined,
      Labels: { "cdc-kafka.stack": "p/s" },
      IPAM: { Driver: "default", Config: [{ Subnet: "10.5.0.0/16", IPRange: undefined, Gateway: undefined }] },
    });
    const info = {
      Name: "n",
      Driver: "bridge",
      Scope: "local",
      Internal: false,
      Attachable: false,
      Ingress: false,
      EnableIPv6: false,
      Labels: { b: "2", a: "1" },
      Options: {},
      IPAM: { Driver: "default", Options: null, Config: [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }] },
    } as unknown as Docker.NetworkInspectInfo;
    expect(networkOutputs({ name: "n" }, info)).toEqual({
      name: "n",
      labels: [
        { label: "a", value: "1" },
        { label: "b", value: "2" },
      ],
      driver: "bridge",
      internal: false,
      attachable: false,
      ingress: false,
      ipv6: false,
      ipamDriver: "default",
      ipamOptions: {},
      ipamConfigs: [{ subnet: "172.18.0.0/16", ipRange: "", gateway: "172.18.0.1", auxAddress: {} }],
      options: {},
      scope: "local",
    });
  });

  test("volume create options", () => {
    expect(volumeCreateOptions({ name: "data", labels: [{ label: "k", value: "v" }] })).toEqual({ Name: "data", Driver: undefined, DriverOpts: undefined, Labels: { k: "v" } });
    expect(labelList(null)).toEqual([]);
  });

  test.each([
    ["a local build", "cdc-kafka/kafka:3.6.2", [], ""],
    ["one registry", "busybox:1.36", ["busybox@sha256:aa"], "busybox@sha256:aa"],
    ["the name's registry of several", "127.0.0.1/nginx:1", ["nginx@sha256:bb", "127.0.0.1/nginx@sha256:cc"], "127.0.0.1/nginx@sha256:cc"],
  ])("repoDigest of %s", (_case, name, digests, expected) => {
    expect(repoDigest(name, digests)).toBe(expected);
  });

  test("a remote image's id is the image id followed by its name", () => {
    expect(remoteImageId("sha256:ab", "busybox:1")).toBe("sha256:abbusybox:1");
  });
});

describe("provider plumbing", () => {
  test.each([
    ["unix:///var/run/docker.sock", {}, { socketPath: "/var/run/docker.sock" }],
    ["tcp://10.0.0.5:2375", {}, { host: "10.0.0.5", port: 2375, protocol: "http" }],
    [undefined, { DOCKER_HOST: "unix:///run/user/1000/docker.sock" }, { socketPath: "/run/user/1000/docker.sock" }],
    [undefined, {}, { socketPath: "/var/run/docker.sock" }],
  ])("connects to host %s (env %j)", (host, env, expected) => {
    expect(dockerOptions(host, env)).toEqual(expected);
  });

  test("refuses a host scheme it cannot reach", () => {
    expect(() => dockerOptions("ssh://me@host", {})).toThrow(
      'Docker host "ssh://me@host" is not supported by the offline docker provider stand-in; use unix:///path/to/docker.sock or tcp://host:port.',
    );
  });

  test.each([
    ["urn:pulumi:dev::cdc-kafka::docker:index/container:Container::broker", "docker:index/container:Container", "broker"],
    ["urn:pulumi:dev::cdc-kafka::cdc-kafka:index:KafkaBroker$docker:index/volume:Volume::broker-data", "docker:index/volume:Volume", "broker-data"],
  ])("reads type and name from %s", (urn, type, name) => {
    expect(typeOf(urn)).toBe(type);
    expect(nameOf(urn)).toBe(name);
  });
});
