// The Kafka side of the CDC pipeline on Kubernetes, through the Strimzi operator: the same settings and, as far as
// they mean anything there, the same outputs as KafkaStack, so a Postgres/Debezium stack does not care where Kafka
// runs. Registers the rendered resources (kafka.ts, topics.ts, users.ts, clusterCa.ts) as Kubernetes objects; Strimzi
// (installed in the cluster, watching the namespace) turns them into pods, topics and principals.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PRINCIPALS, PrincipalRole } from "../accessControl";
import { adminConfig, ClientCredentials, consumerConfig, debeziumProducerConfig, producerConfig } from "../clientConfig";
import { PASSWORD_SETTING_OF, SecurityMode } from "../config";
import { GeneratedPassword } from "../generatedPassword";
// A type only: the Docker flavour (and @pulumi/docker) is never loaded by this entry point.
import type { KafkaStackOutputValues } from "../kafkaStack";
import { CertificateAuthority } from "../tlsCertificates";
import { throwIfInvalid } from "../validation";
import { caCommonName, caGeneration } from "./caGeneration";
import { CA_CERTIFICATE_KEY, CA_PRIVATE_KEY_KEY, clusterCaSecrets } from "./clusterCa";
import { renderKafka, renderNodePool } from "./kafka";
import { internalBootstrapAddress } from "./listeners";
import { externalBootstrapServers, KafkaStatus, readinessAnnotations, readinessTimeouts } from "./readiness";
import { ResourceMetadata, StrimziResource } from "./resource";
import { resolveStrimziSettings, StrimziSettings, StrimziSettingsArgs, validateStrimziSettings } from "./settings";
import { renderTopics } from "./topics";
import { kafkaUserName, PASSWORD_KEY, passwordSecretName, renderUsers, STRIMZI_ROLES } from "./users";

/** The arguments of {@link StrimziKafkaStack}: the settings (see {@link StrimziSettingsArgs}). */
export type StrimziKafkaStackArgs = StrimziSettingsArgs;

/**
 * The outputs KafkaStack has that mean the same on Kubernetes, by KafkaStack's names, plus where the cluster is.
 * `hostBootstrapServers` keeps KafkaStack's name and meaning (the address clients outside the cluster's network use):
 * here the external listener's, as Strimzi published it in the Kafka resource's `status.listeners`; it is undefined
 * with `externalListener: "none"` or `awaitReady: false` (nothing was waited for, so nothing published is known).
 * Absent, with the reason: networkName, brokerContainerNames, dataVolumeNames (pods and claims are Strimzi's),
 * clusterId (Strimzi formats the storage and reports it in `status.clusterId`), uiUrl, uiLogin, metricsUrl,
 * metricsScrapeTargets (no UI or Prometheus is deployed) and labels (Docker labels).
 */
export type StrimziKafkaStackOutputValues = Pick<
  KafkaStackOutputValues,
  | "internalBootstrapServers"
  | "clusterName"
  | "topicNames"
  | "replicationFactor"
  | "minInsyncReplicas"
  | "security"
  | "caCertificate"
  | "producerConfig"
  | "debeziumProducerConfig"
  | "consumerConfig"
  | "adminConfig"
> & {
  /** KafkaStack's address for clients outside the cluster's network, here as Strimzi published it; see above for when it is undefined. */
  hostBootstrapServers: KafkaStackOutputValues["hostBootstrapServers"] | undefined;
  /** The namespace of the cluster and of every resource of the stack. */
  namespace: string;
  /** The Kafka version Strimzi runs. */
  kafkaVersion: string;
};

/** The stack's outputs as Pulumi outputs, by the names {@link StrimziKafkaStackOutputValues} gives them. */
export type StrimziKafkaStackOutputs = { [K in keyof StrimziKafkaStackOutputValues]: pulumi.Output<StrimziKafkaStackOutputValues[K]> };

/**
 * A Strimzi Kafka cluster (KRaft, one pool of `brokers` dual-role nodes) with the library's broker settings, the CDC
 * topics, and with `security: sasl_ssl` the stack's own CA, SCRAM-SHA-512 principals and their ACLs. Needs the
 * Strimzi 1.2 cluster operator watching `namespace` (which must exist), and a Kubernetes provider.
 */
