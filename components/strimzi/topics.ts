// One KafkaTopic per CDC topic, with the configs the Docker flavour's topics get (topicConfig.ts). Pure.
import { createHash } from "crypto";
import { topicSpecs } from "../topicConfig";
import { clusterMember, strimziResource, StrimziResource } from "./resource";
import { StrimziSettings } from "./settings";

/**
 * The KafkaTopic's name: `<cluster>-<topic>` when the topic name is already a Kubernetes name (lowercase labels
 * of letters, digits and "-" between dots), else the name made one (lowercase, any run of other characters, dots included, as one "-") plus 8 hex
 * digits of the topic name's SHA-256, so that two topics that read alike there ("Users" and "users") never share a
 * resource. The topic itself is `spec.topicName`.
 */
export function topicResourceName(cluster: string, topic: string): string {
  const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  if (new RegExp(`^${label}(\\.${label})*$`).test(topic)) return `${cluster}-${topic}`;
  const readable = topic.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const digest = createHash("sha256").update(topic).digest("hex").slice(0, 8);
  return `${`${cluster}-${readable}`.slice(0, 253 - 9).replace(/-+$/, "")}-${digest}`;
}

/** The CDC topics as KafkaTopic resources, partitions, replicas and configs as the Docker flavour's CdcTopics. */
export function renderTopics(settings: StrimziSettings): StrimziResource[] {
  const specs = topicSpecs(settings.topics, {
    partitions: settings.topicPartitions,
    replicationFactor: settings.replicationFactor,
    minInsyncReplicas: settings.minInsyncReplicas,
    retentionMs: settings.topicRetentionMs,
    cleanupPolicy: settings.topicCleanupPolicy,
  });
  return specs.map((spec) =>
    strimziResource("KafkaTopic", clusterMember(topicResourceName(settings.clusterName, spec.name), settings.namespace, settings.clusterName), {
      topicName: spec.name,
      partitions: spec.partitions,
      replicas: spec.replicationFactor,
      config: spec.config,
    }),
  );
}
