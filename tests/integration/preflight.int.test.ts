// Preflight through the ops scripts, as a new user meets it: a machine that cannot host the stack (a port held by a
// plain listener, the Docker engine unreachable, an image that does not exist) gets its sentence and exit code 2 at
// `preview` and at `up`, and Docker shows no network, volume or container of the stack afterwards; once the cause is
// gone the same command succeeds, and a normal `up` prints no plugin-from-PATH warning.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { stackFileYaml } from "../../support/cli";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { freePorts } from "../../support/ports";
import { npmScript, ScriptRun } from "../helpers/npmScript";
import { deploymentConfig } from "../../support/testConfig";
import { toolchainEnv } from "../../toolchain/env";
import { repoRoot } from "../../toolchain/paths";

jest.setTimeout(300_000);

const stackName = uniqueId("pf");
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
const nothing = { containers: 0, networks: 0, volumes: 0 };

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function configFile(name: string, overrides: Record<string, string> = {}): Promise<{ file: string; config: Record<string, string>; stackLabel: string }> {
  const { config, stackLabel } = await deploymentConfig(stackName, overrides);
  const file = path.join(configDir, `${name}.yaml`);
  fs.writeFileSync(file, stackFileYaml(config));
  return { file, config, stackLabel };
}

/**
 * The up entry point without the setup `npm run up` runs first: with DOCKER_HOST pointing nowhere, setup's own
 * docker-engine step would fail first (with a sentence of its own: it starts a dockerd only behind the default socket).
 */
function upEntryPoint(args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      "node",
      ["-r", "ts-node/register/transpile-only", "ops/up.ts", ...args],
      { cwd: repoRoot, env: { ...process.env, ...toolchainEnv(process.env), NO_COLOR: "1", ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1;
        resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
      },
    );
  });
}

/** The run failed with exit code 2, showed `sentence` once as the engine's error, once in the script's last line. */
function expectRefused(run: ScriptRun, sentence: string | RegExp): void {
  // The engine colours its diagnostics when the test runner forces colour; the words are what is checked.
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");
  const output = plain(`${run.stdout}\n${run.stderr}`);
  if (run.code !== 2 || !output.includes("error: ")) fs.writeFileSync(path.join(os.tmpdir(), `${stackName}-refused.txt`), output);
  expect(run.code).toBe(2);
  const pattern = typeof sentence === "string" ? sentence.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : sentence.source;
  expect(output.match(new RegExp(`error: ${pattern}`, "g"))).toHaveLength(1);
  expect(plain(run.stderr).trim().split("\n").pop()).toMatch(new RegExp(`failed for stack ${stackName} .*${pattern}`));
  expect(output).not.toContain("from $PATH");
}

