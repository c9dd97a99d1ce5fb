// A multi-broker cluster under test: the KRaft quorum as its nodes report it, partition replication as the metadata
// reports it, and broker faults that keep a node down until the test starts it again.
import { docker } from "../../support/docker";
import { brokerTool, withAdmin } from "../../support/kafkaAdmin";
import { waitFor } from "../../support/waitFor";

/** What `kafka-metadata-quorum describe --status` prints, as numbers. */
export interface QuorumDescription {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: number[];
  observers: number[];
}

/** The `Name: value` lines of `kafka-metadata-quorum describe --status` (Kafka 3.6). */
export function parseQuorumStatus(text: string): QuorumDescription {
  const fields = new Map(
    text
      .split("\n")
      .map((line) => /^(\w+):\s+(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
  const number = (name: string) => {
    const value = Number(fields.get(name));
    if (!fields.has(name) || !Number.isInteger(value)) throw new Error(`kafka-metadata-quorum printed no ${name} (got: ${JSON.stringify(text.slice(0, 300))})`);
    return value;
  };
  const ids = (name: string) => JSON.parse(fields.get(name) ?? "[]") as number[];
  return {
    leaderId: number("LeaderId"),
    leaderEpoch: number("LeaderEpoch"),
    highWatermark: number("HighWatermark"),
    voters: ids("CurrentVoters"),
    observers: ids("CurrentObservers"),
  };
}

/**
 * The quorum as the cluster reports it, asked through the broker in `container` (its own internal listener). A JVM
 * tool: seconds of CPU, so it is for before/after checks, not for tight polling.
 */
export async function describeQuorum(container: string, internalBootstrap: string): Promise<QuorumDescription> {
  const output = await brokerTool(container, ["timeout", "60", "kafka-metadata-quorum", "--bootstrap-server", internalBootstrap, "describe", "--status"]);
  return parseQuorumStatus(output);
}

/**
 * The leader a node's raft layer has recorded in its quorum-state file (-1 while it has none). Costs a `cat`, so it can
 * be polled every few hundred milliseconds to time an election.
 */
export async function recordedLeader(container: string, dataDir = "/var/lib/kafka/data"): Promise<{ leaderId: number; leaderEpoch: number }> {
  const state = JSON.parse(await brokerTool(container, ["cat", `${dataDir}/__cluster_metadata-0/quorum-state`])) as { leaderId?: number; leaderEpoch: number };
  return { leaderId: state.leaderId ?? -1, leaderEpoch: state.leaderEpoch };
}

/**
 * Polls the survivors' quorum-state files until one records a leader other than `oldLeader` in a later epoch.
 * Resolves with that leader and the milliseconds since `since`.
 */
export async function waitForNewLeader(
  survivors: string[],
  old: { leaderId: number; leaderEpoch: number },
  since: number,
  timeoutMs: number,
): Promise<{ leaderId: number; leaderEpoch: number; electedAfterMs: number }> {
  return waitFor(
    async () => {
      for (const container of survivors) {
        const seen = await recordedLeader(container);
        if (seen.leaderId >= 0 && seen.leaderId !== old.leaderId && seen.leaderEpoch > old.leaderEpoch) {
          return { ...seen, electedAfterMs: Date.now() - since };
        }
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 100, what: `a new controller leader (other than ${old.leaderId}) among ${survivors.join(", ")}` },
  );
}

/**
 * SIGKILL, as a crash or an OOM kill would stop it. Docker counts a kill as a manual stop, so the restart policy
 * (unless-stopped) leaves the container down until startContainer.
 */
export async function killContainer(name: string): Promise<void> {
  const container = docker.getContainer(name);
  await container.kill({ signal: "SIGKILL" });
  await container.wait();
}

/** Starts a stopped container; one that is already running (Docker's 304) is the same outcome. */
export async function startContainer(name: string): Promise<void> {
  try {
    await docker.getContainer(name).start();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}

export interface PartitionReplication {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** Every partition of `topics` as the cluster's metadata reports it; on a secured stack pass its adminConfig output. */
export async function partitionReplication(bootstrapServers: string, topics: string[], adminConfig?: Record<string, string>): Promise<PartitionReplication[]> {
  const { topics: metadata } = await withAdmin(bootstrapServers, (admin) => admin.fetchTopicMetadata({ topics }), adminConfig);
  return metadata.flatMap(({ name, partitions }) =>
    partitions.map((p) => ({ topic: name, partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })),
  );
}

/** Partitions whose in-sync replicas are fewer than their replicas. */
export function underReplicated(partitions: PartitionReplication[]): PartitionReplication[] {
  return partitions.filter((p) => p.isr.length < p.replicas.length);
}

/** Waits until every partition of `topics` has a leader and all its replicas in sync again. */
export async function waitForFullReplication(bootstrapServers: string, topics: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const partitions = await partitionReplication(bootstrapServers, topics);
      return partitions.length > 0 && partitions.every((p) => p.leader >= 0) && underReplicated(partitions).length === 0;
    },
    { timeoutMs, intervalMs: 1_000, what: `every partition of ${topics.join(", ")} to have all replicas in sync` },
  );
}

/** `count` consecutive free loopback ports (a stack's brokers publish hostPort, hostPort + 1, …); see support/ports. */
export { freePortRange as consecutiveFreePorts } from "../../support/ports";
