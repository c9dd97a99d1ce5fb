// Topic declarations from settings: what each CDC topic is created with. Pure, so the configs are tested without mocks.

/** The settings every declared topic shares. */
export interface TopicSettings {
  /** Partitions per topic. */
  partitions: number;
  /** Replicas per partition. */
  replicationFactor: number;
  /** With acks=all, a write succeeds only once this many replicas have it. */
  minInsyncReplicas: number;
  /** -1 keeps messages forever. */
  retentionMs: number;
  /** `delete`, `compact` or `compact,delete`. */
  cleanupPolicy: string;
}

/** One topic as the kafka provider's `Topic` takes it. */
export interface TopicSpec {
  /** The topic's name. */
  name: string;
  /** Its partitions. */
  partitions: number;
  /** Its replicas per partition. */
  replicationFactor: number;
  /** Its configs, in Kafka's property names ({@link topicConfig}). */
  config: Record<string, string>;
}

/** The per-topic overrides of broker defaults, in Kafka's property names. */
export function topicConfig(settings: TopicSettings): Record<string, string> {
  return {
    "cleanup.policy": settings.cleanupPolicy,
    "min.insync.replicas": String(settings.minInsyncReplicas),
    "retention.ms": String(settings.retentionMs),
  };
}

/** Each of `topics` with the shared settings. */
export function topicSpecs(topics: readonly string[], settings: TopicSettings): TopicSpec[] {
  const config = topicConfig(settings);
  return topics.map((name) => ({
    name,
    partitions: settings.partitions,
    replicationFactor: settings.replicationFactor,
    config: { ...config },
  }));
}