describe("preflight refuses a machine that cannot host the stack, before anything is created", () => {
  afterAll(async () => {
    await npmScript("down", ["--stack", stackName, "--yes", "--remove"]);
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test("a broker port of a three-broker config held by another process", async () => {
    const { file, config, stackLabel } = await configFile("broker-port", { brokers: "3" });
    // Brokers use hostPort, hostPort + 1, hostPort + 2: keep the run free except the second broker's port.
    const hostPort = Number(config.hostPort);
    const listener = await listen(hostPort + 1).catch(() => undefined);
    if (!listener) throw new Error(`port ${hostPort + 1} was taken before the test could hold it; rerun`);
    const sentence = `port ${hostPort + 1} of broker 2 (hostPort + 1) is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.`;
    try {
      expectRefused(await npmScript("preview", ["--stack", stackName, "--config-file", file]), sentence);
      const up = await npmScript("up", ["--stack", stackName, "--config-file", file]);
      expectRefused(up, sentence);
      console.log(`refused up (three brokers, port held): ${up.seconds.toFixed(1)} s including setup`);
      expect(await countByLabel(stackLabel)).toEqual(nothing);
    } finally {
      await close(listener);
    }
    const preview = await npmScript("preview", ["--stack", stackName, "--config-file", file]);
    expect(preview.code).toBe(0);
  });

  test("the UI port held by another process; once it is free, up deploys with no plugin warning", async () => {
    const { file, config, stackLabel } = await configFile("ui-port");
    const listener = await listen(Number(config.uiPort));
    const sentence = `uiPort ${config.uiPort} is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:uiPort.`;
    try {
      expectRefused(await npmScript("preview", ["--stack", stackName, "--config-file", file]), sentence);
      expectRefused(await npmScript("up", ["--stack", stackName, "--config-file", file]), sentence);
      expect(await countByLabel(stackLabel)).toEqual(nothing);
    } finally {
      await close(listener);
    }
    const up = await npmScript("up", ["--stack", stackName, "--config-file", file], 240_000);
    expect(up.code).toBe(0);
    expect(`${up.stdout}${up.stderr}`).not.toMatch(/warning: using pulumi-\S+ from \$PATH/);
    console.log(`up after the cause was removed: ${up.seconds.toFixed(1)} s`);
    // A second up: the ports are now held by this stack's own containers, which preflight lets through.
    const again = await npmScript("up", ["--stack", stackName, "--config-file", file]);
    expect(again.code).toBe(0);
    // The engine's summary: every resource unchanged. (Its "N unchanged" line alone would also follow "~ 1 updated".)
    expect(again.stdout).toMatch(/\d+ unchanged/);
    expect(again.stdout).not.toMatch(/\d+ (created|updated|replaced|deleted)\b/);
    const down = await npmScript("down", ["--stack", stackName, "--yes"]);
    expect(down.code).toBe(0);
    expect(await countByLabel(stackLabel)).toEqual(nothing);
  });

  test("the Docker engine unreachable (DOCKER_HOST pointing nowhere)", async () => {
    const { file, stackLabel } = await configFile("no-engine");
    const nowhere = path.join(configDir, "no-such-docker.sock");
    const env = { DOCKER_HOST: `unix://${nowhere}` };
    const sentence = `The Docker engine at unix://${nowhere} does not answer (connect ENOENT ${nowhere}); start it or point DOCKER_HOST at a running engine.`;
    const preview = await new Promise<ScriptRun>((resolve) => {
      const started = Date.now();
      execFile(
        "npm",
        ["run", "-s", "preview", "--", "--stack", stackName, "--config-file", file],
        { cwd: repoRoot, env: { ...process.env, ...toolchainEnv(process.env), NO_COLOR: "1", ...env }, timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code ?? -1), stdout, stderr, seconds: (Date.now() - started) / 1000 }),
      );
    });
    expectRefused(preview, sentence);
    expectRefused(await upEntryPoint(["--stack", stackName, "--config-file", file], env), sentence);
    expect(await countByLabel(stackLabel)).toEqual(nothing);
    expect((await npmScript("preview", ["--stack", stackName, "--config-file", file])).code).toBe(0);
  });

  test("an image that does not exist", async () => {
    const { file, stackLabel } = await configFile("no-image", { kafkaImage: "cdc-kafka/kafka:does-not-exist" });
    const sentence = /kafkaImage cdc-kafka\/kafka:does-not-exist is not in the Docker engine and cannot be pulled \([^)]+\); build it with `npm run setup` or set cdc-kafka:kafkaImage\./;
    expectRefused(await npmScript("preview", ["--stack", stackName, "--config-file", file]), sentence);
    expectRefused(await npmScript("up", ["--stack", stackName, "--config-file", file]), sentence);
    expect(await countByLabel(stackLabel)).toEqual(nothing);
    const fixed = await configFile("image-fixed");
    expect((await npmScript("preview", ["--stack", stackName, "--config-file", fixed.file])).code).toBe(0);
  });

  test("the Prometheus image missing, with the metrics server on (preview only: up runs the same check)", async () => {
    const [metricsServerPort] = await freePorts(1);
    const overrides = { metricsServerEnabled: "true", metricsServerPort: String(metricsServerPort), prometheusImage: "cdc-kafka/prometheus:does-not-exist" };
    const { file, stackLabel } = await configFile("no-prometheus-image", overrides);
    const sentence = /prometheusImage cdc-kafka\/prometheus:does-not-exist is not in the Docker engine and cannot be pulled \([^)]+\); build it with `npm run setup` or set cdc-kafka:prometheusImage\./;
    expectRefused(await npmScript("preview", ["--stack", stackName, "--config-file", file]), sentence);
    expect(await countByLabel(stackLabel)).toEqual(nothing);
  });
});
