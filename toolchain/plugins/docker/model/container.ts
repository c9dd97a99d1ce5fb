// Container inputs ⇄ Docker Engine API, without I/O: the create options the real provider builds, the state it reads
// back from an inspect, and the text of a wait-for-healthy failure.
import type Docker from "dockerode";
import { formatGoDuration, parseGoDuration } from "../goDuration";
import { Inputs } from "../schema/check";

const mebibyte = 1024 * 1024;

export interface PortInput {
  internal: number;
  external?: number;
  ip?: string;
  protocol?: string;
}

export interface VolumeInput {
  containerPath?: string;
  hostPath?: string;
  volumeName?: string;
  fromContainer?: string;
  readOnly?: boolean;
}

export interface NetworkAttachmentInput {
  name: string;
  aliases?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface HealthcheckInput {
  tests: string[];
  interval?: string;
  timeout?: string;
  startPeriod?: string;
  retries?: number;
}

export interface UploadInput {
  file: string;
  content?: string;
  contentBase64?: string;
  executable?: boolean;
  permissions?: string;
  source?: string;
  sourceHash?: string;
}

export interface LabelInput {
  label: string;
  value: string;
}

/** The checked inputs of `docker:index/container:Container` (see containerSpec). */
export interface ContainerInputs {
  name: string;
  image: string;
  hostname?: string;
  domainname?: string;
  envs?: string[];
  command?: string[];
  entrypoints?: string[];
  user?: string;
  workingDir?: string;
  labels?: LabelInput[];
  ports?: PortInput[];
  volumes?: VolumeInput[];
  networkMode?: string;
  networksAdvanced?: NetworkAttachmentInput[];
  hosts?: { host: string; ip: string }[];
  ulimits?: { name: string; soft: number; hard: number }[];
  healthcheck?: HealthcheckInput;
  uploads?: UploadInput[];
  logDriver?: string;
  logOpts?: Record<string, string>;
  stopSignal?: string;
  stopTimeout?: number;
  restart?: string;
  maxRetryCount?: number;
  memory?: number;
  init?: boolean;
  start?: boolean;
  mustRun?: boolean;
  wait?: boolean;
  waitTimeout?: number;
  rm?: boolean;
  removeVolumes?: boolean;
  destroyGraceSeconds?: number;
}

/** The options of POST /containers/create, as the real provider fills them from the inputs. */
export function containerCreateOptions(inputs: ContainerInputs): Docker.ContainerCreateOptions {
  if (inputs.command?.some((part) => part === "")) throw new Error("values for command may not be empty");
  const ports = portBindings(inputs.ports ?? []);
  const volumes = volumeBinds(inputs.volumes ?? []);
  return {
    name: inputs.name,
    Image: inputs.image,
    Hostname: inputs.hostname ?? "",
    Domainname: inputs.domainname ?? "",
    Env: nonEmpty(inputs.envs),
    Cmd: nonEmpty(inputs.command),
    Entrypoint: nonEmpty(inputs.entrypoints),
    User: inputs.user || undefined,
    WorkingDir: inputs.workingDir || undefined,
    Labels: inputs.labels?.length ? labelMap(inputs.labels) : undefined,
    ExposedPorts: nonEmptyObject(ports.exposed),
    Volumes: nonEmptyObject(volumes.volumes),
    Healthcheck: inputs.healthcheck && healthConfig(inputs.healthcheck),
    StopSignal: inputs.stopSignal || undefined,
    StopTimeout: inputs.stopTimeout,
    HostConfig: {
      RestartPolicy: { Name: inputs.restart ?? "no", MaximumRetryCount: inputs.maxRetryCount ?? 0 },
      PortBindings: nonEmptyObject(ports.bindings),
      Binds: nonEmpty(volumes.binds),
      VolumesFrom: nonEmpty(volumes.volumesFrom),
      AutoRemove: inputs.rm ?? false,
      LogConfig: { Type: inputs.logDriver ?? "", Config: inputs.logOpts ?? {} },
      NetworkMode: inputs.networkMode || undefined,
      Init: inputs.init ?? false,
      Memory: inputs.memory ? inputs.memory * mebibyte : undefined,
      ExtraHosts: nonEmpty(inputs.hosts?.map(({ host, ip }) => `${host}:${ip}`)),
      Ulimits: nonEmpty(inputs.ulimits?.map(({ name, soft, hard }) => ({ Name: name, Soft: soft, Hard: hard }))),
    },
  };
}

/** ExposedPorts and PortBindings; `ip` (default 0.0.0.0) always makes a binding, as in the real provider. */
export function portBindings(ports: PortInput[]): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    const key = `${port.internal}/${port.protocol ?? "tcp"}`;
    exposed[key] = {};
    if (port.external === undefined && port.ip === undefined) continue;
    (bindings[key] ??= []).push({ HostIp: port.ip ?? "", HostPort: port.external === undefined ? "" : String(port.external) });
  }
  return { exposed, bindings };
}

