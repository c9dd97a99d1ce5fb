// Time to ready: a cold `up` of the stack until its topics exist, against the floor of a bare `docker run` of the
// same broker (same image, environment, healthcheck and memory limit) until Docker reports it healthy. A third arm
// runs the same up with the docker stand-in polling health once a second, as the real provider does.
import { CDC_TOPICS } from "../components/config";
import { docker } from "../support/docker";
import { POLL_LIKE_REAL_PROVIDER_VARIABLE } from "../toolchain/plugins/docker/healthWait";
import { BrokerContainerSpec, healthTimeline, runBroker, specOfStackContainer, waitHealthy } from "./brokerContainer";
import { Benchmark, BenchContext, CONTAINER_TYPE, secondsSince, testLabel, timedColdUp, TimedDeployment, TOPIC_TYPE } from "./harness";
import { armOrder, summarize } from "./stats";

/** A round costs about 15 s; five of them keep one round hit by a neighbour's load from moving the medians. */
const ROUNDS = 5;
const HEALTHY_TIMEOUT_MS = 120_000;

/** Where a stack's up spends its time, in seconds, from Docker's timestamps and the engine's events. */
interface Phases {
  /** From the call to Docker's creation of the broker container: engine, plugins, program, network, volume, image. */
  untilContainerCreated: number;
  /** Docker's own: create, start, JVM, first passing probe (the whole of the bare run, too). */
  containerCreatedToHealthy: number;
  /** Until the engine reports the container done: the docker provider notices the health change, then inspects. */
  healthyToContainerDone: number;
  /** The kafka provider and the topics. */
  containerDoneToTopicsDone: number;
  /** The engine finishing the update: stack outputs, the last checkpoint, the CLI's summary. */
  topicsDoneToCliDone: number;
  /** The Automation API's calls after the CLI's run (`stack output`, `stack history`). */
  cliDoneToUpReturned: number;
}

function phases(deployment: TimedDeployment): Phases | undefined {
  const { createdMs, healthyMs } = healthTimeline(deployment.broker);
  const containerDone = deployment.lastDoneByType[CONTAINER_TYPE];
  const topicsDone = deployment.lastDoneByType[TOPIC_TYPE];
  if (healthyMs === undefined || containerDone === undefined || topicsDone === undefined) return undefined;
  return {
    untilContainerCreated: (createdMs - deployment.startedAtMs) / 1000,
    containerCreatedToHealthy: (healthyMs - createdMs) / 1000,
    healthyToContainerDone: (containerDone - healthyMs) / 1000,
    containerDoneToTopicsDone: (topicsDone - containerDone) / 1000,
    topicsDoneToCliDone: (deployment.cliEndedAtMs - topicsDone) / 1000,
    cliDoneToUpReturned: (deployment.endedAtMs - deployment.cliEndedAtMs) / 1000,
  };
}

function medianPhases(all: (Phases | undefined)[]): Record<string, number> | undefined {
  const known = all.filter((phase): phase is Phases => phase !== undefined);
  if (known.length === 0) return undefined;
  const keys = Object.keys(known[0]) as (keyof Phases)[];
  return Object.fromEntries(keys.map((key) => [key, summarize(known.map((phase) => phase[key])).median]));
}

