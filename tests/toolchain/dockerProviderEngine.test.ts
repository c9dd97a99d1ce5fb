// The docker provider stand-in through the real Pulumi engine: an Automation API inline program with @pulumi/docker's
// Network, Volume and Container goes up, stays unchanged on a second up, notices an out-of-band stop on refresh and
// restarts the container in place, then is destroyed without leftovers. Without a built Pulumi CLI it fails, saying so.
import Docker from "dockerode";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as docker from "@pulumi/docker";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { cacheDir, standInBinDir } from "../../toolchain/paths";
import { removeLabelled } from "../../toolchain/plugins/docker/testing/removeLabelled";
import { importTinyImage } from "../../toolchain/plugins/docker/testing/tinyImage";

const cliRoot = cacheDir();
const cliPath = path.join(cliRoot, "bin", "pulumi");

jest.setTimeout(240_000);

const engine = new Docker();
const testId = uniqueId("dockerprov-e2e");
const label = `cdc-kafka.test=${testId}`;
const testLabel = { label: "cdc-kafka.test", value: testId };
const image = `cdc-kafka-test/tiny:${testId}`;
const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "dockerprov-backend-"));

const program = async () => {
  const network = new docker.Network("net", { labels: [testLabel] });
  const volume = new docker.Volume("data", { labels: [testLabel] });
  const container = new docker.Container("app", {
    image,
    command: ["sh", "-c", "echo up; exec sleep 3600"],
    labels: [testLabel],
    networksAdvanced: [{ name: network.name, aliases: ["app"] }],
    volumes: [{ volumeName: volume.name, containerPath: "/data" }],
    ports: [{ internal: 8080, ip: "127.0.0.1" }],
    healthcheck: { tests: ["CMD", "true"], interval: "1s", retries: 1 },
    wait: true,
    waitTimeout: 30,
  });
  return {
    containerName: container.name,
    networkName: network.name,
    volumeName: volume.name,
    hostPort: container.ports.apply((ports) => ports?.[0]?.external),
  };
};

describe("the docker provider stand-in under the Pulumi engine", () => {
  let stack: Stack;

  beforeAll(async () => {
    // A missing CLI is a failure with its fix, not a skip: plain `npm test` would otherwise pass with nothing run.
    if (!fs.existsSync(cliPath)) throw new Error(`The Pulumi CLI is not built (no ${cliPath}); run \`npm run setup\` to build it, then rerun the test.`);
    await importTinyImage(engine, image, { "cdc-kafka.test": testId });
    const pulumiCommand = await PulumiCommand.get({ root: cliRoot, skipVersionCheck: true });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: "docker-provider-e2e", program },
      {
        pulumiCommand,
        envVars: {
          PATH: [standInBinDir, path.join(cliRoot, "bin"), process.env.PATH ?? ""].join(path.delimiter),
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: "x",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        },
      },
    );
  });

  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await stack?.workspace.removeStack("dev").catch(() => undefined);
    await removeLabelled(engine, label);
    await engine.getImage(image).remove({ force: true }).catch(() => undefined);
    fs.rmSync(backendDir, { recursive: true, force: true });
  });

  test("up, unchanged second up, refresh after an out-of-band stop, restart in place, destroy", async () => {
    const first = await stack.up();
    expect(first.summary.resourceChanges).toEqual({ create: 4 });
    const outputs = first.outputs;
    expect(outputs.containerName.value).toMatch(/^app-[0-9a-f]{7}$/);
    expect(outputs.hostPort.value).toBeGreaterThanOrEqual(1024);
    const container = engine.getContainer(outputs.containerName.value);
    const info = await container.inspect();
    expect(info.State.Health?.Status).toBe("healthy");
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([outputs.networkName.value]);
    expect(await countByLabel(label)).toEqual({ containers: 1, networks: 1, volumes: 1 });

    const second = await stack.up();
    expect(second.summary.resourceChanges).toEqual({ same: 4 });

    await container.stop({ t: 0 });
    await stack.refresh();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    const third = await stack.up();
    expect(third.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect((await container.inspect()).State.Running).toBe(true);

    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 4 });
    expect(await countByLabel(label)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test("preview stops at a property the stand-in does not implement, naming it", async () => {
    stack.workspace.program = async () => {
      new docker.Container("privileged", { image, labels: [testLabel], privileged: true });
    };
    const failure = await stack.preview().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toContain("privileged is not implemented by the offline docker provider stand-in for docker:index/container:Container");
    expect(await countByLabel(label)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
