// The CDC topics, declared with their delivery settings through the kafka provider, so `pulumi up` creates them and
// a later change of partitions or configs shows up in the preview.
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { ClusterSecurity, kafkaProviderArgs } from "./clusterConnection";
import { CDC_TOPICS, DEFAULTS, defaultMinInsyncReplicas, defaultReplicationFactor, KafkaSettingsArgs } from "./config";
import { replicationErrors, throwIfInvalid, topicSettingsErrors } from "./validation";
import { topicSpecs } from "./topicConfig";

/** The arguments of {@link CdcTopics}; the topic settings keep their meaning from {@link KafkaSettingsArgs}. */
export interface CdcTopicsArgs
  extends Pick<KafkaSettingsArgs, "topics" | "topicPartitions" | "topicRetentionMs" | "topicCleanupPolicy" | "minInsyncReplicas"> {
  /**
   * The brokers Pulumi talks to from where it runs: the stack's EXTERNAL listeners, or any reachable cluster's
   * bootstrap servers (a managed service, an operator's cluster: no containers are made).
   */
  hostBootstrapServers: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * TLS and SASL for that connection, e.g. a secured stack's CA and admin credentials, or a managed service's API key
   * as SASL PLAIN over TLS with the system's CAs. @default PLAINTEXT without authentication
   */
  security?: ClusterSecurity;
  /** Resources the kafka provider waits for: the broker containers, which exist only once healthy. @default [] */
  brokers?: pulumi.Resource[];
  /** Replicas of each topic. @default 1 */
  replicationFactor?: number;
}

/**
 * The CDC topics with their delivery settings, through a `kafka.Provider` on the given bootstrap servers: on this
 * stack's brokers or on any reachable cluster. With no topics there is no provider either.
 */
export class CdcTopics extends pulumi.ComponentResource {
  /** The declared topics' names. */
  public readonly topicNames: pulumi.Output<string[]>;

  constructor(name: string, args: CdcTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    const topics = args.topics ?? [...CDC_TOPICS];
    const topicPartitions = args.topicPartitions ?? DEFAULTS.topicPartitions;
    const topicRetentionMs = args.topicRetentionMs ?? DEFAULTS.topicRetentionMs;
    const topicCleanupPolicy = args.topicCleanupPolicy ?? DEFAULTS.topicCleanupPolicy;
    // The one resolver of the default, for a cluster of one broker (KafkaStack passes its own, from the broker count).
    const replicationFactor = args.replicationFactor ?? defaultReplicationFactor(1);
    const minInsyncReplicas = args.minInsyncReplicas ?? defaultMinInsyncReplicas(replicationFactor);

    throwIfInvalid([
      ...topicSettingsErrors({ topics, topicPartitions, topicRetentionMs, topicCleanupPolicy }),
      ...replicationErrors({ replicationFactor, minInsyncReplicas, replicationFactorFromBrokers: false }),
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:CdcTopics", name, {}, opts);

    // Without topics there is no provider, so such a stack needs neither the kafka plugin nor a connection to the brokers.
    const provider =
      topics.length > 0
        ? new kafka.Provider(`${name}-provider`, kafkaProviderArgs(args.hostBootstrapServers, args.security), {
            parent: this,
            dependsOn: args.brokers ?? [],
          })
        : undefined;
    const specs = topicSpecs(topics, {
      partitions: topicPartitions,
      replicationFactor,
      minInsyncReplicas,
      retentionMs: topicRetentionMs,
      cleanupPolicy: topicCleanupPolicy,
    });
    const created = specs.map((spec) => new kafka.Topic(`${name}-${spec.name}`, spec, { parent: this, provider }));

    this.topicNames = pulumi.all(created.map((topic) => topic.name));
    this.registerOutputs({ topicNames: this.topicNames });
  }
}
