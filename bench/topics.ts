// Topic scaling: a cold `up` with 300 topics against the same with 3; only the length of the `topics` list differs.
import { DEFAULTS } from "../components/config";
import { Benchmark, BenchContext, CONTAINER_TYPE, timedColdUp, TOPIC_TYPE } from "./harness";
import { armOrder, summarize } from "./stats";

const ROUNDS = 3;
const FEW = 3;
const MANY = 300;
/**
 * The kafka provider waits at least 1 s after each topic create before it checks the topic exists (Mongey's
 * terraform-provider-kafka v0.13.1, topicCreate: StateChangeConf Delay 1 s, poll 2 s), so a topic takes ≥ 1 s of
 * wall time whatever the broker does, and the engine runs GOMAXPROCS × 4 operations at once (8 on 2 cores):
 * 300 topics ≈ 300 / 8 × 1.2 s. The reference arm raises the engine's parallelism (`pulumi up --parallel`).
 */
const WIDE_PARALLEL = 64;

/** `bench.scale.t000`, … : the same names for the first topics of both arms. */
function topicNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `bench.scale.t${String(index).padStart(3, "0")}`);
}

export const topics: Benchmark = {
  name: "topics",
  title: "Topic scaling",
  expectedMinutes: 5,
  async measure(ctx: BenchContext) {
    const seconds: Record<number, number[]> = { [FEW]: [], [MANY]: [] };
    const wide: number[] = [];
    const topicPhase: Record<number, number[]> = { [FEW]: [], [MANY]: [] };
    const arm = async (count: number, round: number) => {
      const deployment = await timedColdUp(ctx, `topics${count}`, topicNames(count));
      seconds[count].push(deployment.seconds);
      const { [CONTAINER_TYPE]: containerDone, [TOPIC_TYPE]: topicsDone } = deployment.lastDoneByType;
      if (containerDone !== undefined && topicsDone !== undefined) topicPhase[count].push((topicsDone - containerDone) / 1000);
      ctx.log(`round ${round + 1}: stack up with ${count} topics in ${deployment.seconds.toFixed(1)} s`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const count of armOrder([MANY, FEW], round)) await arm(count, round);
      const deployment = await timedColdUp(ctx, `topics${MANY}p${WIDE_PARALLEL}`, topicNames(MANY), { parallel: WIDE_PARALLEL });
      wide.push(deployment.seconds);
      ctx.log(`round ${round + 1}: stack up with ${MANY} topics at --parallel ${WIDE_PARALLEL} in ${deployment.seconds.toFixed(1)} s`);
    }
    return {
      subject: { label: `stack up with ${MANY} topics`, unit: "s", values: seconds[MANY] },
      baseline: { label: `stack up with ${FEW} topics`, unit: "s", values: seconds[FEW] },
      ratioMeaning: `${MANY} topics / ${FEW} topics`,
      references: [{ label: `stack up with ${MANY} topics, --parallel ${WIDE_PARALLEL}`, unit: "s", values: wide }],
      paired: true,
      target: { op: "<=", value: 3 },
      details: {
        rounds: ROUNDS,
        partitionsPerTopic: DEFAULTS.topicPartitions,
        // The part of up that grows with the topics: from the broker container done to the last topic done.
        topicPhaseSeconds: {
          [`${FEW} topics`]: topicPhase[FEW].length > 0 ? summarize(topicPhase[FEW]) : undefined,
          [`${MANY} topics`]: topicPhase[MANY].length > 0 ? summarize(topicPhase[MANY]) : undefined,
        },
      },
      notes: [
        `Cold up of a new stack each round (UI off), ${DEFAULTS.topicPartitions} partitions per topic; the engine's default parallelism; timed until up() returns, every topic checked afterwards.`,
      ],
    };
  },
};
