// Topic scaling: a cold `up` with 300 topics against the same with 3, both at the parallelism `npm run up` passes
// (UP_PARALLEL); the 300-topic up at the engine's default and at the other candidate widths as references. Only the
// length of the `topics` list and the parallelism differ. `topics1000`: one up with 1,000 topics, with the peak memory
// of the engine and the plugins.
import { DEFAULTS } from "../components/config";
import { UP_PARALLEL } from "../ops/workspace";
import { Benchmark, BenchContext, CONTAINER_TYPE, timedColdUp, TOPIC_TYPE, UpProfile } from "./harness";
import { armOrder, summarize } from "./stats";

/** Medians of five alternating rounds, as the performance targets ask. */
const ROUNDS = 5;
const FEW = 3;
const MANY = 300;
const HUGE = 1000;
/**
 * The kafka provider waits at least 1 s after each topic create before it checks the topic exists (Mongey's
 * terraform-provider-kafka v0.13.1, topicCreate: StateChangeConf Delay 1 s, poll 2 s), so a topic takes ≥ 1 s of
 * wall time whatever the broker does, and the engine runs GOMAXPROCS × 4 operations at once (8 on 2 cores):
 * 300 topics ≈ 300 / 8 × 1.2 s. These are the widths `--parallel` is measured at; UP_PARALLEL must be one of them.
 */
const CANDIDATE_PARALLEL = [16, 64];
/** The Automation API leaves `--parallel` out: the engine's default. */
const ENGINE_DEFAULT = undefined;

/** `bench.scale.t0000`, … : the same names for the first topics of every arm. */
function topicNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `bench.scale.t${String(index).padStart(4, "0")}`);
}

const widthLabel = (parallel: number | undefined) => (parallel === ENGINE_DEFAULT ? "the engine's default parallelism (8 here)" : `--parallel ${parallel}`);

/**
 * The engine's own switch to write the stack's state once at the end instead of after every step (the file backend
 * rewrites the whole checkpoint each time, so its cost grows with the square of the resources). Measured as a
 * reference only: an up that crashes midway with it loses the record of what it made.
 */
const SKIP_CHECKPOINTS_VARIABLE = "PULUMI_SKIP_CHECKPOINTS";

interface ArmSpec {
  count: number;
  parallel: number | undefined;
  skipCheckpoints?: boolean;
}

const armLabel = (arm: ArmSpec) => `${arm.count} topics, ${widthLabel(arm.parallel)}${arm.skipCheckpoints ? `, ${SKIP_CHECKPOINTS_VARIABLE}=true` : ""}`;

/** The median of each figure over the rounds' profiles, in the profiles' shape. */
function medianProfile(profiles: readonly UpProfile[]): Record<string, unknown> | undefined {
  if (profiles.length === 0) return undefined;
  const medianOf = (values: number[]) => Number(summarize(values).median.toFixed(2));
  const byKey = (pick: (profile: UpProfile) => Record<string, number>) => {
    const keys = [...new Set(profiles.flatMap((profile) => Object.keys(pick(profile))))];
    return Object.fromEntries(keys.map((key) => [key, medianOf(profiles.map((profile) => pick(profile)[key] ?? 0))]));
  };
  return {
    cpuSecondsByRole: byKey((profile) => profile.cpuSecondsByRole),
    brokerContainerCpuSeconds: medianOf(profiles.map((profile) => profile.brokerContainerCpuSeconds)),
    brokerThreadCpuSeconds: byKey((profile) => profile.brokerThreadCpuSeconds),
  };
}