export class StrimziKafkaStack extends pulumi.ComponentResource implements StrimziKafkaStackOutputs {
  public readonly internalBootstrapServers: pulumi.Output<string>;
  public readonly hostBootstrapServers: pulumi.Output<string | undefined>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly namespace: pulumi.Output<string>;
  public readonly kafkaVersion: pulumi.Output<string>;
  public readonly topicNames: pulumi.Output<string[]>;
  public readonly replicationFactor: pulumi.Output<number>;
  public readonly minInsyncReplicas: pulumi.Output<number>;
  public readonly security: pulumi.Output<SecurityMode>;
  public readonly caCertificate: pulumi.Output<string | undefined>;
  public readonly producerConfig: pulumi.Output<Record<string, string>>;
  public readonly debeziumProducerConfig: pulumi.Output<Record<string, string>>;
  public readonly consumerConfig: pulumi.Output<Record<string, string>>;
  public readonly adminConfig: pulumi.Output<Record<string, string>>;
  /** The resolved settings, plain: what StrimziDebeziumConnect renders its resources for. */
  public readonly settings: StrimziSettings;
  /** The Kafka resource and its node pool, for `dependsOn`. */
  public readonly cluster: k8s.apiextensions.CustomResource[];
  /** The principals' KafkaUsers (none on a plaintext cluster), for `dependsOn`: a client that needs its grants waits for these. */
  public readonly users: k8s.apiextensions.CustomResource[];

