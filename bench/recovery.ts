// Recovery: after a SIGKILL of the broker (then a start, as the restart policy or an operator would), how long until
// an acks=all send through the project's kafkajs helper succeeds again, against a fresh start of the same image
// (a new container, `docker run` until healthy) in the same round. The restarted container's own start-to-healthy is
// a reference: it includes the wait for its old registration's session, which the fresh start does not have.
import { KAFKAJS_MAX_RETRY_MS } from "../components/clientConfig";
import { CDC_TOPICS } from "../components/config";
import Docker from "dockerode";
import { Producer } from "kafkajs";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../components/kafkajsClient";
import { docker } from "../support/docker";
import { uniqueId } from "../support/ids";
import { freePorts } from "../support/ports";
import { sleep } from "../support/waitFor";
import { healthTimeline, librarySpec, runBroker, waitHealthy } from "./brokerContainer";
import { Benchmark, BenchContext, benchStack, secondsSince, testLabel, timedUp } from "./harness";
import { armOrder, summarize } from "./stats";

/** Rounds are cheap (one restart each), so more of them than elsewhere. */
const ROUNDS = 5;
const RECOVERY_TIMEOUT_MS = 120_000;
/** An at-least-once application sends a failed batch again; the delivery test's producer waits this long first. */
const RESEND_PAUSE_MS = 250;

/**
 * Sends one message until it is acknowledged, repeating the send when kafkajs gives up on it (it does, with "Closed
 * connection", for a send issued as the broker dies); resolves with the time of the acknowledgement.
 */
async function sendUntilAcknowledged(
  producer: Producer,
  topic: string,
  value: string,
  failures: Map<string, number>,
  deadlineMs: number,
): Promise<number> {
  for (;;) {
    try {
      await sendAcknowledged(producer, topic, [{ value }]);
      return Date.now();
    } catch (error) {
      const message = (error as Error).message;
      failures.set(message, (failures.get(message) ?? 0) + 1);
      if (Date.now() > deadlineMs) throw error;
      await sleep(RESEND_PAUSE_MS);
    }
  }
}

/**
 * What the broker's own log says about this start: when Kafka reported itself started (epoch ms), and how often the
 * controller refused its registration as a duplicate (the previous incarnation's session had not yet expired).
 */
