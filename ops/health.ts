// Whether a cluster snapshot is healthy, and why not: the rules behind status's marks and its exit code. Pure.
import { npmCommand } from "./args";
import { STOPPED_EXIT_CODE, UNHEALTHY_EXIT_CODE } from "./errors";
import { BrokerStatus, ClusterSnapshot, PartitionStatus, QuorumStatus, TopicStatus } from "./model";

export type PartitionMark = "offline" | "under-replicated" | "below-min-isr";

export interface Health {
  healthy: boolean;
  /** 0 when healthy, STOPPED_EXIT_CODE when every broker was stopped (`npm run stop`), UNHEALTHY_EXIT_CODE otherwise. */
  exitCode: number;
  /** Every broker container exists and has exited: stopped on purpose, data kept; `npm run start` brings it back. */
  stopped: boolean;
  /** One sentence per problem, most fundamental first. */
  problems: string[];
  /** Things worth a look that do not make the cluster unhealthy: ERROR/FATAL lines in a broker's log since its start. */
  warnings: string[];
}

/** How many log lines a warning quotes. */
const QUOTED_LOG_LINES = 3;

/** Every broker container exists and has exited (or was created and never started): the stack is stopped, not broken. */
export function isStopped(brokers: BrokerStatus[]): boolean {
  return brokers.length > 0 && brokers.every((broker) => broker.containerState === "exited" || broker.containerState === "created");
}

/** A sentence per broker whose log has ERROR or FATAL lines since it started, quoting the first few. */
export function logWarnings(brokers: BrokerStatus[]): string[] {
  return brokers
    .filter((broker) => (broker.logProblems ?? []).length > 0)
    .map((broker) => {
      const lines = broker.logProblems as string[];
      const quoted = lines.slice(0, QUOTED_LOG_LINES).map((line) => `\n      ${line}`).join("");
      const more = lines.length > QUOTED_LOG_LINES ? `\n      … and ${lines.length - QUOTED_LOG_LINES} more (\`docker logs --since ${broker.startedAt} ${broker.container}\`)` : "";
      return `Broker ${broker.nodeId ?? "?"} logged ${lines.length} ERROR/FATAL line${lines.length === 1 ? "" : "s"} since it started at ${broker.startedAt}:${quoted}${more}`;
    });
}

/** How many partition names a problem sentence lists before it says "and n more". */
const LISTED_PARTITIONS = 5;

/**
 * The marks of one partition. offline: no leader, so it can be neither written nor read. under-replicated: a replica
 * has fallen out of the ISR. below-min-isr: fewer in-sync replicas than min.insync.replicas, so acks=all writes fail.
 */
export function partitionMarks(partition: PartitionStatus, minInsyncReplicas?: number): PartitionMark[] {
  const marks: PartitionMark[] = [];
  if (partition.leader < 0) marks.push("offline");
  if (partition.isr.length < partition.replicas.length) marks.push("under-replicated");
  if (minInsyncReplicas !== undefined && partition.isr.length < minInsyncReplicas) marks.push("below-min-isr");
  return marks;
}

/** The topic's min.insync.replicas, when its configs were read. */
export function minInsyncReplicas(topic: TopicStatus): number | undefined {
  const value = topic.configs["min.insync.replicas"];
  return value === undefined || Number.isNaN(Number(value)) ? undefined : Number(value);
}

/** Why a broker is down, or undefined when it is up (container running, not unhealthy, listed by the cluster). */
export function brokerDownReason(broker: BrokerStatus): string | undefined {
  if (broker.containerState === "missing") return `its container ${broker.container} does not exist`;
  if (broker.containerState !== "running") return `its container ${broker.container} is ${broker.containerState}`;
  if (broker.health === "unhealthy") return `its container ${broker.container} reports unhealthy`;
  if (broker.registered === false) return "the cluster's metadata does not list it";
  return undefined;
}

export function brokerIsUp(broker: BrokerStatus): boolean {
  return brokerDownReason(broker) === undefined;
}

