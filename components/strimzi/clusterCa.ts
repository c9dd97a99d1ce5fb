// The cluster CA as Strimzi takes a CA of one's own (`clusterCa.generateCertificateAuthority: false`): the
// certificate in `<cluster>-cluster-ca-cert` (`ca.crt`), the private key in `<cluster>-cluster-ca` (`ca.key`, PKCS#8
// PEM), both labelled for the cluster and annotated with their generation, made before the Kafka resource (Strimzi's
// "Installing your own CA certificates and private keys"). The CA comes from tlsCertificates.ts, as on Docker, so the
// clients' truststore is a stack output at deploy time instead of something to read back from the cluster. Pure.
import { clusterCaCertificateSecretName, clusterCaKeySecretName, ResourceMetadata } from "./resource";

/** The key of the CA certificate (PEM) in its Secret. */
export const CA_CERTIFICATE_KEY = "ca.crt";
/** The key of the CA's private key (PEM) in its Secret. */
export const CA_PRIVATE_KEY_KEY = "ca.key";
/**
 * The generation both Secrets start at. Strimzi rolls the brokers onto a new CA only when this number grows, so a new
 * CA (tlsRotation) needs Strimzi's renewal procedure: see the docs' Kubernetes page.
 */
export const FIRST_CA_GENERATION = "0";

/** Strimzi's labels on a CA Secret: which kind of resource and which cluster it belongs to. */
function caLabels(cluster: string): Record<string, string> {
  return { "strimzi.io/kind": "Kafka", "strimzi.io/cluster": cluster };
}

/** The metadata of the two Secrets of a cluster CA of one's own. */
export interface ClusterCaSecrets {
  /** `<cluster>-cluster-ca-cert`, holding {@link CA_CERTIFICATE_KEY}. */
  certificate: ResourceMetadata;
  /** `<cluster>-cluster-ca`, holding {@link CA_PRIVATE_KEY_KEY}. */
  privateKey: ResourceMetadata;
}

/** The metadata of the CA certificate's Secret and of the CA key's Secret. */
export function clusterCaSecrets(cluster: string, namespace: string): ClusterCaSecrets {
  return {
    certificate: {
      name: clusterCaCertificateSecretName(cluster),
      namespace,
      labels: caLabels(cluster),
      annotations: { "strimzi.io/ca-cert-generation": FIRST_CA_GENERATION },
    },
    privateKey: {
      name: clusterCaKeySecretName(cluster),
      namespace,
      labels: caLabels(cluster),
      annotations: { "strimzi.io/ca-key-generation": FIRST_CA_GENERATION },
    },
  };
}