export const topics: Benchmark = {
  name: "topics",
  title: "Topic scaling",
  expectedMinutes: 14,
  async measure(ctx: BenchContext) {
    if (!CANDIDATE_PARALLEL.includes(UP_PARALLEL)) throw new Error(`UP_PARALLEL (${UP_PARALLEL}) is not among the measured widths ${CANDIDATE_PARALLEL.join(", ")}; add it.`);
    const arms: ArmSpec[] = [
      { count: FEW, parallel: UP_PARALLEL },
      { count: MANY, parallel: ENGINE_DEFAULT },
      ...CANDIDATE_PARALLEL.map((parallel) => ({ count: MANY, parallel })),
      { count: MANY, parallel: UP_PARALLEL, skipCheckpoints: true },
    ];
    const key = armLabel;
    const seconds = new Map<string, number[]>(arms.map((arm) => [key(arm), []]));
    const apiSeconds = new Map<string, number[]>(arms.map((arm) => [key(arm), []]));
    const profiles = new Map<string, UpProfile[]>(arms.map((arm) => [key(arm), []]));
    const topicPhase = new Map<string, number[]>(arms.map((arm) => [key(arm), []]));
    const run = async (arm: ArmSpec, round: number) => {
      const profile = arm.parallel === UP_PARALLEL;
      // The engine inherits this process's environment (the Automation API passes it on).
      if (arm.skipCheckpoints) process.env[SKIP_CHECKPOINTS_VARIABLE] = "true";
      let deployment;
      try {
        deployment = await timedColdUp(ctx, `topics${arm.count}p${arm.parallel ?? "d"}${arm.skipCheckpoints ? "s" : ""}`, topicNames(arm.count), { parallel: arm.parallel, profile });
      } finally {
        delete process.env[SKIP_CHECKPOINTS_VARIABLE];
      }
      seconds.get(key(arm))?.push(deployment.cliSeconds);
      apiSeconds.get(key(arm))?.push(deployment.seconds);
      if (deployment.profile) profiles.get(key(arm))?.push(deployment.profile);
      const { [CONTAINER_TYPE]: containerDone, [TOPIC_TYPE]: topicsDone } = deployment.lastDoneByType;
      if (containerDone !== undefined && topicsDone !== undefined) topicPhase.get(key(arm))?.push((topicsDone - containerDone) / 1000);
      ctx.log(`round ${round + 1}: stack up with ${armLabel(arm)} in ${deployment.cliSeconds.toFixed(1)} s`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder(arms, round)) await run(arm, round);
    }
    const values = (arm: ArmSpec) => seconds.get(key(arm)) as number[];
    const subject: ArmSpec = { count: MANY, parallel: UP_PARALLEL };
    return {
      subject: { label: `stack up with ${MANY} topics, --parallel ${UP_PARALLEL} (npm run up)`, unit: "s", values: values(subject) },
      baseline: { label: `stack up with ${FEW} topics, --parallel ${UP_PARALLEL}`, unit: "s", values: values({ count: FEW, parallel: UP_PARALLEL }) },
      ratioMeaning: `${MANY} topics / ${FEW} topics`,
      references: arms
        .filter((arm) => arm.count === MANY && key(arm) !== key(subject))
        .map((arm) => ({ label: `stack up with ${armLabel(arm)}${arm.skipCheckpoints ? " (the state written once, at the end)" : ""}`, unit: "s", values: values(arm) })),
      paired: true,
      target: { op: "<=", value: 2 },
      details: {
        rounds: ROUNDS,
        partitionsPerTopic: DEFAULTS.topicPartitions,
        upParallel: UP_PARALLEL,
        // The part of up that grows with the topics: from the broker container done to the last topic done.
        topicPhaseSeconds: Object.fromEntries(
          arms.map((arm) => [key(arm), (topicPhase.get(key(arm)) ?? []).length > 0 ? summarize(topicPhase.get(key(arm)) as number[]) : undefined]),
        ),
        upReturnedSeconds: Object.fromEntries(arms.map((arm) => [key(arm), summarize(apiSeconds.get(key(arm)) as number[])])),
        cpuProfileMedians: Object.fromEntries(
          arms.filter((arm) => arm.parallel === UP_PARALLEL).map((arm) => [key(arm), medianProfile(profiles.get(key(arm)) as UpProfile[])]),
        ),
      },
      notes: [
        `Cold up of a new stack each round (UI off), ${DEFAULTS.topicPartitions} partitions per topic; timed until the CLI's last line of output (what \`pulumi up\` takes; upReturnedSeconds adds the Automation API's stack output and history calls, as \`npm run up\` does), every topic checked afterwards.`,
        "cpuProfileMedians (the arms at the parallelism npm run up passes): CPU seconds during the up of the engine, the plugins and this process (which runs the inline program), from /proc every 500 ms; the broker container's whole CPU from Docker right after the up (its start included), and its threads grouped by their Kafka names.",
        `Arms in each round, the order rotating: ${arms.map(armLabel).join("; ")}. --parallel ${UP_PARALLEL} is what npm run up passes (UP_PARALLEL in ops/workspace.ts).`,
        `${SKIP_CHECKPOINTS_VARIABLE}=true (reference, not used by the library or npm run up): the engine writes the stack's state once at the end instead of rewriting the whole file-backend checkpoint after every step; the difference is what that checkpointing costs. It trades the record of what a crashed up made.`,
      ],
    };
  },
};

