// The web UI: kafbat's Kafka UI (or the project's console, which honours the same environment contract) on the
// brokers' network, reading the cluster through the INTERNAL listener.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { hostAddress } from "./brokerEnv";
import { DEFAULT_UI_IMAGE, DEFAULTS, KafkaSettingsArgs, MAX_CONTAINER_NAME_LENGTH } from "./config";
import {
  clusterNameError,
  dockerNameError,
  hostBindIpError,
  imageReferenceError,
  kafkaConnectArgsError,
  throwIfInvalid,
  uiExposureError,
  wholeNumberError,
} from "./validation";
import { dockerLabels } from "./labels";

/** The port the UI listens on inside its container (kafbat's default, set explicitly through SERVER_PORT). */
export const UI_CONTAINER_PORT = 8080;
/**
 * Where the UI's secrets are written in its container: a Spring config tree (SPRING_CONFIG_IMPORT), which kafbat and
 * the project's console both read, so no secret is in the container's environment.
 */
export const UI_SECRETS_DIR = "/etc/kafka-ui-secrets";

/** The UI's login form account (kafbat's `AUTH_TYPE=LOGIN_FORM`). */
export interface UiLogin {
  /** The user name typed into the form. */
  username: string;
  /** The password typed into the form; a secret. */
  password: string;
}

/** The arguments of {@link KafkaUi}; `uiImage`, `uiPort` and `hostBindIp` as in {@link KafkaSettingsArgs}. */
export interface KafkaUiArgs extends Pick<KafkaSettingsArgs, "uiImage" | "uiPort" | "hostBindIp"> {
  /** Docker network the brokers are on. */
  networkName: pulumi.Input<string>;
  /** The brokers' INTERNAL listeners, comma-separated (`<container>:29092,…`). */
  internalBootstrapServers: pulumi.Input<string>;
  /** Cluster name shown by the UI and used in its REST paths (`/api/clusters/<name>`). @default the component name */
  clusterName?: string;
  /**
   * The brokers' Prometheus metrics port (each broker's `http://<host from Kafka metadata>:<port>/metrics`), scraped by
   * the UI for its byte rates. @default none: the UI reads no metrics
   */
  metricsPort?: number;
  /** Name the UI shows for a Kafka Connect cluster (kafbat's `KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME`). @default none */
  kafkaConnectName?: string;
  /**
   * Connect's REST API as the UI container reaches it, e.g. `http://<connect container>:8083`; with
   * `kafkaConnectName`, the UI lists the connectors, their tasks and states. @default none: no Connect view
   */
  kafkaConnectAddress?: pulumi.Input<string>;
  /**
   * Java client properties the UI connects with, as kafbat's `KAFKA_CLUSTERS_0_PROPERTIES_*` variables (e.g. a secured
   * stack's settings for its `ui` principal: security.protocol, sasl.*, ssl.truststore.*). A secret stays a secret.
   * @default none: PLAINTEXT
   */
  clientProperties?: pulumi.Input<Record<string, string>>;
  /**
   * The UI's login form (kafbat's `AUTH_TYPE=LOGIN_FORM`): every API path and page needs a session from it. The
   * password reaches the container as a file, never in its environment. Required when hostBindIp is not loopback.
   * @default none: no login
   */
  login?: pulumi.Input<UiLogin>;
  /** User name for Connect's REST API (basic auth), with kafkaConnectPassword. @default none */
  kafkaConnectUsername?: pulumi.Input<string>;
  /** Password for Connect's REST API (basic auth), written as a file in the container. @default none */
  kafkaConnectPassword?: pulumi.Input<string>;
  /** Container name. @default the component name */
  containerName?: string;
  /** Labels for the container, besides `cdc-kafka.component=ui`. @default {} */
  labels?: pulumi.Input<Record<string, string>>;
}