  constructor(name: string, args: StrimziKafkaStackArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfInvalid(validateStrimziSettings(name, args));
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:strimzi:StrimziKafkaStack", name, {}, opts);
    const settings = resolveStrimziSettings(name, args);
    this.settings = settings;
    const secured = settings.security === "sasl_ssl";
    const custom = (resource: StrimziResource, resourceName: string, dependsOn: pulumi.Resource[] = []) =>
      new k8s.apiextensions.CustomResource(resourceName, { ...resource }, { parent: this, dependsOn });
    const secret = (resourceName: string, metadata: ResourceMetadata, stringData: Record<string, pulumi.Input<string>>) =>
      new k8s.core.v1.Secret(resourceName, { metadata, type: "Opaque", stringData: pulumi.secret(stringData) }, { parent: this });

    // Validated above: with sasl_ssl tlsRotation is a whole number, so it has a generation; a plaintext cluster has no CA.
    const generation = secured ? caGeneration(settings.tlsRotation) : undefined;
    const ca =
      generation === undefined
        ? undefined
        : new CertificateAuthority(`${name}-ca`, { commonName: caCommonName(name, generation), rotation: settings.tlsRotation }, { parent: this });
    const caMetadata = generation === undefined ? undefined : clusterCaSecrets(settings.clusterName, settings.namespace, generation);
    // Strimzi reads the CA from these Secrets when it first reconciles the Kafka resource, so they exist before it.
    const caSecrets =
      ca && caMetadata
        ? [
            secret(`${name}-cluster-ca-cert`, caMetadata.certificate, { [CA_CERTIFICATE_KEY]: ca.certificatePem }),
            secret(`${name}-cluster-ca`, caMetadata.privateKey, { [CA_PRIVATE_KEY_KEY]: ca.privateKeyPem }),
          ]
        : [];
    const rendered = renderKafka(settings);
    const annotations = { ...rendered.metadata.annotations, ...readinessAnnotations(settings) };
    const kafka = new k8s.apiextensions.CustomResource(
      `${name}-kafka`,
      // `status: undefined` declares the output (CustomResource declares only apiVersion, kind and metadata); the engine
      // sends no input for it, and the provider fills it with the object's status when its wait ended.
      { ...rendered, metadata: { ...rendered.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }, status: undefined },
      { parent: this, dependsOn: caSecrets, customTimeouts: readinessTimeouts(settings) },
    );
    this.cluster = [kafka, custom(renderNodePool(settings), `${name}-nodes`)];

    const passwords = secured ? this.passwords(name, settings) : undefined;
    const userResources = renderUsers(settings);
    this.users = STRIMZI_ROLES.flatMap((role) => {
      const user = userResources.find((resource) => resource.metadata.name === kafkaUserName(settings.clusterName, role));
      if (!passwords || !user) return [];
      const passwordSecret = secret(
        `${name}-${role}-scram-password`,
        { name: passwordSecretName(settings.clusterName, role), namespace: settings.namespace },
        { [PASSWORD_KEY]: passwords[role] },
      );
      // After the Kafka resource: deleted before it, while Strimzi's user operator still runs to remove its finalizer.
      return [custom(user, `${name}-user-${role}`, [passwordSecret, ...this.cluster])];
    });
    const topics = renderTopics(settings).map((topic) => custom(topic, `${name}-topic-${topic.spec.topicName}`, this.cluster));

    this.internalBootstrapServers = pulumi.output(internalBootstrapAddress(settings.clusterName, settings.namespace, settings.security));
    const status = (kafka as unknown as { status: pulumi.Output<KafkaStatus | undefined> }).status;
    // Read only when the wait made the status current; without the wait it is whatever the server held at create time.
    this.hostBootstrapServers =
      settings.awaitReady && settings.externalListener !== "none" ? status.apply((published) => externalBootstrapServers(published)) : pulumi.output(undefined);
    this.clusterName = pulumi.output(settings.clusterName);
    this.namespace = pulumi.output(settings.namespace);
    this.kafkaVersion = pulumi.output(settings.kafkaVersion);
    // Known once every KafkaTopic is accepted, so a reader of the names waits for the topics as on Docker.
    this.topicNames = pulumi.all(topics.map((topic) => topic.id)).apply(() => [...settings.topics]);
    this.replicationFactor = pulumi.output(settings.replicationFactor);
    this.minInsyncReplicas = pulumi.output(settings.minInsyncReplicas);
    this.security = pulumi.output(settings.security);
    this.caCertificate = ca ? ca.certificatePem : pulumi.output(undefined);
    /** The settings `build` makes for a role: plain on a plaintext cluster, a secret with its credentials otherwise. */
    const clientSettings = (role: PrincipalRole, build: (credentials?: ClientCredentials) => Record<string, string>) =>
      passwords && ca
        ? pulumi.secret(
            pulumi
              .all([passwords[role], ca.certificatePem])
              .apply(([password, caCertificatePem]) => build({ username: kafkaUserName(settings.clusterName, role), password, caCertificatePem })),
          )
        : pulumi.output(build());
    this.producerConfig = clientSettings("connect", producerConfig);
    this.debeziumProducerConfig = clientSettings("connect", debeziumProducerConfig);
    this.consumerConfig = clientSettings("consumer", consumerConfig);
    this.adminConfig = clientSettings("admin", adminConfig);
    this.registerOutputs(this.stackOutputs());
  }

  /** Each principal's password, secret: the given one, or one generated and kept in state. */
  private passwords(name: string, settings: StrimziSettings): Record<PrincipalRole, pulumi.Output<string>> {
    return Object.fromEntries(
      (Object.keys(PRINCIPALS) as PrincipalRole[]).map((role) => {
        const given = settings[PASSWORD_SETTING_OF[role]];
        return [role, given !== undefined ? pulumi.secret(given) : new GeneratedPassword(`${name}-${role}-password`, {}, { parent: this }).result];
      }),
    ) as Record<PrincipalRole, pulumi.Output<string>>;
  }

  /** Every output by name: what the stack program exports. */
  public stackOutputs(): StrimziKafkaStackOutputs {
    return {
      internalBootstrapServers: this.internalBootstrapServers,
      hostBootstrapServers: this.hostBootstrapServers,
      clusterName: this.clusterName,
      namespace: this.namespace,
      kafkaVersion: this.kafkaVersion,
      topicNames: this.topicNames,
      replicationFactor: this.replicationFactor,
      minInsyncReplicas: this.minInsyncReplicas,
      security: this.security,
      caCertificate: this.caCertificate,
      producerConfig: this.producerConfig,
      debeziumProducerConfig: this.debeziumProducerConfig,
      consumerConfig: this.consumerConfig,
      adminConfig: this.adminConfig,
    };
  }
}