export const topics1000: Benchmark = {
  name: "topics1000",
  title: "1,000 topics",
  expectedMinutes: 5,
  async measure(ctx: BenchContext) {
    const few = await timedColdUp(ctx, `topics${FEW}p${UP_PARALLEL}`, topicNames(FEW), { parallel: UP_PARALLEL });
    ctx.log(`stack up with ${FEW} topics at --parallel ${UP_PARALLEL} in ${few.cliSeconds.toFixed(1)} s`);
    const huge = await timedColdUp(ctx, `topics${HUGE}p${UP_PARALLEL}`, topicNames(HUGE), { parallel: UP_PARALLEL, profile: true });
    const profile = huge.profile as UpProfile;
    ctx.log(`stack up with ${HUGE} topics at --parallel ${UP_PARALLEL} in ${huge.cliSeconds.toFixed(1)} s; peak memory (MiB): ${JSON.stringify(profile.peakMiB)}`);
    const { [CONTAINER_TYPE]: containerDone, [TOPIC_TYPE]: topicsDone } = huge.lastDoneByType;
    return {
      subject: { label: `stack up with ${HUGE} topics, --parallel ${UP_PARALLEL}`, unit: "s", values: [huge.cliSeconds] },
      baseline: { label: `stack up with ${FEW} topics, --parallel ${UP_PARALLEL}`, unit: "s", values: [few.cliSeconds] },
      ratioMeaning: `${HUGE} topics / ${FEW} topics`,
      paired: true,
      details: {
        rounds: 1,
        partitionsPerTopic: DEFAULTS.topicPartitions,
        topicPhaseSeconds: containerDone !== undefined && topicsDone !== undefined ? (topicsDone - containerDone) / 1000 : undefined,
        upReturnedSeconds: { [`${HUGE} topics`]: huge.seconds, [`${FEW} topics`]: few.seconds },
        peakResidentMemoryMiB: profile.peakMiB,
        cpuSeconds: { byRole: profile.cpuSecondsByRole, brokerContainer: profile.brokerContainerCpuSeconds, brokerThreads: profile.brokerThreadCpuSeconds },
      },
      notes: [
        `One cold up with ${HUGE} topics (${DEFAULTS.topicPartitions} partitions each, UI off) at --parallel ${UP_PARALLEL}, every topic checked afterwards; the ${FEW}-topic up just before it for scale. Both timed until the CLI's last line of output (upReturnedSeconds: until the Automation API's up() returns).`,
        "Peak resident memory and CPU seconds during the up (from /proc every 500 ms, summed per role) of the Pulumi CLI (the engine), the kafka and docker provider plugins, and the benchmark process, which runs the inline stack program (the SDK side); the broker container's CPU (its start included) from Docker, its threads grouped by their Kafka names.",
      ],
    };
  },
};
