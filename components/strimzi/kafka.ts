// The Kafka resource and its node pool: KRaft (the only mode Strimzi 1.x has; the `strimzi.io/kraft` and
// `strimzi.io/node-pools` annotations of 0.4x are ignored since 0.48, so none is set), the broker properties this
// library enforces on every cluster (brokerDeliveryProperties, the same the Docker brokers get), the listeners, and on
// a secured cluster simple authorization with the admin principal as the one super user and the stack's own CA.
// Pure.
import { brokerDeliveryProperties } from "../brokerEnv";
import { kafkaListeners } from "./listeners";
import { clusterMember, strimziResource, StrimziResource } from "./resource";
import { StrimziSettings } from "./settings";
import { kafkaUserName } from "./users";

/**
 * The one node pool: `brokers` nodes, each a KRaft broker and controller, the Docker flavour's topology (every node
 * a voter). Why not dedicated controllers: a cluster of the sizes this library targets (1–9 nodes) keeps the quorum
 * on its brokers as the Docker stacks do, so what the local tests prove about losing a node holds here too, and three
 * nodes cost three pods, not six. A cluster that outgrows that adds a controller pool (a Strimzi day-2 operation).
 */
export function nodePoolName(cluster: string): string {
  return `${cluster}-nodes`;
}

/** Strimzi's roles of the pool's nodes. */
export const NODE_ROLES: readonly string[] = ["controller", "broker"];

/** The broker properties the Kafka resource sets: the library's delivery and retention properties. */
export function strimziBrokerConfig(settings: StrimziSettings): Record<string, string> {
  return brokerDeliveryProperties(settings);
}

/** The Kafka resource (`spec.kafka`, the entity operator that runs the KafkaTopic/KafkaUser resources, the CA). */
export function renderKafka(settings: StrimziSettings): StrimziResource {
  const secured = settings.security === "sasl_ssl";
  return strimziResource(
    "Kafka",
    { name: settings.clusterName, namespace: settings.namespace },
    {
      kafka: {
        version: settings.kafkaVersion,
        listeners: kafkaListeners(settings.security, settings.externalListener),
        ...(secured ? { authorization: { type: "simple", superUsers: [kafkaUserName(settings.clusterName, "admin")] } } : {}),
        config: strimziBrokerConfig(settings),
      },
      // The CA is the stack's own (tlsCertificates.ts), placed in Strimzi's Secrets before the Kafka resource, so
      // clients' truststores are known at deploy time as on Docker. A plaintext cluster leaves Strimzi its own CA,
      // which only its internal mTLS listeners use.
      ...(secured ? { clusterCa: { generateCertificateAuthority: false } } : {}),
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  );
}

/** The node pool: `brokers` dual-role nodes with a persistent volume each, which also holds the KRaft metadata. */
export function renderNodePool(settings: StrimziSettings): StrimziResource {
  return strimziResource("KafkaNodePool", clusterMember(nodePoolName(settings.clusterName), settings.namespace, settings.clusterName), {
    replicas: settings.brokers,
    roles: [...NODE_ROLES],
    storage: {
      type: "jbod",
      volumes: [
        {
          id: 0,
          type: "persistent-claim",
          size: settings.storageSize,
          ...(settings.storageClass === undefined ? {} : { class: settings.storageClass }),
          // keepDataVolume keeps the claims (and the data) when the pool is deleted, as it keeps Docker volumes.
          deleteClaim: !settings.keepDataVolume,
          kraftMetadata: "shared",
        },
      ],
    },
  });
}
