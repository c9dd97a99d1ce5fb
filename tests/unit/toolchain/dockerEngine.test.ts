// The setup's engine step: which DOCKER_HOST it can serve with a local dockerd, and one sentence at once for one it
// cannot (instead of starting a dockerd nobody talks to and waiting for it).
import { configuredRemoteEngine, dockerEngineStep } from "../../../toolchain/steps/dockerEngine";

test.each([
  [undefined, undefined],
  ["", undefined],
  ["unix:///var/run/docker.sock", undefined],
  ["unix:///run/docker.sock", undefined],
  ["tcp://10.0.0.5:2376", "tcp://10.0.0.5:2376"],
  ["unix:///home/me/.docker/run/docker.sock", "unix:///home/me/.docker/run/docker.sock"],
])("DOCKER_HOST %p names a remote engine: %p", (host, remote) => {
  expect(configuredRemoteEngine(host === undefined ? {} : { DOCKER_HOST: host })).toBe(remote);
});

test("an engine DOCKER_HOST names that does not answer is one sentence, before any package or dockerd", async () => {
  const context = { repoRoot: "/nonexistent", cacheDir: "/nonexistent", logDir: "/nonexistent", env: { DOCKER_HOST: "tcp://127.0.0.1:1" } };
  await expect(dockerEngineStep.build(context, "/nonexistent/log")).rejects.toThrow(
    "DOCKER_HOST=tcp://127.0.0.1:1 does not answer `docker info`; start that engine, or unset DOCKER_HOST so setup starts a local dockerd.",
  );
});
