// Recovery: after a SIGKILL of the broker (then a start, as the restart policy or an operator would), how long until
// an acks=all send through the project's kafkajs helper succeeds again, against the broker container's own time
// from that start to healthy. Both figures come from the same kill in each round.
import { CDC_TOPICS } from "../components/config";
import Docker from "dockerode";
import { Producer } from "kafkajs";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../components/kafkajsClient";
import { docker } from "../support/docker";
import { sleep } from "../support/waitFor";
import { healthTimeline, waitHealthy } from "./brokerContainer";
import { Benchmark, BenchContext, benchStack, timedUp } from "./harness";
import { summarize } from "./stats";

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
async function brokerLogSince(container: Docker.Container, startedMs: number): Promise<{ serverStartedMs?: number; duplicateRegistrations: number }> {
  const raw = await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, since: Math.floor(startedMs / 1000) });
  // Docker frames each chunk with an 8-byte header; the lines still carry their timestamps, so match inside them.
  const text = raw.toString("utf8");
  const started = text.match(/(\d{4}-\d\d-\d\dT[\d:.]+Z) [^\n]*Kafka Server started/);
  return {
    serverStartedMs: started ? Date.parse(started[1]) : undefined,
    duplicateRegistrations: (text.match(/returned error DUPLICATE_BROKER_REGISTRATION/g) ?? []).length,
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
  expectedMinutes: 2,
  async measure(ctx: BenchContext) {
    const deployment = await benchStack(ctx, "recovery");
    await timedUp(deployment);
    const topic = CDC_TOPICS[0];
    const container = docker.getContainer(deployment.brokerContainer);
    const producer = deliveryProducer(kafkaClient(deployment.bootstrapServers, "bench-recovery"));
    await producer.connect();
    const disconnect = ctx.cleanups.add("recovery producer", () => producer.disconnect());
    const killToAck: number[] = [];
    const startToHealthy: number[] = [];
    const startToAck: number[] = [];
    const killToStart: number[] = [];
    const startToServing: number[] = [];
    const duplicateRegistrations: number[] = [];
    /** Error message → how many sends failed with it (and were sent again). */
    const failedSends = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
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
      ctx.log(`round ${round + 1}: send acknowledged ${killToAck[round].toFixed(1)} s after the kill; container healthy ${startToHealthy[round].toFixed(1)} s after its start`);
    }
    await disconnect();
    await deployment.remove();
    return {
      subject: { label: "SIGKILL → acks=all send acknowledged (kafkajs)", unit: "s", values: killToAck },
      baseline: { label: "broker container start → healthy", unit: "s", values: startToHealthy },
      ratioMeaning: "send recovery / container start-to-healthy",
      paired: true,
      details: {
        rounds: ROUNDS,
        killToStartSeconds: summarize(killToStart),
        startToKafkaServerStartedSeconds: startToServing.length > 0 ? summarize(startToServing) : undefined,
        duplicateRegistrationRefusalsPerStart: summarize(duplicateRegistrations),
        failedSendsRepeated: Object.fromEntries(failedSends),
        startToAckSeconds: summarize(startToAck),
      },
      notes: [
        "Each round: SIGKILL the stack's broker (docker kill) and start it again at once, as the restart policy would after a crash; one send issued right after the kill through deliveryProducer/sendAcknowledged (kafkajs retries with backoff from 100 ms up to 2 s).",
        `kafkajs gives up on a send caught by the kill (failedSendsRepeated); the benchmark then sends again after ${RESEND_PAUSE_MS} ms, as an at-least-once application (and the delivery test) does.`,
        "Start-to-healthy from Docker's own timestamps (StartedAt, end of the first passing probe, 2 s interval) of the same restart; the kill-to-start gap is in the details.",
        "From the broker's log of each restart: when Kafka logged 'Kafka Server started', and how often the controller refused the node's registration with DUPLICATE_BROKER_REGISTRATION (after an unclean stop it waits for the old registration's broker.session.timeout.ms, 9 s by default, to expire).",
      ],
    };
  },
};
