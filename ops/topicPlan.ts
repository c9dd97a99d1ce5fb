// What `npm run create-topics` would do to the stack's topics, from the engine's preview steps, and what it refuses or
// asks about. Pure: the preview's step events in, a plan out.

/** The kafka provider's topic resource type. */
export const TOPIC_TYPE = "kafka:index/topic:Topic";

export interface StepLike {
  op: string;
  urn: string;
  type: string;
  old?: { inputs?: Record<string, unknown> };
  new?: { inputs?: Record<string, unknown> };
  diffs?: string[];
}

export interface TopicChange {
  /** create, update, replace or delete (a replacement's several steps folded into one). */
  op: "create" | "update" | "replace" | "delete";
  urn: string;
  topic: string;
  oldPartitions?: number;
  newPartitions?: number;
  /** The inputs that change (update, replace). */
  diffs: string[];
}

const OPS: Record<string, TopicChange["op"] | undefined> = {
  create: "create",
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  delete: "delete",
};

const partitions = (inputs?: Record<string, unknown>) => (typeof inputs?.partitions === "number" ? inputs.partitions : undefined);

/** One change per topic resource that the plan touches (unchanged ones left out), in the order the engine reported. */
export function topicChanges(steps: StepLike[]): TopicChange[] {
  const byUrn = new Map<string, TopicChange>();
  for (const step of steps.filter((candidate) => candidate.type === TOPIC_TYPE)) {
    const op = OPS[step.op];
    if (!op) continue;
    const inputs = step.new?.inputs ?? step.old?.inputs;
    const earlier = byUrn.get(step.urn);
    byUrn.set(step.urn, {
      op: earlier?.op === "replace" ? "replace" : op,
      urn: step.urn,
      topic: String(inputs?.name ?? step.urn.split("::").pop()),
      oldPartitions: earlier?.oldPartitions ?? partitions(step.old?.inputs),
      newPartitions: partitions(step.new?.inputs) ?? earlier?.newPartitions,
      diffs: [...new Set([...(earlier?.diffs ?? []), ...(step.diffs ?? [])])],
    });
  }
  return [...byUrn.values()];
}

/**
 * Why the plan is refused, one sentence per reason: topics whose partitions would shrink (Kafka cannot remove
 * partitions, and the provider would delete each topic and its records to recreate it), and any other replacement,
 * which loses records too.
 */
export function refusals(changes: TopicChange[]): string[] {
  const replaced = changes.filter((change) => change.op === "replace");
  const shrinking = replaced.filter((change) => (change.newPartitions ?? Infinity) < (change.oldPartitions ?? -Infinity));
  const others = replaced.filter((change) => !shrinking.includes(change));
  const sentences: string[] = [];
  if (shrinking.length > 0) {
    const most = Math.max(...shrinking.map((change) => change.oldPartitions as number));
    const listed = shrinking.map((change) => `${change.topic} (${change.oldPartitions} → ${change.newPartitions})`).join(", ");
    sentences.push(
      `Kafka cannot remove partitions, and recreating ${shrinking.length === 1 ? "the topic" : "the topics"} would delete ${shrinking.length === 1 ? "its" : "their"} records: ${listed}; set topicPartitions back to ${most} or more.`,
    );
  }
  if (others.length > 0) {
    const listed = others.map((change) => `${change.topic} (${change.diffs.join(", ") || "replacement"})`).join(", ");
    sentences.push(`These topics would be deleted and recreated, losing their records: ${listed}; change the config back or delete them by hand first.`);
  }
  return sentences;
}

/** The plan as lines for a person: one per topic. */
export function describeChanges(changes: TopicChange[]): string[] {
  return changes.map((change) => {
    switch (change.op) {
      case "create":
        return `  + create ${change.topic}${change.newPartitions !== undefined ? ` (${change.newPartitions} partitions)` : ""}`;
      case "update":
        return `  ~ update ${change.topic}: ${change.diffs.join(", ")}`;
      case "delete":
        return `  - delete ${change.topic} and every record in it`;
      default:
        return `  ! replace ${change.topic}`;
    }
  });
}
