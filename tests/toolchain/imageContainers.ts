// What the image tests do with their containers through the Engine API: run a command in one, find its address, read
// its log, wait for a health status. (removeFixture in ../helpers/uiBrokerFixture.ts removes what a test labelled.)
import { PassThrough } from "stream";
import { docker } from "../../support/docker";
import { waitFor } from "../../support/waitFor";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd` in the running container `name` with `env` added, and collects its output and exit code. */
export async function execIn(name: string, cmd: string[], env: string[] = []): Promise<ExecResult> {
  const exec = await docker.getContainer(name).exec({ Cmd: cmd, Env: env, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const collected = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const out = new PassThrough().on("data", (chunk: Buffer) => collected.stdout.push(chunk));
  const err = new PassThrough().on("data", (chunk: Buffer) => collected.stderr.push(chunk));
  docker.modem.demuxStream(stream, out, err);
  await new Promise((resolve) => stream.on("end", resolve));
  const { ExitCode } = await exec.inspect();
  return { code: ExitCode ?? -1, stdout: Buffer.concat(collected.stdout).toString(), stderr: Buffer.concat(collected.stderr).toString() };
}

/** The container's address on its (first) network. */
export async function addressOf(name: string): Promise<string> {
  const networks = Object.values((await docker.getContainer(name).inspect()).NetworkSettings.Networks);
  return networks[0].IPAddress;
}

/** stdout and stderr of the container so far, in order (the Engine API frames each chunk with an 8-byte header). */
export async function logsOf(name: string): Promise<string> {
  const framed = await docker.getContainer(name).logs({ stdout: true, stderr: true, follow: false });
  const chunks: Buffer[] = [];
  for (let offset = 0; offset + 8 <= framed.length; ) {
    const size = framed.readUInt32BE(offset + 4);
    chunks.push(framed.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(chunks).toString();
}

/** Waits for the container's healthcheck to report `status`; `whilePolling` sees each inspected state. */
export async function waitForHealth(
  name: string,
  status: "healthy" | "unhealthy",
  timeoutMs: number,
  whilePolling: (health: string | undefined) => Promise<void> = async () => undefined,
): Promise<void> {
  await waitFor(
    async () => {
      const health = (await docker.getContainer(name).inspect()).State.Health?.Status;
      await whilePolling(health);
      return health === status;
    },
    { timeoutMs, intervalMs: 250, what: `${name} to be ${status}` },
  );
}
