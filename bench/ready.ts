// Time to ready: what a user runs to get a broker with the CDC topics, from nothing until the topics exist. The
// literal `pulumi up --yes --skip-preview` of the project's Pulumi.yaml program against docker-compose with the same
// broker (image, environment, healthcheck, memory: the library's builders) and an init container creating the same
// topics with kafka-topics. References in the same rounds: `npm run up`, the Automation API's inline program (what the
// tests and the other benchmarks deploy) and a bare `docker run` of the broker until healthy (the floor).
import { DATA_DIR, healthcheckPort } from "../components/brokerEnv";
import { brokerHealthcheckTest } from "../components/brokerHealthcheck";
import { CDC_TOPICS, DEFAULTS } from "../components/config";
import { topicSpecs } from "../components/topicConfig";
import { docker } from "../support/docker";
import { uniqueId } from "../support/ids";
import { withAdmin } from "../support/kafkaAdmin";
import { freePorts } from "../support/ports";
import { BrokerContainerSpec, healthTimeline, librarySpec, runBroker, specOfStackContainer, waitHealthy } from "./brokerContainer";
import { cliStack, timedNpmUp, timedPulumiUp } from "./cliUp";
import { composeFile, specDifferences, timedComposeUp } from "./compose";
import { Benchmark, BenchContext, CONTAINER_TYPE, secondsSince, testLabel, timedColdUp, TOPIC_TYPE } from "./harness";
import { medianPhases, phaseSeconds } from "./phases";
import { armOrder, summarize } from "./stats";

/** A round costs about a minute; five of them keep one round hit by a neighbour's load from moving the medians. */
const ROUNDS = 5;
const HEALTHY_TIMEOUT_MS = 120_000;
/** The library's healthcheck interval (KafkaBroker's); the compose broker is checked against the stack's container. */
const HEALTHCHECK_INTERVAL_SECONDS = 2;

/** The compose arm's broker: the library's environment and healthcheck for a one-node broker, on fresh ports. */
async function composeBrokerSpec(labels: Record<string, string>): Promise<BrokerContainerSpec> {
  const [hostPort] = await freePorts(1);
  return librarySpec({
    name: uniqueId("bench-compose"),
    hostPort,
    healthTest: brokerHealthcheckTest({ port: healthcheckPort(), dataDir: DATA_DIR }),
    intervalSeconds: HEALTHCHECK_INTERVAL_SECONDS,
    labels,
  });
}

/** The topics as the stack declares them (the stack's defaults for one broker). */
const TOPIC_SPECS = topicSpecs(CDC_TOPICS, {
  partitions: DEFAULTS.topicPartitions,
  replicationFactor: 1,
  minInsyncReplicas: 1,
  retentionMs: DEFAULTS.topicRetentionMs,
  cleanupPolicy: DEFAULTS.topicCleanupPolicy,
});