/** The node the quorum reports as leader, if any. */
export function quorumLeader(quorum: QuorumStatus | undefined): number | undefined {
  return quorum?.nodes.find((node) => node.role === "leader")?.nodeId;
}

function partitionList(names: string[]): string {
  const shown = names.slice(0, LISTED_PARTITIONS).join(", ");
  return names.length > LISTED_PARTITIONS ? `${shown} and ${names.length - LISTED_PARTITIONS} more` : shown;
}

const PARTITION_PROBLEMS: Record<PartitionMark, (count: number) => string> = {
  offline: (count) => `${count} partition${count === 1 ? " is" : "s are"} offline (no leader, so neither writes nor reads work)`,
  "under-replicated": (count) => `${count} partition${count === 1 ? " is" : "s are"} under-replicated (a replica is out of the ISR)`,
  "below-min-isr": (count) =>
    `${count} partition${count === 1 ? " has" : "s have"} fewer in-sync replicas than min.insync.replicas, so acks=all writes to ${count === 1 ? "it" : "them"} fail`,
};

function partitionProblems(topics: TopicStatus[]): string[] {
  const byMark = new Map<PartitionMark, string[]>();
  for (const topic of topics) {
    const minInsync = minInsyncReplicas(topic);
    for (const partition of topic.partitions) {
      for (const mark of partitionMarks(partition, minInsync)) {
        byMark.set(mark, [...(byMark.get(mark) ?? []), `${topic.name}-${partition.partition}`]);
      }
    }
  }
  return (Object.keys(PARTITION_PROBLEMS) as PartitionMark[])
    .filter((mark) => byMark.has(mark))
    .map((mark) => {
      const names = byMark.get(mark) ?? [];
      return `${PARTITION_PROBLEMS[mark](names.length)}: ${partitionList(names)}.`;
    });
}

/** Healthy means: every broker up, a quorum leader, every declared topic present, no partition marked. */
export function evaluateHealth(snapshot: ClusterSnapshot): Health {
  if (isStopped(snapshot.brokers)) {
    const problem = `Stack ${snapshot.stack} is stopped: its broker containers have exited, with their data volumes kept; \`${npmCommand("start", snapshot.stack)}\` starts them again.`;
    return { healthy: false, exitCode: STOPPED_EXIT_CODE, stopped: true, problems: [problem], warnings: [] };
  }
  const problems: string[] = [];
  for (const broker of snapshot.brokers) {
    const reason = brokerDownReason(broker);
    if (reason) problems.push(`Broker ${broker.nodeId ?? "?"} is down: ${reason}.`);
  }
  // readSnapshot asks neither Kafka nor the quorum when no container runs; say so once instead of per missing part.
  if (snapshot.brokers.length > 0 && !snapshot.brokers.some((broker) => broker.containerState === "running")) {
    problems.push("No broker is up, so the controller quorum, topics and consumer groups could not be read.");
  } else {
    if (snapshot.quorumError) {
      problems.push(`The controller quorum could not be read: ${snapshot.quorumError}.`);
    } else if (quorumLeader(snapshot.quorum) === undefined) {
      problems.push("The controller quorum has no leader, so no metadata change (topic, partition, broker) can happen.");
    }
    if (snapshot.kafkaError) {
      problems.push(`Kafka could not be read: ${snapshot.kafkaError}.`);
    } else {
      const existing = new Set(snapshot.topics.map((topic) => topic.name));
      for (const name of snapshot.declaredTopics.filter((topic) => !existing.has(topic))) {
        problems.push(`Topic ${name}, declared by the stack, does not exist; run \`npm run up -- --stack ${snapshot.stack}\` to create it.`);
      }
      problems.push(...partitionProblems(snapshot.topics));
    }
  }
  const healthy = problems.length === 0;
  return { healthy, exitCode: healthy ? 0 : UNHEALTHY_EXIT_CODE, stopped: false, problems, warnings: logWarnings(snapshot.brokers) };
}