/** Named volumes and host paths as Binds, `fromContainer` as VolumesFrom, the rest as anonymous volumes. */
export function volumeBinds(volumes: VolumeInput[]): { volumes: Record<string, object>; binds: string[]; volumesFrom: string[] } {
  const result = { volumes: {} as Record<string, object>, binds: [] as string[], volumesFrom: [] as string[] };
  for (const volume of volumes) {
    const source = volume.hostPath || volume.volumeName;
    if (!volume.fromContainer && !volume.containerPath) {
      throw new Error("Unable to parse volumes: volume entry without container path or source container");
    }
    if (volume.fromContainer && volume.containerPath) {
      throw new Error("Unable to parse volumes: both a container and a path specified in a volume entry");
    }
    if (volume.fromContainer) result.volumesFrom.push(volume.fromContainer);
    else {
      result.volumes[volume.containerPath!] = {};
      if (source) result.binds.push(`${source}:${volume.containerPath}:${volume.readOnly ? "ro" : "rw"}`);
    }
  }
  return result;
}

/** The file one upload writes: its path, mode and bytes (`source` is read by `readSource`). */
export interface UploadFile {
  path: string;
  mode: number;
  content: Buffer;
}

/**
 * What the real provider writes for an upload: `content` as UTF-8, `contentBase64` decoded, or the `source` file's
 * bytes; mode `permissions` if given (it has precedence), else 0744 when executable, else 0644.
 */
export function uploadFile(upload: UploadInput, readSource: (path: string) => Buffer): UploadFile {
  const mode = upload.permissions ? parseInt(upload.permissions, 8) : upload.executable ? 0o744 : 0o644;
  const content = upload.content
    ? Buffer.from(upload.content, "utf8")
    : upload.contentBase64
      ? Buffer.from(upload.contentBase64, "base64")
      : upload.source
        ? readSource(upload.source)
        : undefined;
  if (!content) throw new Error("error with upload content: one of 'content', 'content_base64', or 'source' must be set");
  return { path: upload.file, mode, content };
}

/** Docker's HealthConfig: durations in nanoseconds. */
export function healthConfig(healthcheck: HealthcheckInput): Docker.HealthConfig {
  return {
    Test: healthcheck.tests,
    Interval: parseGoDuration(healthcheck.interval ?? "0s"),
    Timeout: parseGoDuration(healthcheck.timeout ?? "0s"),
    StartPeriod: parseGoDuration(healthcheck.startPeriod ?? "0s"),
    Retries: healthcheck.retries ?? 0,
  };
}

/** The endpoint settings of POST /networks/{id}/connect for one networksAdvanced entry. */
export function endpointSettings(attachment: NetworkAttachmentInput): Docker.EndpointSettings {
  return {
    Aliases: attachment.aliases,
    IPAMConfig: { IPv4Address: attachment.ipv4Address, IPv6Address: attachment.ipv6Address },
  };
}

export function labelMap(labels: LabelInput[]): Record<string, string> {
  return Object.fromEntries(labels.map(({ label, value }) => [label, value]));
}

type InspectConfig = Docker.ContainerInspectInfo["Config"] & { StopSignal?: string; StopTimeout?: number };

/**
 * The state after an inspect, as the real provider's read sets it: envs, labels, volumes and networksAdvanced stay as
 * given (Docker mixes in the image's), a stopped container gets exitCode and, when it must run, mustRun false so
 * the next update starts it again.
 */
