// The Kafka resource's listeners and the addresses clients use: inside Kubernetes through Strimzi's bootstrap Service,
// outside through a NodePort or LoadBalancer listener. plaintext: no encryption, no authentication, as the Docker
// flavour's PLAINTEXT listeners. sasl_ssl: every listener TLS (certificates signed by the stack's CA) with
// SCRAM-SHA-512, as the Docker flavour's SASL_SSL listeners. Brokers and controllers talk over Strimzi's own mTLS
// listeners in both modes. Pure.
import { SecurityMode } from "../config";
import { bootstrapServiceName } from "./resource";
import { ExternalListenerType } from "./settings";

/** The internal plaintext listener's port (Strimzi's convention for `plain`). */
export const PLAIN_PORT = 9092;
/** The internal TLS listener's port (Strimzi's convention for `tls`). */
export const TLS_PORT = 9093;
/** The external listener's port (Strimzi's convention for `external`). */
export const EXTERNAL_PORT = 9094;

/** The external listener's name, by which Strimzi's `status.listeners` reports its addresses. */
export const EXTERNAL_LISTENER_NAME = "external";

/** One entry of `spec.kafka.listeners`. */
export interface StrimziListener {
  /** Strimzi's listener name (lowercase letters and digits, at most 11). */
  name: string;
  /** Container port (≥ 9092). */
  port: number;
  /** internal, nodeport or loadbalancer. */
  type: string;
  /** Whether the listener is encrypted. */
  tls: boolean;
  /** SCRAM-SHA-512 on a secured cluster. */
  authentication?: {
    /** Strimzi's name of the mechanism. */
    type: "scram-sha-512";
  };
}

/** The listener clients inside Kubernetes bootstrap from: `plain` on 9092, or `tls` on 9093 when secured. */
export function internalListener(security: SecurityMode): StrimziListener {
  return security === "sasl_ssl"
    ? { name: "tls", port: TLS_PORT, type: "internal", tls: true, authentication: { type: "scram-sha-512" } }
    : { name: "plain", port: PLAIN_PORT, type: "internal", tls: false };
}

/** The internal listener, and the external one unless `externalListener` is none. */
export function kafkaListeners(security: SecurityMode, externalListener: ExternalListenerType): StrimziListener[] {
  const internal = internalListener(security);
  if (externalListener === "none") return [internal];
  const secured = security === "sasl_ssl";
  return [
    internal,
    { name: EXTERNAL_LISTENER_NAME, port: EXTERNAL_PORT, type: externalListener, tls: secured, ...(secured ? { authentication: { type: "scram-sha-512" as const } } : {}) },
  ];
}

/**
 * The internal listener's bootstrap address as Strimzi publishes it in the Kafka resource's status
 * (`<cluster>-kafka-bootstrap.<namespace>.svc:<port>`): what pods in any namespace of the cluster use.
 */
export function internalBootstrapAddress(cluster: string, namespace: string, security: SecurityMode): string {
  return `${bootstrapServiceName(cluster)}.${namespace}.svc:${internalListener(security).port}`;
}
