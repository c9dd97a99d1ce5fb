// A container's `wait: true`: until Docker reports it healthy, for at most `waitTimeout` seconds. The stand-in wakes on
// the engine's health_status events instead of inspecting once a second as the real provider does (README: "Where it
// knowingly differs"); the outcome and the messages are the real provider's.
import type Docker from "dockerode";
import { demuxDockerLogs, describeContainer } from "./model/container";

/** What the wait needs from the engine, so the waiting logic is tested without one. */
export interface HealthSource {
  inspect(): Promise<Docker.ContainerInspectInfo>;
  /**
   * Starts delivering the container's health_status events: `onEvent` for each, `onEnd` once when the stream ends or
   * fails. Resolves with a function that stops it.
   */
  watch(onEvent: () => void, onEnd: () => void): Promise<() => void>;
  /** The last lines of the container's log, for the timeout message. */
  logTail(): Promise<string>;
}

export interface HealthWaitTiming {
  /** Without an event, inspect again after this long anyway: a missed event then costs this, not the whole wait. */
  recheckMs: number;
  /** Once the event stream has ended or failed: inspect this often, as the real provider does throughout. */
  pollMs: number;
}

export const HEALTH_WAIT_TIMING: HealthWaitTiming = { recheckMs: 5_000, pollMs: 1_000 };

/**
 * `CDC_KAFKA_DOCKER_HEALTH_POLL=1` in the plugin's environment: inspect once a second and ignore events, as the real
 * provider does, so a benchmark can measure the stack as the real plugin would run it, side by side.
 */
export const POLL_LIKE_REAL_PROVIDER_VARIABLE = "CDC_KAFKA_DOCKER_HEALTH_POLL";

export function pollsLikeRealProvider(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[POLL_LIKE_REAL_PROVIDER_VARIABLE] === "1";
}

export const NO_HEALTHCHECK_MESSAGE =
  "you have supplied a 'wait' argument, but the container does not have a healthcheck defined. Please remove the 'wait' argument or add a 'healthcheck' attribute.";

export function healthTimeoutMessage(timeoutSeconds: number, description: string): string {
  return `container failed to be in healthy state within ${timeoutSeconds} s (${description}). Fix the container's healthcheck or command, or raise waitTimeout.`;
}

/**
 * Resolves once the container is healthy; throws the real provider's message when it has no healthcheck, or when it
 * is not healthy within `timeoutSeconds` (a container that stopped is waited for until then too, as there).
 */
export async function waitForHealthy(source: HealthSource, timeoutSeconds: number, timing: HealthWaitTiming = HEALTH_WAIT_TIMING): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let events = 0;
  let streaming = true;
  let wake: () => void = () => undefined;
  // Watching starts before the first inspect, so a change between the two is never missed.
  const stop = await source.watch(
    () => {
      events++;
      wake();
    },
    () => {
      streaming = false;
      wake();
    },
  );
  try {
    for (;;) {
      const eventsBefore = events;
      const info = await source.inspect();
      if (!info.State.Health) throw new Error(NO_HEALTHCHECK_MESSAGE);
      if (info.State.Health.Status === "healthy") return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(healthTimeoutMessage(timeoutSeconds, describeContainer(info, await source.logTail())));
      // An event that arrived during the inspect may be newer than what it returned: look again at once.
      if (events !== eventsBefore) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(streaming ? timing.recheckMs : timing.pollMs, remaining));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  } finally {
    stop();
  }
}

/** The engine's side of {@link HealthSource}: inspect, GET /events filtered to this container's health_status, logs. */
export function engineHealthSource(docker: Docker, target: Docker.Container, logLines: number, pollOnly = pollsLikeRealProvider()): HealthSource {
  return {
    inspect: () => target.inspect(),
    async watch(onEvent, onEnd) {
      if (pollOnly) {
        onEnd();
        return () => undefined;
      }
      // Docker matches "health_status" against the events' "health_status: healthy" etc. (a fuzzy match it makes for
      // this event alone).
      const stream = (await docker.getEvents({
        filters: { type: ["container"], container: [target.id], event: ["health_status"] },
      })) as NodeJS.ReadableStream & { destroy?: () => void };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        onEnd();
      };
      stream.on("data", onEvent);
      stream.on("end", end);
      stream.on("close", end);
      stream.on("error", end);
      return () => {
        ended = true;
        stream.removeListener("data", onEvent);
        stream.destroy?.();
      };
    },
    logTail: () => containerLogTail(target, logLines),
  };
}

/** The last `lines` lines of the container's log (stdout and stderr), for error messages. */
export async function containerLogTail(target: Docker.Container, lines: number): Promise<string> {
  return demuxDockerLogs(await target.logs({ stdout: true, stderr: true, tail: lines, follow: false }));
}
