// The docker provider stand-in's contract with the Pulumi engine, as a program using @pulumi/docker meets it through
// the Automation API and the built CLI: a create followed by an `up` that has nothing to do, 20 times in a row while
// busy loops keep both cores loaded (the machine the stand-in once failed this on), then a replacement, drift (a
// container stopped and one removed out of band) and destroy, leaving nothing behind. Needs `npm run setup`.
import { ChildProcess, spawn } from "child_process";
import Docker from "dockerode";
import * as os from "os";
import * as path from "path";
import * as docker from "@pulumi/docker";
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { removeLabelled } from "../../toolchain/plugins/docker/testing/removeLabelled";
import { importTinyImage } from "../../toolchain/plugins/docker/testing/tinyImage";
import { onPath, pulumiSandbox } from "./fixtures/pulumiSandbox";

jest.setTimeout(600_000);

const cycles = 20;
const engine = new Docker();
const testId = uniqueId("dockerprov-conf");
const label = `cdc-kafka.test=${testId}`;
const testLabel = { label: "cdc-kafka.test", value: testId };
const image = `cdc-kafka-test/tiny:${testId}`;
const sandbox = pulumiSandbox("docker-conformance");

/** What the program deploys: `generation` names a fresh set of resources, `greeting` is a replace-forcing input. */
const shape = { generation: 0, greeting: "hello" };

/**
 * One set of resources per generation, so each cycle's first `up` creates a network, a volume and two containers
 * (and deletes the previous set): one waited for until healthy with a random host port, as the components' brokers
 * are; one not waited for, as the console is.
 */
async function program() {
  const tiny = new docker.RemoteImage("image", { name: image, keepLocally: true });
  const suffix = String(shape.generation);
  const network = new docker.Network(`net-${suffix}`, { labels: [testLabel] });
  const volume = new docker.Volume(`data-${suffix}`, { labels: [testLabel] });
  const healthy = new docker.Container(`healthy-${suffix}`, {
    image: tiny.imageId,
    command: ["sh", "-c", "exec sleep 3600"],
    envs: [`GREETING=${shape.greeting}`],
    labels: [testLabel],
    networksAdvanced: [{ name: network.name, aliases: ["healthy"] }],
    volumes: [{ volumeName: volume.name, containerPath: "/data" }],
    ports: [{ internal: 8080, ip: "127.0.0.1" }],
    healthcheck: { tests: ["CMD", "true"], interval: "1s", retries: 1 },
    restart: "unless-stopped",
    wait: true,
    waitTimeout: 60,
  });
  const plain = new docker.Container(`plain-${suffix}`, {
    image: tiny.name,
    command: ["sh", "-c", "exec sleep 3600"],
    labels: [testLabel],
    networksAdvanced: [{ name: network.name }],
    ports: [{ internal: 9000, ip: "127.0.0.1" }],
    restart: "unless-stopped",
  });
  return { healthyName: healthy.name, plainName: plain.name, hostPort: healthy.ports.apply((ports) => ports?.[0]?.external) };
}

/** Busy loops, one per core, for as long as the test runs its cycles: the second up must not depend on timing. */
function loadEveryCore(): ChildProcess[] {
  return os.cpus().map(() => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

/** Each resource the `up` changed, with the operation (the engine's own steps, not the summary alone). */
function changedSteps(events: EngineEvent[]): string[] {
  return events.flatMap((event) => {
    const step = event.resourcePreEvent?.metadata;
    if (!step || step.op === "same") return [];
    const diffs = step.diffs?.length ? ` [${step.diffs.join(", ")}]` : "";
    return [`${step.op} ${step.urn.split("::").pop()}${diffs}`];
  });
}

describe("the docker provider stand-in under the Pulumi engine: create, second up, replace, drift, destroy", () => {
  let stack: Stack;
  let load: ChildProcess[] = [];

  beforeAll(async () => {
    await importTinyImage(engine, image, { "cdc-kafka.test": testId });
    // PulumiCommand wants the installation root, the directory above bin/pulumi.
    const cliRoot = path.dirname(path.dirname(onPath("pulumi", sandbox.env)));
    const pulumiCommand = await PulumiCommand.get({ root: cliRoot, skipVersionCheck: true });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: "docker-provider-conformance", program },
      { pulumiCommand, workDir: sandbox.dir, envVars: sandbox.env },
    );
  });

  afterAll(async () => {
    for (const child of load) child.kill();
    await stack?.destroy().catch(() => undefined);
    await stack?.workspace.removeStack("dev").catch(() => undefined);
    await removeLabelled(engine, label);
    await engine.getImage(image).remove({ force: true }).catch(() => undefined);
    sandbox.remove();
  });

  test(`${cycles} times in a row under load on every core: an up creates, the next up has nothing to do`, async () => {
    load = loadEveryCore();
    const started = Date.now();
    for (let cycle = 0; cycle < cycles; cycle++) {
      shape.generation = cycle;
      const created = await stack.up();
      // The first cycle also creates the stack and the image; later ones delete the previous generation.
      expect(created.summary.resourceChanges).toEqual(cycle === 0 ? { create: 6 } : { create: 4, delete: 4, same: 2 });
      const events: EngineEvent[] = [];
      const second = await stack.up({ onEvent: (event) => events.push(event) });
      expect({ cycle, changed: changedSteps(events) }).toEqual({ cycle, changed: [] });
      expect(second.summary.resourceChanges).toEqual({ same: 6 });
    }
    for (const child of load.splice(0)) child.kill();
    console.log(`${cycles} create + second-up cycles under load: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test("a changed replace-forcing input replaces the container (deleted first; an autonamed replacement gets a new name)", async () => {
    const before = (await stack.outputs()).healthyName.value as string;
    shape.greeting = "bye";
    const replaced = await stack.up();
    expect(replaced.summary.resourceChanges).toEqual({ replace: 1, same: 5 });
    const after = (await stack.outputs()).healthyName.value as string;
    expect(after).not.toBe(before);
    expect(await engine.listContainers({ all: true, filters: { name: [before] } })).toEqual([]);
    expect((await engine.getContainer(after).inspect()).Config.Env).toContain("GREETING=bye");
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 6 });
  });

  test("drift: a container stopped out of band is started in place, one removed out of band is created again", async () => {
    const { healthyName, plainName } = await stack.outputs();
    const stopped = engine.getContainer(healthyName.value as string);
    const stoppedId = (await stopped.inspect()).Id;
    await stopped.stop({ t: 0 });
    await engine.getContainer(plainName.value as string).remove({ force: true });

    const refreshed = await stack.refresh();
    expect(refreshed.summary.resourceChanges).toEqual({ update: 1, delete: 1, same: 4 });
    const repaired = await stack.up();
    expect(repaired.summary.resourceChanges).toEqual({ update: 1, create: 1, same: 4 });
    const restarted = await stopped.inspect();
    expect({ id: restarted.Id, running: restarted.State.Running }).toEqual({ id: stoppedId, running: true });
    const recreated = (await stack.outputs()).plainName.value as string;
    expect((await engine.getContainer(recreated).inspect()).State.Running).toBe(true);
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 6 });
  });

  test("destroy removes everything the stack made", async () => {
    expect(await countByLabel(label)).toEqual({ containers: 2, networks: 1, volumes: 1 });
    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 6 });
    expect(await countByLabel(label)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    // keepLocally: the image stays for whoever else uses it.
    expect((await engine.getImage(image).inspect()).RepoTags).toContain(image);
  });
});
