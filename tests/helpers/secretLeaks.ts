// What a test run printed for a stack (the engine output of its operations, its containers' logs) and the stack's
// secrets to look for there (each principal's password, each private key, read from the decrypted state), so a test
// can assert that none reached the CI log. Findings name the secret, never its value.
import { Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import { PRINCIPALS, PrincipalRole } from "../../components/accessControl";
import { engineLog } from "../../support/deploy";
import { docker } from "../../support/docker";

export interface NamedSecret {
  /** What the secret is, e.g. "the ui password": safe to print. */
  name: string;
  value: string;
}

/** Engine output printed as engineLog prints it (stderr is not printed, as before) and kept for a later search. */
export interface RecordedEngineLog {
  onOutput: (line: string) => void;
  onError: (line: string) => void;
  text(): string;
}

export function recordedEngineLog(stackName: string): RecordedEngineLog {
  const print = engineLog(stackName);
  const lines: string[] = [];
  return {
    onOutput: (line) => {
      lines.push(line);
      print(line);
    },
    onError: (line) => void lines.push(line),
    text: () => lines.join(""),
  };
}

/** stdout and stderr of a container's log as Docker returns it: 8-byte frame headers unless the container has a TTY. */
export function demuxedLog(raw: Buffer, tty: boolean): string {
  if (tty) return raw.toString("utf8");
  const frames: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    frames.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(frames).toString("utf8");
}

/** The logs of every container carrying `label` (`key=value`), each headed by its name; from `since` (Unix seconds) on. */
export async function containerLogs(label: string, since = 0): Promise<string> {
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  const logs = await Promise.all(
    containers.map(async ({ Id, Names }) => {
      const container = docker.getContainer(Id);
      const tty = (await container.inspect()).Config.Tty;
      const raw = (await container.logs({ stdout: true, stderr: true, follow: false, since })) as unknown as Buffer;
      return `== ${Names.join(",")}\n${demuxedLog(raw, tty)}`;
    }),
  );
  return logs.join("\n");
}

/** A state value exported with --show-secrets: plain, or `{ <secret signature>, plaintext: <JSON> }`. */
function plain(value: unknown): unknown {
  if (value !== null && typeof value === "object" && "plaintext" in value) return JSON.parse((value as { plaintext: string }).plaintext);
  return value;
}

/** The secrets a stack's decrypted state holds, sorted by what they are. */
export interface StateSecrets {
  /** Each principal's generated password (resources named `…-<role>-password`). */
  passwords: Partial<Record<PrincipalRole, string>>;
  /** Every other generated password (the console's login, Connect's REST login, …), named by its resource. */
  otherPasswords: NamedSecret[];
  /** The private key of each certificate (CA and brokers). */
  privateKeys: NamedSecret[];
}

/** The secrets of a deployment as `stack export --show-secrets` gives it (the `deployment` member). */
export function deploymentSecrets(deployment: unknown): StateSecrets {
  const { resources = [] } = deployment as { resources?: { urn: string; type?: string; outputs?: Record<string, unknown> }[] };
  const secrets: StateSecrets = { passwords: {}, otherPasswords: [], privateKeys: [] };
  for (const { urn, type = "", outputs = {} } of resources) {
    const name = urn.split("::").pop() ?? urn;
    const role = (Object.keys(PRINCIPALS) as PrincipalRole[]).find((candidate) => name.endsWith(`-${candidate}-password`));
    const result = plain(outputs.result);
    if (role !== undefined && typeof result === "string") secrets.passwords[role] = result;
    else if (type.endsWith(":GeneratedPassword") && typeof result === "string") secrets.otherPasswords.push({ name: `the password ${name}`, value: result });
    const key = plain(outputs.privateKeyPem);
    if (typeof key === "string") secrets.privateKeys.push({ name: `the private key of ${name}`, value: key });
  }
  return secrets;
}

/** The secrets of a stack deployed through the Automation API, from its decrypted state. */
export async function stackSecrets(stack: Stack): Promise<StateSecrets> {
  return deploymentSecrets((await stack.exportStack()).deployment);
}

/** Every secret of `secrets` as one list of named values. */
export function namedSecrets(secrets: StateSecrets): NamedSecret[] {
  const principals = Object.entries(secrets.passwords).map(([role, value]) => ({ name: `the ${role} password`, value: value as string }));
  return [...principals, ...secrets.otherPasswords, ...secrets.privateKeys];
}

/**
 * The names of the secrets found in `text`. A password counts when it appears whole; a PEM key when any line of its
 * body does (a log may print it with escaped line breaks, or only part of it).
 */
export function leakedSecrets(text: string, secrets: NamedSecret[]): string[] {
  const pieces = (value: string) =>
    value.includes("-----BEGIN")
      ? value.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----"))
      : [value];
  return secrets.filter(({ value }) => pieces(value).some((piece) => text.includes(piece))).map(({ name }) => name);
}

/** Every distinct command line seen in the host's process list while sampling; stop() ends the sampling. */
export interface ProcessListSampler {
  stop(): Promise<string[]>;
}

/** The command lines of the host's processes now (/proc/<pid>/cmdline, arguments joined by spaces), as `ps` shows them. */
export function commandLines(): string[] {
  const lines: string[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (raw !== "") lines.push(raw.replace(/\0+$/, "").split("\0").join(" "));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return lines;
}

/**
 * Samples the host's process list every `intervalMs` until stopped: containers' processes are the host's, so a
 * password on any command line (a storage format, a launcher's arguments) shows here while the stack starts.
 */
export function sampleProcessList(intervalMs = 100): ProcessListSampler {
  const seen = new Set<string>(commandLines());
  const timer = setInterval(() => {
    for (const line of commandLines()) seen.add(line);
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      for (const line of commandLines()) seen.add(line);
      return [...seen];
    },
  };
}

/** `docker inspect` of every container carrying `label` (`key=value`), as one JSON text (environment, command, args). */
export async function inspectedContainers(label: string): Promise<string> {
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  if (containers.length === 0) throw new Error(`No container carries ${label}; nothing to inspect.`);
  return JSON.stringify(await Promise.all(containers.map(({ Id }) => docker.getContainer(Id).inspect())));
}
