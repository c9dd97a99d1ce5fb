// The cluster CA as Strimzi takes a CA of one's own (`clusterCa.generateCertificateAuthority: false`): the
// certificate in `<cluster>-cluster-ca-cert` (`ca.crt`), the private key in `<cluster>-cluster-ca` (`ca.key`, PKCS#8
// PEM), both labelled for the cluster and annotated with their generation (caGeneration.ts: from tlsRotation, so a new
// CA raises both and Strimzi rolls onto it), made before the Kafka resource (Strimzi's "Installing your own CA
// certificates and private keys"). The CA comes from tlsCertificates.ts, as on Docker, so the
// clients' truststore is a stack output at deploy time instead of something to read back from the cluster. Pure.
import { clusterCaCertificateSecretName, clusterCaKeySecretName, ResourceMetadata } from "./resource";

/** The key of the CA certificate (PEM) in its Secret. */
export const CA_CERTIFICATE_KEY = "ca.crt";
/** The key of the CA's private key (PEM) in its Secret. */
export const CA_PRIVATE_KEY_KEY = "ca.key";
/** Strimzi's annotation of the CA certificate's generation; it rolls the pods to trust a new one when it grows. */
export const CA_CERT_GENERATION_ANNOTATION = "strimzi.io/ca-cert-generation";
/** Strimzi's annotation of the CA key's generation; it reissues the brokers' certificates when it grows. */
export const CA_KEY_GENERATION_ANNOTATION = "strimzi.io/ca-key-generation";

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

/**
 * The metadata of the CA certificate's Secret and of the CA key's Secret, for the CA of `generation`
 * (`caGeneration`). Every new CA of the stack has a new key, so both annotations carry the same number.
 */
export function clusterCaSecrets(cluster: string, namespace: string, generation: number): ClusterCaSecrets {
  return {
    certificate: {
      name: clusterCaCertificateSecretName(cluster),
      namespace,
      labels: caLabels(cluster),
      annotations: { [CA_CERT_GENERATION_ANNOTATION]: String(generation) },
    },
    privateKey: {
      name: clusterCaKeySecretName(cluster),
      namespace,
      labels: caLabels(cluster),
      annotations: { [CA_KEY_GENERATION_ANNOTATION]: String(generation) },
    },
  };
}