async function brokerLogSince(
  container: Docker.Container,
  startedMs: number,
): Promise<{ serverStartedMs?: number; duplicateRegistrations: number; duplicateRegistrationWaitMs?: number }> {
  const raw = await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, since: Math.floor(startedMs / 1000) });
  // Docker frames each chunk with an 8-byte header; the lines still carry their timestamps, so match inside them.
  const text = raw.toString("utf8");
  const timeOf = (pattern: string) => {
    const match = text.match(new RegExp(`(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) [^\\n]*${pattern}`));
    return match ? Date.parse(match[1]) : undefined;
  };
  const firstRefusal = timeOf("returned error DUPLICATE_BROKER_REGISTRATION");
  const registered = timeOf("Successfully registered broker");
  return {
    serverStartedMs: timeOf("Kafka Server started"),
    duplicateRegistrations: (text.match(/returned error DUPLICATE_BROKER_REGISTRATION/g) ?? []).length,
    // From the first refusal to the registration the controller accepted: the wait for the old session to expire.
    duplicateRegistrationWaitMs: firstRefusal !== undefined && registered !== undefined ? registered - firstRefusal : undefined,
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s; see the broker's docker logs.`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export const recovery: Benchmark = {
  name: "recovery",
  title: "Recovery after SIGKILL",
  expectedMinutes: 3,
  async measure(ctx: BenchContext) {
    const deployment = await benchStack(ctx, "recovery");
    await timedUp(deployment);
    const topic = CDC_TOPICS[0];
    const container = docker.getContainer(deployment.brokerContainer);
    const stackBroker = await container.inspect();
    const { labels } = testLabel(ctx, "recovery-fresh");
    const [freshPort] = await freePorts(1);
    const producer = deliveryProducer(kafkaClient(deployment.bootstrapServers, "bench-recovery"));
    await producer.connect();
    const disconnect = ctx.cleanups.add("recovery producer", () => producer.disconnect());
    const killToAck: number[] = [];
    const freshRunToHealthy: number[] = [];
    const startToHealthy: number[] = [];
    const startToAck: number[] = [];
    const killToStart: number[] = [];
    const startToServing: number[] = [];
    const duplicateRegistrations: number[] = [];
    const duplicateRegistrationWait: number[] = [];
    /** Error message → how many sends failed with it (and were sent again). */
    const failedSends = new Map<string, number>();

    // A new container of the same image, with the library's environment and the stack broker's own healthcheck, on
    // an empty volume: `docker run` until Docker reports it healthy (polled every 100 ms), then removed.
    const freshArm = async (round: number) => {
      const spec = librarySpec({ name: uniqueId("bench-fresh"), hostPort: freshPort, healthTest: [], intervalSeconds: 0, labels });
      spec.image = stackBroker.Config.Image;
      spec.healthcheck = stackBroker.Config.Healthcheck as Docker.HealthConfig;
      const started = performance.now();
      const fresh = await runBroker(spec);
      try {
        await waitHealthy(fresh, RECOVERY_TIMEOUT_MS);
        freshRunToHealthy.push(secondsSince(started));
      } finally {
        await fresh.remove({ force: true, v: true });
      }
      ctx.log(`round ${round + 1}: fresh container of the same image healthy ${freshRunToHealthy[round].toFixed(1)} s after docker run`);
    };

    const killArm = async (round: number) => {
      await waitHealthy(container, RECOVERY_TIMEOUT_MS);
      await sendAcknowledged(producer, topic, [{ value: `before kill ${round}` }]);
      const killedAt = Date.now();
      await container.kill({ signal: "SIGKILL" });
      // In flight from the moment of the crash, as an application's next send would be. A single send may retry
      // inside kafkajs without end (unlimited retries), hence the deadline around it as well.
      const acknowledged = sendUntilAcknowledged(producer, topic, `after kill ${round}`, failedSends, killedAt + RECOVERY_TIMEOUT_MS);
      await container.wait();
      await container.start().catch((error: { statusCode?: number }) => {
        // 304: already started (the restart policy won the race); the same outcome.
        if (error.statusCode !== 304) throw error;
      });
      const ackedAt = await withDeadline(acknowledged, RECOVERY_TIMEOUT_MS, "An acknowledged send after the kill");
      await waitHealthy(container, RECOVERY_TIMEOUT_MS);
      const timeline = healthTimeline(await container.inspect());
      if (timeline.healthyMs === undefined) {
        throw new Error("Docker's health log no longer holds the first passing probe after the restart, so start-to-healthy is unknown; run the benchmark again.");
      }
      killToAck.push((ackedAt - killedAt) / 1000);
      startToHealthy.push((timeline.healthyMs - timeline.startedMs) / 1000);
      startToAck.push((ackedAt - timeline.startedMs) / 1000);
      killToStart.push((timeline.startedMs - killedAt) / 1000);
      const brokerLog = await brokerLogSince(container, timeline.startedMs);
      if (brokerLog.serverStartedMs !== undefined) startToServing.push((brokerLog.serverStartedMs - timeline.startedMs) / 1000);
      duplicateRegistrations.push(brokerLog.duplicateRegistrations);
      if (brokerLog.duplicateRegistrationWaitMs !== undefined) duplicateRegistrationWait.push(brokerLog.duplicateRegistrationWaitMs / 1000);
      ctx.log(`round ${round + 1}: send acknowledged ${killToAck[round].toFixed(1)} s after the kill; container healthy ${startToHealthy[round].toFixed(1)} s after its start`);
    };

    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder([killArm, freshArm], round)) await arm(round);
    }
    await disconnect();
    await deployment.remove();
    const sessionSetting = (name: string) => stackBroker.Config.Env.find((entry) => entry.startsWith(`${name}=`))?.split("=")[1] ?? "Kafka's default";
    return {
      subject: { label: "SIGKILL → acks=all send acknowledged (kafkajs)", unit: "s", values: killToAck },
      baseline: { label: "fresh start: a new container of the same image, docker run → healthy", unit: "s", values: freshRunToHealthy },
      references: [{ label: "the killed container's own start → healthy", unit: "s", values: startToHealthy }],
      ratioMeaning: "send recovery / fresh start",
      paired: true,
      target: { op: "<=", value: 1.5 },
      details: {
        rounds: ROUNDS,
        brokerSessionTimeoutMs: sessionSetting("KAFKA_BROKER_SESSION_TIMEOUT_MS"),
        brokerHeartbeatIntervalMs: sessionSetting("KAFKA_BROKER_HEARTBEAT_INTERVAL_MS"),
        killToStartSeconds: summarize(killToStart),
        startToKafkaServerStartedSeconds: startToServing.length > 0 ? summarize(startToServing) : undefined,
        duplicateRegistrationRefusalsPerStart: summarize(duplicateRegistrations),
        duplicateRegistrationWaitSeconds: duplicateRegistrationWait.length > 0 ? summarize(duplicateRegistrationWait) : undefined,
        failedSendsRepeated: Object.fromEntries(failedSends),
        startToAckSeconds: summarize(startToAck),
      },
      notes: [
        `Each round: SIGKILL the stack's broker (docker kill) and start it again at once, as the restart policy would after a crash; one send issued right after the kill through deliveryProducer/sendAcknowledged (kafkajs retries with backoff from 100 ms up to ${KAFKAJS_MAX_RETRY_MS} ms).`,
        `kafkajs gives up on a send caught by the kill (failedSendsRepeated); the benchmark then sends again after ${RESEND_PAUSE_MS} ms, as an at-least-once application (and the delivery test) does.`,
        "Fresh start (the baseline), in the same round, the order alternating: a new container of the stack's image with the library's broker environment, the stack broker's healthcheck and an empty anonymous volume, timed from create + start (docker run) until Docker reports it healthy, polled every 100 ms; removed after.",
        "Reference: the killed container's own start-to-healthy, from Docker's timestamps (StartedAt, end of the first passing probe) of the same restart; the kill-to-start gap is in the details.",
        "From the broker's log of each restart: when Kafka logged 'Kafka Server started', how often the controller refused the node's registration with DUPLICATE_BROKER_REGISTRATION, and the wait from the first refusal to the accepted registration (after an unclean stop the node waits for its old registration's broker.session.timeout.ms to expire; the broker retries with a backoff that doubles from 100 ms up to that timeout).",
      ],
    };
  },
};
