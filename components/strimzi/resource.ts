// What every rendered Strimzi resource has in common: its shape as a plain object (what `kubectl apply` or Pulumi's
// CustomResource takes), the label that ties it to its Kafka or KafkaConnect cluster, and the names Strimzi derives
// from the cluster's name. Pure.
import { STRIMZI_API_VERSION } from "./settings";

/** A Strimzi custom resource as a plain object. */
export interface StrimziResource {
  /** Always {@link STRIMZI_API_VERSION}. */
  apiVersion: typeof STRIMZI_API_VERSION;
  /** Kafka, KafkaNodePool, KafkaTopic, KafkaUser, KafkaConnect or KafkaConnector. */
  kind: string;
  /** Name, namespace, labels and annotations. */
  metadata: ResourceMetadata;
  /** The resource's spec, in Strimzi's field names. */
  spec: Record<string, unknown>;
}

/** The metadata the renderers set. */
export interface ResourceMetadata {
  /** The resource's name in its namespace. */
  name: string;
  /** Its namespace. */
  namespace: string;
  /** Its labels, when any. */
  labels?: Record<string, string>;
  /** Its annotations, when any. */
  annotations?: Record<string, string>;
}

/** The label by which a node pool, topic or user names its Kafka cluster, and a connector its KafkaConnect cluster. */
export const CLUSTER_LABEL = "strimzi.io/cluster";

/** A resource of `kind`, with labels and annotations only where given. */
export function strimziResource(
  kind: string,
  metadata: ResourceMetadata,
  spec: Record<string, unknown>,
): StrimziResource {
  return { apiVersion: STRIMZI_API_VERSION, kind, metadata, spec };
}

/** The metadata of a resource that belongs to the cluster `cluster` (its `strimzi.io/cluster` label). */
export function clusterMember(name: string, namespace: string, cluster: string): ResourceMetadata {
  return { name, namespace, labels: { [CLUSTER_LABEL]: cluster } };
}

/** The Service Strimzi puts in front of every broker: `<cluster>-kafka-bootstrap`. */
export function bootstrapServiceName(cluster: string): string {
  return `${cluster}-kafka-bootstrap`;
}

/** The Secret holding the cluster CA's certificate (`ca.crt`), which clients trust; Strimzi's name for it. */
export function clusterCaCertificateSecretName(cluster: string): string {
  return `${cluster}-cluster-ca-cert`;
}

/** The Secret holding the cluster CA's private key (`ca.key`), with which Strimzi signs the broker certificates. */
export function clusterCaKeySecretName(cluster: string): string {
  return `${cluster}-cluster-ca`;
}
