// The docker provider stand-in against the real Docker engine, driven the way the Pulumi engine drives a provider:
// check, diff, create, read, update and delete on the DockerProvider class, for each resource; drift after an
// out-of-band removal and stop; the wait-for-healthy failure path. Everything made carries cdc-kafka.test=<id>.
import Docker from "dockerode";
import * as tar from "tar-stream";
import { uniqueId } from "../../support/ids";
import { engineHealthSource, waitForHealthy } from "../../toolchain/plugins/docker/healthWait";
import { DockerProvider } from "../../toolchain/plugins/docker/provider";
import { removeLabelled } from "../../toolchain/plugins/docker/testing/removeLabelled";
import { importTinyImage } from "../../toolchain/plugins/docker/testing/tinyImage";

jest.setTimeout(60_000);

const docker = new Docker();
const testId = uniqueId("dockerprov");
const testLabel = { label: "cdc-kafka.test", value: testId };
const image = `cdc-kafka-test/tiny:${testId}`;
const provider = new DockerProvider();
const tokens = {
  container: "docker:index/container:Container",
  network: "docker:index/network:Network",
  volume: "docker:index/volume:Volume",
  remoteImage: "docker:index/remoteImage:RemoteImage",
};

const urnOf = (type: string, name: string) => `urn:pulumi:test::cdc-kafka::${type}::${name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** check, then create, as the engine does for a new resource. */
async function create(type: string, name: string, news: Record<string, unknown>) {
  const urn = urnOf(type, name);
  const { inputs, failures } = await provider.check(urn, {}, news);
  expect(failures).toEqual([]);
  const { id, outs } = await provider.create(urn, inputs);
  return { urn, id, inputs, outs: outs as Record<string, unknown> };
}

/** Whatever a Docker call fails with, or undefined. */
async function failureOf(promise: Promise<unknown>): Promise<{ statusCode?: number; message: string } | undefined> {
  return promise.then(
    () => undefined,
    (error) => error,
  );
}

/** The one file GET /containers/{id}/archive returns for `path`: its mode bits and content. */
async function fileInContainer(id: string, path: string): Promise<{ mode: number; content: string }> {
  const archive = await docker.getContainer(id).getArchive({ path });
  const extract = tar.extract();
  const files: { mode: number; content: string }[] = [];
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      files.push({ mode: (header.mode ?? 0) & 0o7777, content: Buffer.concat(chunks).toString("utf8") });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on("finish", resolve).on("error", reject);
    archive.pipe(extract);
  });
  expect(files).toHaveLength(1);
  return files[0];
}

beforeAll(async () => {
  await importTinyImage(docker, image, { "cdc-kafka.test": testId });
});

afterAll(async () => {
  await removeLabelled(docker, `cdc-kafka.test=${testId}`);
  for (const reference of [image, `${image}-extra`]) await failureOf(docker.getImage(reference).remove({ force: true }));
});

test("network: create, no diff, replacement, read, out-of-band removal, idempotent delete", async () => {
  const net = await create(tokens.network, "net", { labels: [testLabel] });
  expect(net.inputs.name).toMatch(/^net-[0-9a-f]{7}$/);
  expect(net.outs).toMatchObject({ name: net.inputs.name, driver: "bridge", internal: false, scope: "local", ipamDriver: "default", labels: [testLabel] });
  expect((await docker.getNetwork(net.id).inspect()).Labels).toEqual({ "cdc-kafka.test": testId });

  const again = await provider.check(net.urn, net.inputs, { labels: [testLabel] });
  expect(again.inputs.name).toBe(net.inputs.name);
  expect(await provider.diff(net.id, net.urn, net.outs, again.inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  expect(await provider.diff(net.id, net.urn, net.outs, { ...again.inputs, internal: true })).toEqual({ changes: true, replaces: ["internal"], deleteBeforeReplace: false, diffs: ["internal"] });
  expect(await provider.read(net.id, net.urn, net.outs)).toEqual({ id: net.id, props: net.outs });

  await docker.getNetwork(net.id).remove();
  expect(await provider.read(net.id, net.urn, net.outs)).toEqual({ id: "", props: {} });
  await provider.delete(net.id, net.urn, net.outs);
});

test("volume: create, mountpoint, no diff, replacement, read, out-of-band removal, idempotent delete", async () => {
  const vol = await create(tokens.volume, "data", { labels: [testLabel] });
  expect(vol.id).toBe(vol.inputs.name);
  expect(vol.outs).toMatchObject({ name: vol.id, driver: "local", labels: [testLabel], mountpoint: expect.stringContaining(vol.id) });

  const again = await provider.check(vol.urn, vol.inputs, { labels: [testLabel] });
  expect(await provider.diff(vol.id, vol.urn, vol.outs, again.inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  expect(await provider.diff(vol.id, vol.urn, vol.outs, { ...again.inputs, labels: [] })).toEqual({ changes: true, replaces: ["labels"], deleteBeforeReplace: false, diffs: ["labels"] });
  expect(await provider.read(vol.id, vol.urn, vol.outs)).toEqual({ id: vol.id, props: vol.outs });

  await docker.getVolume(vol.id).remove();
  expect(await provider.read(vol.id, vol.urn, vol.outs)).toEqual({ id: "", props: {} });
  await provider.delete(vol.id, vol.urn, vol.outs);
});

test("remote image: a local image is used as it is and keepLocally decides whether delete removes it", async () => {
  const imageId = (await docker.getImage(image).inspect()).Id;
  const kept = await create(tokens.remoteImage, "kept", { name: image, keepLocally: true });
  expect(kept.id).toBe(`${imageId}${image}`);
  expect(kept.outs).toEqual({ name: image, keepLocally: true, imageId, repoDigest: "" });
  await provider.delete(kept.id, kept.urn, kept.outs);
  expect(await failureOf(docker.getImage(image).inspect())).toBeUndefined();

  // A second tag of the same image, so removing it leaves the test image in place.
  const extra = `${image}-extra`;
  await docker.getImage(image).tag({ repo: "cdc-kafka-test/tiny", tag: `${testId}-extra` });
  const removed = await create(tokens.remoteImage, "removed", { name: extra });
  expect(await provider.diff(removed.id, removed.urn, removed.outs, { name: extra, keepLocally: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["keepLocally"] });
  await provider.delete(removed.id, removed.urn, removed.outs);
  expect(await failureOf(docker.getImage(extra).inspect())).toMatchObject({ statusCode: 404 });
  expect(await provider.read(removed.id, removed.urn, removed.outs)).toEqual({ id: "", props: {} });
});

test("remote image: an absent image that cannot be pulled fails with the pull error and what to do", async () => {
  const absent = `cdc-kafka-test/absent:${testId}`;
  const error = await failureOf(create(tokens.remoteImage, "absent", { name: absent }));
  expect(error?.message).toContain(`Unable to read Docker image into resource: unable to pull image ${absent}: error pulling image ${absent}: `);
  expect(error?.message).toContain(`No registry is reachable from this machine: build or load ${absent} locally first`);
});

test("container: wait for healthy, outputs, no diff, replace vs update, drift after stop and removal, idempotent delete", async () => {
  const net = await create(tokens.network, "app-net", { labels: [testLabel] });
  const vol = await create(tokens.volume, "app-data", { labels: [testLabel] });
  const news = {
    image,
    command: ["sh", "-c", "echo started; exec sleep 3600"],
    envs: ["GREETING=hello"],
    labels: [testLabel],
    ports: [{ internal: 8080, ip: "127.0.0.1" }],
    volumes: [{ volumeName: vol.id, containerPath: "/data" }],
    networksAdvanced: [{ name: net.inputs.name, aliases: ["app"] }],
    healthcheck: { tests: ["CMD", "true"], interval: "1s", retries: 1 },
    wait: true,
    waitTimeout: 20,
  };
  const app = await create(tokens.container, "app", news);
  const networkName = String(net.inputs.name);
  const info = await docker.getContainer(app.id).inspect();
  expect(info.State.Health?.Status).toBe("healthy");
  expect(Object.keys(info.NetworkSettings.Networks)).toEqual([networkName]);
  expect(info.NetworkSettings.Networks[networkName].Aliases).toEqual(expect.arrayContaining(["app"]));
  expect(info.HostConfig.Binds).toEqual([`${vol.id}:/data:rw`]);
  expect(info.Config.Env).toEqual(expect.arrayContaining(["GREETING=hello"]));
  expect(app.outs).toMatchObject({
    name: app.inputs.name,
    image,
    hostname: app.id.slice(0, 12),
    command: news.command,
    mustRun: true,
    restart: "no",
    healthcheck: { tests: ["CMD", "true"], interval: "1s", timeout: "0s", startPeriod: "0s", retries: 1 },
    networkDatas: [{ networkName, ipAddress: info.NetworkSettings.Networks[networkName].IPAddress }],
    ports: [{ internal: 8080, ip: "127.0.0.1", protocol: "tcp", external: Number(info.NetworkSettings.Ports["8080/tcp"][0].HostPort) }],
  });
  expect(app.outs.exitCode).toBeUndefined();

  const rechecked = (await provider.check(app.urn, app.inputs, news)).inputs;
  expect(rechecked.name).toBe(app.inputs.name);
  expect(await provider.diff(app.id, app.urn, app.outs, rechecked)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  expect(await provider.diff(app.id, app.urn, app.outs, { ...rechecked, envs: ["GREETING=bye"] })).toEqual({ changes: true, replaces: ["envs"], deleteBeforeReplace: true, diffs: ["envs"] });
  const restartAlways = { ...rechecked, restart: "always" };
  expect(await provider.diff(app.id, app.urn, app.outs, restartAlways)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["restart"] });
  const updated = (await provider.update(app.id, app.urn, app.outs, restartAlways)).outs;
  expect(updated.restart).toBe("always");
  expect((await docker.getContainer(app.id).inspect()).HostConfig.RestartPolicy?.Name).toBe("always");

  // Stopped out of band (a manual stop is not undone by the restart policy): refresh says so, the next up starts it.
  await docker.getContainer(app.id).stop({ t: 0 });
  const stopped = await provider.read(app.id, app.urn, updated);
  expect(stopped).toMatchObject({ id: app.id, props: { exitCode: 137, mustRun: false } });
  expect(await provider.diff(app.id, app.urn, stopped.props, restartAlways)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["mustRun"] });
  expect((await provider.update(app.id, app.urn, stopped.props, restartAlways)).outs?.mustRun).toBe(true);
  expect((await docker.getContainer(app.id).inspect()).State.Running).toBe(true);

  // Removed out of band: refresh reports it gone, so the next up creates it again.
  await docker.getContainer(app.id).remove({ force: true });
  expect(await provider.read(app.id, app.urn, updated)).toEqual({ id: "", props: {} });
  await provider.delete(app.id, app.urn, updated);
  await provider.delete(vol.id, vol.urn, vol.outs);
  await provider.delete(net.id, net.urn, net.outs);
  expect(await failureOf(docker.getNetwork(net.id).inspect())).toMatchObject({ statusCode: 404 });
});

test("container: a failing healthcheck ends create with the state and last log lines, and nothing is left behind", async () => {
  const urn = urnOf(tokens.container, "sick");
  const news = {
    image,
    command: ["sh", "-c", "echo booting; echo not ready >&2; exec sleep 3600"],
    labels: [testLabel],
    healthcheck: { tests: ["CMD", "false"], interval: "1s", retries: 1 },
    wait: true,
    waitTimeout: 4,
  };
  const { inputs } = await provider.check(urn, {}, news);
  const started = Date.now();
  const error = await failureOf(provider.create(urn, inputs));
  expect(Date.now() - started).toBeLessThan(10_000);
  const name = String(inputs.name);
  // Docker copies stdout and stderr in separate goroutines, so lines written a moment apart on the two streams may
  // reach the log in either order.
  expect(error?.message).toMatch(
    new RegExp(
      "^container failed to be in healthy state within 4 s \\(status running, health unhealthy after \\d+ failed probe\\(s\\) in a row, " +
        'last probe exited 1: ""; last log lines:\\n  (booting\\n  not ready|not ready\\n  booting)\\)\\. ' +
        "Fix the container's healthcheck or command, or raise waitTimeout\\. " +
        `The docker provider stand-in removed the container ${name} \\([0-9a-f]{12}\\) it had created, so nothing is left behind\\.$`,
    ),
  );
  expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
});

test("container: wait without a healthcheck fails as the real provider's does, and the container is removed", async () => {
  const urn = urnOf(tokens.container, "unchecked");
  const { inputs } = await provider.check(urn, {}, { image, command: ["sleep", "3600"], labels: [testLabel], wait: true });
  const error = await failureOf(provider.create(urn, inputs));
  expect(error?.message).toBe(
    "you have supplied a 'wait' argument, but the container does not have a healthcheck defined. Please remove the 'wait' argument or add a 'healthcheck' attribute. " +
      `The docker provider stand-in removed the container ${inputs.name} (${error?.message.match(/\(([0-9a-f]{12})\)/)?.[1]}) it had created, so nothing is left behind.`,
  );
  expect(await docker.listContainers({ all: true, filters: { name: [String(inputs.name)] } })).toEqual([]);
});

test("container: one that must run but is not running after the create fails the create and is removed; with mustRun false it is recorded", async () => {
  const urn = urnOf(tokens.container, "idle");
  const news = { image, command: ["sleep", "3600"], labels: [testLabel], start: false };
  const { inputs } = await provider.check(urn, {}, news);
  const error = await failureOf(provider.create(urn, inputs));
  // Before, the state said mustRun false and the next up started the container in place.
  expect(error?.message).toMatch(
    new RegExp(`^container failed to be in running state \\(status created, exit code 0; no log output\\)\\. The docker provider stand-in removed the container ${inputs.name} \\([0-9a-f]{12}\\)`),
  );
  expect(await docker.listContainers({ all: true, filters: { name: [String(inputs.name)] } })).toEqual([]);

  const allowed = await create(tokens.container, "idle-allowed", { ...news, mustRun: false });
  try {
    expect(allowed.outs).toMatchObject({ mustRun: false, exitCode: 0, start: false });
    const again = await provider.check(allowed.urn, allowed.inputs, { ...news, mustRun: false });
    expect(await provider.diff(allowed.id, allowed.urn, allowed.outs, again.inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  } finally {
    await provider.delete(allowed.id, allowed.urn, allowed.outs);
  }
});

test("container: the engine's health_status events drive the wait (filtered to the container), with no poll to fall back on", async () => {
  const target = await docker.createContainer({
    Image: image,
    Cmd: ["sh", "-c", "exec sleep 3600"],
    Labels: { "cdc-kafka.test": testId },
    // The first probe passes after the first interval: healthy about 1 s after the start.
    Healthcheck: { Test: ["CMD", "true"], Interval: 1e9, Retries: 1 },
  });
  try {
    const events: number[] = [];
    const source = engineHealthSource(docker, target, 5);
    const watching = source.watch(
      () => events.push(Date.now()),
      () => undefined,
    );
    const stop = await watching;
    stop();
    await target.start();
    const started = Date.now();
    // recheck and poll far beyond the test's timeout: only an event can end this wait in time.
    await waitForHealthy(source, 30, { recheckMs: 120_000, pollMs: 120_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await target.inspect()).State.Health?.Status).toBe("healthy");
    // The stream stopped before the start delivered nothing after stop().
    expect(events).toEqual([]);
  } finally {
    await target.remove({ force: true });
  }
});

test("container: uploads are in place before the start, with their modes; a changed upload replaces; delete removes the anonymous volume", async () => {
  const script = "#!/bin/sh\necho uploaded script ran\nexec sleep 3600\n";
  const config = "broker.id=1\n";
  const uploads = [
    { file: "/opt/app/run.sh", content: script, executable: true },
    { file: "/etc/app/app.properties", contentBase64: Buffer.from(config).toString("base64"), permissions: "0640" },
  ];
  // The command is the uploaded script itself, so the start fails unless the upload came first.
  const app = await create(tokens.container, "uploads", { image, command: ["/opt/app/run.sh"], labels: [testLabel], uploads, volumes: [{ containerPath: "/scratch" }] });
  try {
    expect(app.inputs.uploads).toEqual([uploads[0], { ...uploads[1], executable: false }]);
    expect(app.outs.uploads).toEqual(app.inputs.uploads);
    expect(await fileInContainer(app.id, "/opt/app/run.sh")).toEqual({ mode: 0o744, content: script });
    expect(await fileInContainer(app.id, "/etc/app/app.properties")).toEqual({ mode: 0o640, content: config });
    const info = await docker.getContainer(app.id).inspect();
    expect(info.State.Running).toBe(true);
    const logs = async () => (await docker.getContainer(app.id).logs({ stdout: true, stderr: true, follow: false })).toString();
    for (let tries = 0; tries < 50 && !(await logs()).includes("uploaded script ran"); tries++) await sleep(100);
    expect(await logs()).toContain("uploaded script ran");

    const reordered = { ...app.inputs, uploads: [...(app.inputs.uploads as object[])].reverse() };
    expect(await provider.diff(app.id, app.urn, app.outs, reordered)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
    const changed = { ...app.inputs, uploads: [uploads[0], { ...uploads[1], executable: false, permissions: "0600" }] };
    expect(await provider.diff(app.id, app.urn, app.outs, changed)).toEqual({ changes: true, replaces: ["uploads"], deleteBeforeReplace: true, diffs: ["uploads"] });

    const [anonymous] = info.Mounts.filter((mount) => mount.Destination === "/scratch");
    expect(anonymous).toMatchObject({ Type: "volume", Name: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await provider.delete(app.id, app.urn, app.outs);
    expect(await failureOf(docker.getContainer(app.id).inspect())).toMatchObject({ statusCode: 404 });
    expect(await failureOf(docker.getVolume(String(anonymous.Name)).inspect())).toMatchObject({ statusCode: 404 });
  } finally {
    await failureOf(docker.getContainer(app.id).remove({ force: true, v: true }));
  }
});

test("network delete retries while a container is still attached", async () => {
  const net = await create(tokens.network, "busy-net", { labels: [testLabel] });
  const app = await create(tokens.container, "busy-app", { image, command: ["sleep", "3600"], labels: [testLabel], networksAdvanced: [{ name: net.inputs.name }] });
  let deleteSettled = false;
  const deleting = provider.delete(net.id, net.urn, net.outs).finally(() => (deleteSettled = true));
  await sleep(500);
  // Docker refused the first attempt (the container is attached), so the delete is still retrying and the network is there.
  expect(deleteSettled).toBe(false);
  expect((await docker.getNetwork(net.id).inspect()).Id).toBe(net.id);
  await provider.delete(app.id, app.urn, app.outs);
  await deleting;
  expect(await failureOf(docker.getNetwork(net.id).inspect())).toMatchObject({ statusCode: 404 });
});

test("check refuses a property the stand-in does not implement, naming it, and validates the provider's own config", async () => {
  const refused = await provider.check(urnOf(tokens.container, "x"), {}, { image, privileged: true });
  expect(refused.failures).toEqual([{ property: "privileged", reason: expect.stringMatching(/^privileged is not implemented by the offline docker provider stand-in/) }]);

  const config = "urn:pulumi:test::cdc-kafka::pulumi:providers:docker::default_5_2_0";
  expect(await provider.checkConfig(config, {}, { host: "unix:///var/run/docker.sock", version: "5.2.0" })).toEqual({
    inputs: { host: "unix:///var/run/docker.sock", version: "5.2.0" },
    failures: [],
  });
  expect((await provider.checkConfig(config, {}, { sshOpts: '["-o","x"]', host: "ssh://me@h" })).failures.map((failure) => failure.property)).toEqual(["sshOpts", "host"]);
  await expect(provider.create(urnOf("docker:index/service:Service", "s"), {})).rejects.toThrow(
    /^docker:index\/service:Service is not implemented by the offline docker provider stand-in/,
  );
});