export const ready: Benchmark = {
  name: "ready",
  title: "Time to ready",
  expectedMinutes: 6,
  async measure(ctx: BenchContext) {
    const { labels } = testLabel(ctx, "ready");
    const seconds = { cli: [] as number[], compose: [] as number[], npm: [] as number[], inline: [] as number[], inlineReturned: [] as number[], bare: [] as number[] };
    const phases = { cli: [] as Record<string, number>[], compose: [] as Record<string, number>[], inline: [] as Record<string, number>[] };
    const composeCliSeconds: number[] = [];
    // The bare run copies the broker container the latest `pulumi up` made.
    let stackSpec: BrokerContainerSpec | undefined;

    const cliArm = async (round: number) => {
      const stack = await cliStack(ctx, "up", CDC_TOPICS);
      try {
        const run = await timedPulumiUp(stack);
        await stack.checkTopics();
        const broker = await docker.getContainer(stack.brokerContainer).inspect();
        stackSpec = specOfStackContainer(broker, labels);
        const { createdMs, healthyMs } = healthTimeline(broker);
        const { milestones } = run;
        seconds.cli.push(run.seconds);
        phases.cli.push(
          phaseSeconds([
            ["start", run.startedAtMs],
            ["first engine event", milestones.firstEventMs],
            ["stack registered", milestones.stackRegisteredMs],
            ["first resource", milestones.firstResourceMs],
            ["broker created", createdMs],
            ["broker healthy", healthyMs],
            ["broker done", milestones.lastDoneByType[CONTAINER_TYPE]],
            ["topics done", milestones.lastDoneByType[TOPIC_TYPE]],
            ["CLI exit", run.exitedAtMs],
          ]),
        );
        ctx.log(`round ${round + 1}: pulumi up in ${run.seconds.toFixed(1)} s`);
      } finally {
        await stack.remove();
      }
    };
    const composeArm = async (round: number) => {
      const spec = await composeBrokerSpec(labels);
      // One home for the broker's spec: the compose broker must be the one `pulumi up` makes, names and ports aside.
      if (stackSpec) {
        // Docker records the image's id and adds the image's own environment (PATH, LANG) to the container's.
        const image = await docker.getImage(spec.image).inspect();
        const imageEnv = image.Config.Env ?? [];
        const made = { ...stackSpec, image: stackSpec.image === image.Id ? spec.image : stackSpec.image, env: stackSpec.env.filter((entry) => !imageEnv.includes(entry)) };
        const differences = specDifferences(spec, made);
        if (differences.length > 0) throw new Error(`The compose broker differs from the stack's: ${differences.join("; ")}`);
      }
      const project = spec.name.replace(/[^a-z0-9]/g, "");
      const run = await timedComposeUp(ctx, project, composeFile(spec, TOPIC_SPECS), spec, async () => {
        const existing = await withAdmin(`localhost:${spec.hostPort}`, (admin) => admin.listTopics());
        const missing = CDC_TOPICS.filter((topic) => !existing.includes(topic));
        if (missing.length > 0) throw new Error(`The compose init container exited 0 but topics ${missing.join(", ")} are missing.`);
      });
      const { timeline } = run;
      seconds.compose.push(run.seconds);
      composeCliSeconds.push((timeline.composeExitedMs - timeline.startedAtMs) / 1000);
      phases.compose.push(
        phaseSeconds([
          ["start", timeline.startedAtMs],
          ["broker created", timeline.brokerCreatedMs],
          ["broker healthy", timeline.brokerHealthyMs],
          ["init started", timeline.initStartedMs],
          ["topics created (init exit)", timeline.initFinishedMs],
        ]),
      );
      ctx.log(`round ${round + 1}: docker-compose ready in ${run.seconds.toFixed(1)} s`);
    };
    const npmArm = async (round: number) => {
      const stack = await cliStack(ctx, "npm", CDC_TOPICS);
      try {
        const run = await timedNpmUp(stack);
        await stack.checkTopics();
        seconds.npm.push(run.seconds);
        ctx.log(`round ${round + 1}: npm run up in ${run.seconds.toFixed(1)} s`);
      } finally {
        await stack.remove();
      }
    };
    const inlineArm = async (round: number) => {
      const deployment = await timedColdUp(ctx, "ready", CDC_TOPICS, { config: { metricsEnabled: "false" } });
      const { createdMs, healthyMs } = healthTimeline(deployment.broker);
      seconds.inline.push(deployment.cliSeconds);
      seconds.inlineReturned.push(deployment.seconds);
      phases.inline.push(
        phaseSeconds([
          ["start", deployment.startedAtMs],
          ["broker created", createdMs],
          ["broker healthy", healthyMs],
          ["broker done", deployment.lastDoneByType[CONTAINER_TYPE]],
          ["topics done", deployment.lastDoneByType[TOPIC_TYPE]],
          ["CLI's last output", deployment.cliEndedAtMs],
          ["up() returned", deployment.endedAtMs],
        ]),
      );
      ctx.log(`round ${round + 1}: inline program up in ${deployment.cliSeconds.toFixed(1)} s`);
    };
    const bareArm = async (round: number) => {
      if (!stackSpec) throw new Error("The bare run needs a broker container of `pulumi up` to copy; run the pulumi up arm first.");
      const started = performance.now();
      const container = await runBroker(stackSpec);
      try {
        await waitHealthy(container, HEALTHY_TIMEOUT_MS);
        seconds.bare.push(secondsSince(started));
        ctx.log(`round ${round + 1}: bare docker run healthy in ${seconds.bare[seconds.bare.length - 1].toFixed(1)} s`);
      } finally {
        await docker.getContainer(container.id).remove({ force: true, v: true });
      }
    };

    for (let round = 0; round < ROUNDS; round++) {
      // Round 0 opens with pulumi up (armOrder keeps the given order then): compose is checked against its broker,
      // and the bare run copies it.
      for (const arm of armOrder([cliArm, composeArm, npmArm, inlineArm, bareArm], round)) await arm(round);
    }
    const npmOverCli = seconds.npm.map((value, index) => value - seconds.cli[index]);
    return {
      subject: { label: `pulumi up --yes --skip-preview of Pulumi.yaml's program (${CDC_TOPICS.length} topics, UI and metrics off), until it exits`, unit: "s", values: seconds.cli },
      baseline: { label: "docker-compose up -d of the same broker and an init container creating the same topics with kafka-topics, until the topics exist", unit: "s", values: seconds.compose },
      ratioMeaning: "pulumi up / docker-compose",
      references: [
        { label: "npm run up of the same stack (the toolchain check, the Automation API's up, stack output), until it exits", unit: "s", values: seconds.npm },
        { label: "the Automation API's inline program (as the tests deploy), until the CLI's last output", unit: "s", values: seconds.inline },
        { label: "the same inline program until up() returns (adds stack output and stack history)", unit: "s", values: seconds.inlineReturned },
        { label: "bare docker run of the same broker until healthy (the floor)", unit: "s", values: seconds.bare },
      ],
      paired: true,
      target: { op: "<=", value: 1.0 },
      details: {
        rounds: ROUNDS,
        pulumiUpPhasesMedianSeconds: medianPhases(phases.cli),
        composePhasesMedianSeconds: medianPhases(phases.compose),
        composeCliExitMedianSeconds: summarize(composeCliSeconds).median,
        inlinePhasesMedianSeconds: medianPhases(phases.inline),
        npmRunUpMinusPulumiUpSeconds: npmOverCli.map((value) => Number(value.toFixed(2))),
      },
      notes: [
        "pulumi up: the literal CLI in the project directory (Pulumi.yaml's program, index.ts, through the nodejs language host), a new stack each round with its own Pulumi.<stack>.yaml; timed from the spawn until the CLI exits, the topics checked afterwards. Phases from the engine's events as they arrived from --event-log (first event; the stack resource registered: host and program process started; the program's first resource: its modules loaded) and Docker's timestamps.",
        "docker-compose: Debian's docker-compose 1.29, file format 2.4, the broker from the library's builders (brokerEnvironment, brokerHealthcheckTest, the default memory limit; checked against the container pulumi up made, names and ports aside) on a named volume, and an init container of the same image running kafka-topics once per topic, in turn, after `depends_on: service_healthy`; ready when the init container has exited 0 (Docker's timestamp), or when `up -d` returns if that is later.",
        "npm run up: the literal script (toolchain check, ops/up.ts through the toolchain's transpile cache, the Automation API's inline program with --parallel 64, stack output) on a new stack of its own, until it exits.",
        "Inline: the Automation API's inline program in this process (its phases from Docker's timestamps and the events' arrival).",
        "Bare: Engine API create + start of the pulumi up broker's image, env, healthcheck and memory limit, polled every 100 ms until healthy.",
        "Stacks are removed through their Docker labels and a forced stack rm (not destroy: the kafka provider waits ≥ 20 s per deleted topic); compose projects with down --volumes. Arms alternate round by round.",
      ],
    };
  },
};