/** The Kafka web UI container on the brokers' network (kafbat's environment contract), published on `hostBindIp:uiPort`. */
export class KafkaUi extends pulumi.ComponentResource {
  /** Where a browser on the host opens the UI, e.g. `http://localhost:8080`. */
  public readonly url: pulumi.Output<string>;
  /** The UI container's name. */
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: KafkaUiArgs, opts?: pulumi.ComponentResourceOptions) {
    const uiImage = args.uiImage ?? DEFAULTS.uiImage;
    const uiPort = args.uiPort ?? DEFAULTS.uiPort;
    const hostBindIp = args.hostBindIp ?? DEFAULTS.hostBindIp;
    const clusterName = args.clusterName ?? name;
    const containerName = args.containerName ?? name;
    const labels = pulumi.output(args.labels ?? {});
    // Every secret as a file of the config tree, the whole list a secret (it holds the passwords).
    const secretFiles = pulumi.secret(
      pulumi
        .all([args.clientProperties ?? {}, args.login, args.kafkaConnectPassword])
        .apply(([properties, login, kafkaConnectPassword]) => uiSecretFiles({ properties, loginPassword: login?.password, kafkaConnectPassword })),
    );
    // How many there are is no secret: the environment names the config tree only when it has files.
    const secretFileCount = pulumi.unsecret(secretFiles.apply((files) => files.length));
    // The user name is no secret, even when the login as a whole is one: it stays readable in the environment.
    const loginUsername = args.login === undefined ? undefined : pulumi.unsecret(pulumi.output(args.login).apply((login) => login.username));
    // Known before any value resolves, so the container's shape (uploads or none) does not wait on outputs.
    const secretFilesExpected = args.clientProperties !== undefined || args.login !== undefined || args.kafkaConnectPassword !== undefined;

    throwIfInvalid([
      imageReferenceError("uiImage", uiImage, DEFAULT_UI_IMAGE),
      wholeNumberError("uiPort", uiPort, 1, 65535),
      hostBindIpError(hostBindIp),
      clusterNameError(clusterName),
      dockerNameError("containerName", containerName, MAX_CONTAINER_NAME_LENGTH),
      kafkaConnectArgsError(args.kafkaConnectName, args.kafkaConnectAddress),
      kafkaConnectCredentialsError(args),
      uiExposureError(hostBindIp, args.login !== undefined, "login"),
    ]);
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:index:KafkaUi", name, {}, opts);

    const image = new docker.RemoteImage(`${name}-image`, { name: uiImage, keepLocally: true }, { parent: this });
    const container = new docker.Container(
      `${name}-container`,
      {
        name: containerName,
        image: image.imageId,
        envs: pulumi
          .all([args.internalBootstrapServers, args.kafkaConnectAddress, args.clientProperties ?? {}, loginUsername, args.kafkaConnectUsername, secretFileCount])
          .apply(([bootstrapServers, kafkaConnectAddress, properties, username, kafkaConnectUsername, fileCount]) => [
            `KAFKA_CLUSTERS_0_NAME=${clusterName}`,
            `KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS=${bootstrapServers}`,
            `SERVER_PORT=${UI_CONTAINER_PORT}`,
            ...(args.metricsPort === undefined
              ? []
              : ["KAFKA_CLUSTERS_0_METRICS_TYPE=PROMETHEUS", `KAFKA_CLUSTERS_0_METRICS_PORT=${args.metricsPort}`]),
            ...(args.kafkaConnectName === undefined || kafkaConnectAddress === undefined
              ? []
              : [`KAFKA_CLUSTERS_0_KAFKACONNECT_0_NAME=${args.kafkaConnectName}`, `KAFKA_CLUSTERS_0_KAFKACONNECT_0_ADDRESS=${kafkaConnectAddress}`]),
            ...(kafkaConnectUsername === undefined ? [] : [`KAFKA_CLUSTERS_0_KAFKACONNECT_0_USERNAME=${kafkaConnectUsername}`]),
            ...clusterPropertiesEnvironment(properties),
            ...(username === undefined ? [] : ["AUTH_TYPE=LOGIN_FORM", `SPRING_SECURITY_USER_NAME=${username}`]),
            ...(fileCount === 0 ? [] : [`SPRING_CONFIG_IMPORT=optional:configtree:${UI_SECRETS_DIR}/`]),
          ]),
        ...(secretFilesExpected ? { uploads: secretFiles } : {}),
        labels: labels.apply((given) => dockerLabels(given, "ui")),
        networksAdvanced: [{ name: args.networkName }],
        ports: [{ internal: UI_CONTAINER_PORT, external: uiPort, ip: hostBindIp, protocol: "tcp" }],
        restart: "unless-stopped",
      },
      { parent: this },
    );

    this.url = container.name.apply(() => `http://${hostAddress(hostBindIp)}:${uiPort}`);
    this.containerName = container.name;
    this.registerOutputs({ url: this.url, containerName: this.containerName });
  }
}

/** Client properties that carry a secret (the JAAS line with its password, any `*.password`): files, never variables. */
export function isSecretProperty(key: string): boolean {
  return key === "sasl.jaas.config" || key.endsWith(".password");
}

/**
 * Java client properties as kafbat's variables: `security.protocol` → `KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL`;
 * the secret ones are left out ({@link uiSecretFiles} writes them).
 */
export function clusterPropertiesEnvironment(properties: Record<string, string>): string[] {
  return Object.entries(properties)
    .filter(([key]) => !isSecretProperty(key))
    .map(([key, value]) => `KAFKA_CLUSTERS_0_PROPERTIES_${key.toUpperCase().replace(/[.-]/g, "_")}=${value}`);
}

/**
 * The UI's secrets as files of its config tree ({@link UI_SECRETS_DIR}): each file named by its Spring property (the
 * name kafbat binds, as it binds the variable), holding the value. The project's console makes them 0400 and its own.
 */
export function uiSecretFiles(secrets: {
  /** The client properties; the secret ones become files. */
  properties: Record<string, string>;
  /** The login form's password. */
  loginPassword?: string;
  /** Connect's basic-auth password. */
  kafkaConnectPassword?: string;
}): Array<{
  /** Absolute path in the container. */
  file: string;
  /** The value. */
  content: string;
}> {
  const files: Record<string, string> = {};
  for (const [key, value] of Object.entries(secrets.properties)) if (isSecretProperty(key)) files[`kafka.clusters[0].properties.${key}`] = value;
  if (secrets.loginPassword !== undefined) files["spring.security.user.password"] = secrets.loginPassword;
  if (secrets.kafkaConnectPassword !== undefined) files["kafka.clusters[0].kafkaConnect[0].password"] = secrets.kafkaConnectPassword;
  return Object.entries(files).map(([property, content]) => ({ file: `${UI_SECRETS_DIR}/${property}`, content }));
}

/** Connect's basic-auth user and password go together, and only with a Connect view to use them. */
function kafkaConnectCredentialsError(args: Pick<KafkaUiArgs, "kafkaConnectName" | "kafkaConnectUsername" | "kafkaConnectPassword">): string | undefined {
  if ((args.kafkaConnectUsername === undefined) !== (args.kafkaConnectPassword === undefined)) {
    return "kafkaConnectUsername and kafkaConnectPassword go together; set both for a Connect REST API that requires basic auth, or neither.";
  }
  if (args.kafkaConnectUsername !== undefined && args.kafkaConnectName === undefined) {
    return "kafkaConnectUsername and kafkaConnectPassword log the UI in to Connect's REST API; set kafkaConnectName and kafkaConnectAddress too, or drop them.";
  }
  return undefined;
}
