// The docker provider stand-in's wait for a healthy container: woken by the engine's health_status events (not a
// 1 s poll), the real provider's messages on a missing healthcheck and on the timeout, a 1 s poll once the event
// stream is gone, and the stream always stopped. A scripted HealthSource stands in for the engine.
import type Docker from "dockerode";
import { HealthSource, healthTimeoutMessage, NO_HEALTHCHECK_MESSAGE, waitForHealthy } from "../../toolchain/plugins/docker/healthWait";
import { describeContainer } from "../../toolchain/plugins/docker/model/container";

type Health = "starting" | "healthy" | "unhealthy" | "none";

function inspectInfo(health: Health): Docker.ContainerInspectInfo {
  return {
    State: {
      Status: "running",
      Running: true,
      ExitCode: 0,
      ...(health === "none"
        ? {}
        : { Health: { Status: health, FailingStreak: health === "unhealthy" ? 3 : 0, Log: [{ Start: "", End: "", ExitCode: 1, Output: "not yet\n" }] } }),
    },
  } as unknown as Docker.ContainerInspectInfo;
}

/**
 * A container whose inspects answer `states` in turn (the last one repeating); `onInspect(n)` runs during the n-th
 * inspect (1-based), before it answers. Records inspects, stops and the elapsed time.
 */
function scriptedSource(states: Health[], options: { onInspect?: (n: number, source: Scripted) => void; endStreamAtOnce?: boolean } = {}) {
  const source: Scripted = {
    inspects: 0,
    stops: 0,
    emit: () => undefined,
    end: () => undefined,
    async watch(onEvent, onEnd) {
      source.emit = onEvent;
      source.end = onEnd;
      if (options.endStreamAtOnce) onEnd();
      return () => {
        source.stops++;
      };
    },
    async inspect() {
      source.inspects++;
      options.onInspect?.(source.inspects, source);
      return inspectInfo(states[Math.min(source.inspects, states.length) - 1]);
    },
    async logTail() {
      return "broker starting\nstill starting\n";
    },
  };
  return source;
}

interface Scripted extends HealthSource {
  inspects: number;
  stops: number;
  emit: () => void;
  end: () => void;
}

/** Long enough that a test passing in far less time proves something other than the recheck woke the wait. */
const SLOW = { recheckMs: 10_000, pollMs: 10_000 };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await run();
  return Date.now() - started;
}

test("already healthy: one inspect, and the event stream is stopped", async () => {
  const source = scriptedSource(["healthy"]);
  await waitForHealthy(source, 60, SLOW);
  expect(source.inspects).toBe(1);
  expect(source.stops).toBe(1);
});

test("a health_status event wakes the wait at once: healthy 100 ms after the start, not at the next 1 s poll", async () => {
  const source = scriptedSource(["starting", "healthy"]);
  setTimeout(() => source.emit(), 100);
  const elapsed = await timed(() => waitForHealthy(source, 60, SLOW));
  expect(elapsed).toBeGreaterThanOrEqual(90);
  expect(elapsed).toBeLessThan(600);
  expect(source.inspects).toBe(2);
  expect(source.stops).toBe(1);
});

test("an event that arrives while an inspect is answering triggers another inspect at once", async () => {
  // The first inspect answers "starting" but Docker turned it healthy meanwhile: the event came during the inspect.
  const source = scriptedSource(["starting", "healthy"], { onInspect: (n, self) => n === 1 && self.emit() });
  const elapsed = await timed(() => waitForHealthy(source, 60, SLOW));
  expect(elapsed).toBeLessThan(500);
  expect(source.inspects).toBe(2);
});

test("without events it still inspects again after recheckMs, so a missed event costs that, not the whole wait", async () => {
  const source = scriptedSource(["starting", "healthy"]);
  const elapsed = await timed(() => waitForHealthy(source, 60, { recheckMs: 150, pollMs: 10_000 }));
  expect(elapsed).toBeGreaterThanOrEqual(140);
  expect(elapsed).toBeLessThan(2_000);
  expect(source.inspects).toBe(2);
});

test("once the event stream ends, it inspects every pollMs, as the real provider does throughout", async () => {
  const source = scriptedSource(["starting", "starting", "starting", "healthy"], { endStreamAtOnce: true });
  const elapsed = await timed(() => waitForHealthy(source, 60, { recheckMs: 10_000, pollMs: 50 }));
  expect(elapsed).toBeGreaterThanOrEqual(140);
  expect(elapsed).toBeLessThan(2_000);
  expect(source.inspects).toBe(4);
});

test("a stream that ends while the wait sleeps wakes it into polling", async () => {
  const source = scriptedSource(["starting", "starting", "healthy"]);
  setTimeout(() => source.end(), 50);
  const elapsed = await timed(() => waitForHealthy(source, 60, { recheckMs: 10_000, pollMs: 50 }));
  expect(elapsed).toBeLessThan(2_000);
  expect(source.inspects).toBe(3);
});

test("no healthcheck: the real provider's message, and the stream is stopped", async () => {
  const source = scriptedSource(["none"]);
  await expect(waitForHealthy(source, 60, SLOW)).rejects.toThrow(new Error(NO_HEALTHCHECK_MESSAGE));
  expect(NO_HEALTHCHECK_MESSAGE).toBe(
    "you have supplied a 'wait' argument, but the container does not have a healthcheck defined. Please remove the 'wait' argument or add a 'healthcheck' attribute.",
  );
  expect(source.stops).toBe(1);
});

test("never healthy: fails at waitTimeout with the container's state and log tail, without inspecting in a loop", async () => {
  const source = scriptedSource(["unhealthy"]);
  const failure = waitForHealthy(source, 0.3, { recheckMs: 100, pollMs: 100 });
  const elapsed = await timed(() => failure.catch(() => undefined));
  const description = describeContainer(inspectInfo("unhealthy"), "broker starting\nstill starting\n");
  await expect(failure).rejects.toThrow(new Error(healthTimeoutMessage(0.3, description)));
  expect(healthTimeoutMessage(0.3, description)).toBe(
    "container failed to be in healthy state within 0.3 s (status running, health unhealthy after 3 failed probe(s) in a row, " +
      'last probe exited 1: "not yet"; last log lines:\n  broker starting\n  still starting). ' +
      "Fix the container's healthcheck or command, or raise waitTimeout.",
  );
  expect(elapsed).toBeGreaterThanOrEqual(290);
  expect(source.inspects).toBeLessThanOrEqual(6);
  expect(source.stops).toBe(1);
});

test("events that keep arriving for a container that stays unhealthy still end at waitTimeout", async () => {
  const source = scriptedSource(["starting"]);
  const storm = setInterval(() => source.emit(), 20);
  try {
    await expect(waitForHealthy(source, 0.2, SLOW)).rejects.toThrow(/^container failed to be in healthy state within 0.2 s/);
  } finally {
    clearInterval(storm);
  }
  expect(source.stops).toBe(1);
});