export function containerOutputs(state: Inputs, info: Docker.ContainerInspectInfo): Inputs {
  const host = info.HostConfig;
  const config: InspectConfig = info.Config;
  const mustRun = state.mustRun !== false;
  const outputs: Inputs = { ...state };
  const ports = state.ports as PortInput[] | undefined;
  if (ports?.length && (info.State.Running || mustRun)) outputs.ports = publishedPorts(ports, info.NetworkSettings?.Ports);
  if (!info.State.Running) {
    outputs.exitCode = info.State.ExitCode;
    if (mustRun) outputs.mustRun = false;
  }
  const logOpts = state.logOpts as Record<string, string> | undefined;
  Object.assign(outputs, {
    name: info.Name.replace(/^\//, ""),
    // Since kreuzwerker #711 the state keeps the image as written unless it was an image id.
    image: String(state.image ?? "").startsWith("sha256:") ? info.Image : config.Image,
    hostname: config.Hostname,
    domainname: config.Domainname ?? "",
    command: config.Cmd ?? [],
    entrypoints: typeof config.Entrypoint === "string" ? [config.Entrypoint] : (config.Entrypoint ?? []),
    user: config.User ?? "",
    workingDir: config.WorkingDir ?? "",
    stopSignal: config.StopSignal ?? "",
    stopTimeout: config.StopTimeout ?? 0,
    bridge: (info.NetworkSettings as { Bridge?: string } | undefined)?.Bridge ?? "",
    networkDatas: networkDatas(info.NetworkSettings?.Networks ?? {}),
    rm: host.AutoRemove ?? false,
    restart: host.RestartPolicy?.Name ?? "",
    maxRetryCount: host.RestartPolicy?.MaximumRetryCount ?? 0,
    init: host.Init ?? false,
    memory: Math.floor((host.Memory ?? 0) / mebibyte),
    shmSize: Math.floor((host.ShmSize ?? 0) / mebibyte),
    logDriver: host.LogConfig?.Type ?? "",
    logOpts: logOpts && Object.keys(logOpts).length ? (host.LogConfig?.Config ?? {}) : logOpts,
    networkMode: host.NetworkMode ?? "",
    ipcMode: host.IpcMode ?? "",
    runtime: host.Runtime ?? "",
    securityOpts: host.SecurityOpt ?? [],
    platform: info.Platform ?? "",
  });
  if (config.Healthcheck) outputs.healthcheck = healthcheckOutput(config.Healthcheck);
  return outputs;
}

/**
 * Why a container the create started must not be recorded, as the real provider's read after create decides from
 * one inspect: a container that must run but is not running fails the create ("container exited immediately" when it
 * stopped after `startedAt`, else "container failed to be in running state"), and the real provider deletes it.
 * Recording it instead, as stopped with mustRun false, made the next `up` start it again in place, and whether the
 * process had already exited at that inspect is a matter of timing. Undefined when the container may be recorded.
 */
export function createdContainerProblem(info: Docker.ContainerInspectInfo, inputs: Pick<ContainerInputs, "mustRun">, startedAt: number): string | undefined {
  if (info.State.Running || inputs.mustRun === false) return undefined;
  const finishedAt = Date.parse(info.State.FinishedAt);
  return finishedAt > startedAt ? "container exited immediately" : "container failed to be in running state";
}

/** The healthcheck as state: durations written back as Go prints them ("60s" becomes "1m0s"). */
export function healthcheckOutput(health: Docker.HealthConfig): Inputs {
  return {
    tests: health.Test ?? [],
    interval: formatGoDuration(health.Interval ?? 0),
    timeout: formatGoDuration(health.Timeout ?? 0),
    startPeriod: formatGoDuration(health.StartPeriod ?? 0),
    startInterval: formatGoDuration(health.StartInterval ?? 0),
    retries: health.Retries ?? 0,
  };
}

/**
 * The ports as given, each with the host port Docker chose when `external` was omitted. (The real provider writes the
 * bindings Docker reports, sorted by port.)
 */
export function publishedPorts(ports: PortInput[], published: Record<string, { HostIp: string; HostPort: string }[] | null> | undefined): PortInput[] {
  return ports.map((port) => {
    const protocol = port.protocol ?? "tcp";
    const bindings = published?.[`${port.internal}/${protocol}`] ?? [];
    const binding = bindings.find((candidate) => candidate.HostIp === port.ip) ?? bindings[0];
    const external = port.external ?? (binding?.HostPort ? Number(binding.HostPort) : undefined);
    return { ...port, external, ip: port.ip ?? "0.0.0.0", protocol };
  });
}

/** One entry per attached network, sorted by name (Go's map order, which the real provider uses, is random). */
export function networkDatas(networks: Docker.ContainerInspectInfo["NetworkSettings"]["Networks"]): Inputs[] {
  return Object.entries(networks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([networkName, data]) => ({
      networkName,
      ipAddress: data.IPAddress ?? "",
      ipPrefixLength: data.IPPrefixLen ?? 0,
      gateway: data.Gateway ?? "",
      globalIpv6Address: data.GlobalIPv6Address ?? "",
      globalIpv6PrefixLength: data.GlobalIPv6PrefixLen ?? 0,
      ipv6Gateway: data.IPv6Gateway ?? "",
      macAddress: data.MacAddress ?? "",
    }));
}

/**
 * Why `wait` failed, for the error message: the container's state, its last probe and its last log lines. (The real
 * provider says only "container failed to be in healthy state".)
 */
export function describeContainer(info: Docker.ContainerInspectInfo, logTail: string): string {
  const state = info.State;
  const health = state.Health;
  const lastProbe = health?.Log?.[health.Log.length - 1];
  const parts = [`status ${state.Status}`];
  if (!state.Running) parts.push(`exit code ${state.ExitCode}`);
  if (health) parts.push(`health ${health.Status} after ${health.FailingStreak} failed probe(s) in a row`);
  if (lastProbe) parts.push(`last probe exited ${lastProbe.ExitCode}: ${JSON.stringify(lastProbe.Output.trim())}`);
  const logs = logTail.trim() ? `last log lines:\n${indent(logTail.trim())}` : "no log output";
  return `${parts.join(", ")}; ${logs}`;
}

/**
 * Docker's log stream without a TTY multiplexes stdout and stderr in frames (1 byte stream, 3 zero bytes, 4 bytes
 * big-endian length); with a TTY it is plain text.
 */
export function demuxDockerLogs(buffer: Buffer): string {
  const frames: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    if (stream > 2 || buffer[offset + 1] !== 0 || buffer[offset + 2] !== 0 || buffer[offset + 3] !== 0) break;
    const length = buffer.readUInt32BE(offset + 4);
    frames.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return offset === buffer.length ? Buffer.concat(frames).toString("utf8") : buffer.toString("utf8");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

function nonEmptyObject<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}