export const ready: Benchmark = {
  name: "ready",
  title: "Time to ready",
  expectedMinutes: 4,
  async measure(ctx: BenchContext) {
    const { labels } = testLabel(ctx, "ready");
    const stackSeconds: number[] = [];
    const stackUpReturnedSeconds: number[] = [];
    const polledSeconds: number[] = [];
    const bareSeconds: number[] = [];
    const stackPhases: (Phases | undefined)[] = [];
    const polledPhases: (Phases | undefined)[] = [];
    const bareStartToHealthy: number[] = [];
    // The bare run copies the container the latest stack made, so round 0 runs the stack first (armOrder keeps the
    // given order in round 0).
    let spec: BrokerContainerSpec | undefined;

    const stackArm = async (round: number) => {
      const deployment = await timedColdUp(ctx, "ready", CDC_TOPICS);
      spec = specOfStackContainer(deployment.broker, labels);
      stackSeconds.push(deployment.cliSeconds);
      stackUpReturnedSeconds.push(deployment.seconds);
      stackPhases.push(phases(deployment));
      ctx.log(`round ${round + 1}: stack up with ${CDC_TOPICS.length} topics in ${deployment.cliSeconds.toFixed(1)} s`);
    };
    // The plugin inherits the engine's environment, which the Automation API takes from this process.
    const polledArm = async (round: number) => {
      process.env[POLL_LIKE_REAL_PROVIDER_VARIABLE] = "1";
      try {
        const deployment = await timedColdUp(ctx, "readypoll", CDC_TOPICS);
        polledSeconds.push(deployment.cliSeconds);
        polledPhases.push(phases(deployment));
        ctx.log(`round ${round + 1}: stack up, health polled once a second, in ${deployment.cliSeconds.toFixed(1)} s`);
      } finally {
        delete process.env[POLL_LIKE_REAL_PROVIDER_VARIABLE];
      }
    };
    const bareArm = async (round: number) => {
      if (!spec) throw new Error("The bare run needs a stack's broker container to copy; run the stack arm first.");
      const started = performance.now();
      const container = await runBroker(spec);
      try {
        await waitHealthy(container, HEALTHY_TIMEOUT_MS);
        const seconds = secondsSince(started);
        bareSeconds.push(seconds);
        const timeline = healthTimeline(await container.inspect());
        if (timeline.healthyMs !== undefined) bareStartToHealthy.push((timeline.healthyMs - timeline.createdMs) / 1000);
        ctx.log(`round ${round + 1}: bare docker run healthy in ${seconds.toFixed(1)} s`);
      } finally {
        await docker.getContainer(container.id).remove({ force: true, v: true });
      }
    };

    for (let round = 0; round < ROUNDS; round++) {
      // The bare arm needs a stack's container to copy, so round 0 starts with the stack (armOrder keeps the order then).
      for (const arm of armOrder([stackArm, bareArm, polledArm], round)) await arm(round);
    }
    return {
      subject: { label: `stack up (${CDC_TOPICS.length} topics, UI off) until the CLI's last output`, unit: "s", values: stackSeconds },
      baseline: { label: "bare docker run of the same broker until healthy", unit: "s", values: bareSeconds },
      ratioMeaning: "stack / bare docker run",
      references: [
        { label: "the same stack up, the docker stand-in polling health once a second (as the real provider)", unit: "s", values: polledSeconds },
        { label: "the same stack up until the Automation API's up() returns (adds stack output and stack history, as npm run up)", unit: "s", values: stackUpReturnedSeconds },
      ],
      paired: true,
      target: { op: "<=", value: 1.3 },
      details: {
        rounds: ROUNDS,
        stackPhasesMedianSeconds: medianPhases(stackPhases),
        polledStackPhasesMedianSeconds: medianPhases(polledPhases),
        bareCreatedToHealthyMedianSeconds: bareStartToHealthy.length > 0 ? summarize(bareStartToHealthy).median : undefined,
      },
      notes: [
        "Stack: Automation API, inline kafkaStackProgram, a new stack each round (cold: network, volume, container, kafka provider, topics); timed from the up() call until the CLI's last line of output (its summary and duration: what `pulumi up` takes), topics checked afterwards; a reference row adds the Automation API's calls after it. The docker stand-in waits for health on Docker's health_status events.",
        `Polled: the same, with ${POLL_LIKE_REAL_PROVIDER_VARIABLE}=1 in the plugin's environment, so the stand-in inspects once a second as the real provider (pulumi-docker, kreuzwerker) does.`,
        "Bare: Engine API create + start (what docker run does) with the stack container's image, env, healthcheck (2 s interval) and memory limit, on the default bridge; polled every 100 ms until healthy.",
        "Phases of the stack's up (medians) come from Docker's timestamps (container Created, end of the first passing probe) and from when the engine's events arrived.",
        "The first stack round of a run also loads the Pulumi SDK and provider packages into the bench process, as every fresh `npm run up` does; later rounds reuse them.",
      ],
    };
  },
};
