// How Pulumi reaches a Kafka cluster to manage its topics, users and ACLs: the stack's own brokers, or any reachable
// cluster (a managed service, an operator's) given its bootstrap servers and credentials. One place maps these onto
// the kafka provider's settings.
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";

/** SASL credentials; the password should be a Pulumi secret. */
export interface SaslCredentials {
  /** @default "scram-sha-512" */
  mechanism?: "scram-sha-512" | "scram-sha-256" | "plain";
  /** The principal's name. */
  username: pulumi.Input<string>;
  /** The principal's password; pass a secret. */
  password: pulumi.Input<string>;
}

/** How to talk to the cluster beyond its address. Absent: PLAINTEXT without authentication (the dev default). */
export interface ClusterSecurity {
  /** Encrypt with TLS. @default true when `caCertificatePem` or `sasl` is given, else false */
  tls?: boolean;
  /** The CA (PEM) that signed the brokers' certificates. @default the system's CAs (right for managed services) */
  caCertificatePem?: pulumi.Input<string>;
  /** Authenticate with SASL as this principal. @default no authentication */
  sasl?: SaslCredentials;
}

/** The kafka provider's mechanism names (the Terraform provider spells SCRAM without a dash before the digits). */
const PROVIDER_MECHANISMS = { "scram-sha-512": "scram-sha512", "scram-sha-256": "scram-sha256", plain: "plain" } as const;

/** The kafka provider's arguments for a cluster at `bootstrapServers` with `security`. */
export function kafkaProviderArgs(bootstrapServers: pulumi.Input<pulumi.Input<string>[]>, security: ClusterSecurity = {}): kafka.ProviderArgs {
  // The provider's own default is TLS on; the plaintext listeners need it off, so it is always spelt out.
  const tlsEnabled = security.tls ?? (security.caCertificatePem !== undefined || security.sasl !== undefined);
  return {
    bootstrapServers,
    tlsEnabled,
    ...(security.caCertificatePem === undefined ? {} : { caCert: security.caCertificatePem }),
    ...(security.sasl === undefined
      ? {}
      : {
          saslMechanism: PROVIDER_MECHANISMS[security.sasl.mechanism ?? "scram-sha-512"],
          saslUsername: security.sasl.username,
          saslPassword: pulumi.secret(security.sasl.password),
        }),
  };
}
