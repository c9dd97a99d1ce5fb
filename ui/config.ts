// The console's settings, read from kafbat's environment contract so one component can run either image unchanged.
import { kafkajsConnectionOptions } from "../components/clientConfig";
import { LoginConfig } from "./login";

/** A Kafka Connect cluster, as kafbat's `KAFKA_CLUSTERS_<i>_KAFKACONNECT_<j>_*` variables describe it. */
export interface ConnectConfig {
  name: string;
  /** Base URL of Connect's REST API, e.g. http://connect:8083 (no trailing slash). */
  address: string;
  /** Basic auth, when both are set. */
  username: string | null;
  password: string | null;
}

/** Broker metrics scraped from a Prometheus exporter on each broker (kafbat's `KAFKA_CLUSTERS_<i>_METRICS_*`). */
export interface MetricsConfig {
  type: "PROMETHEUS";
  port: number;
}

/**
 * How the console reaches a cluster, as kafkajs's `ssl` and `sasl` options (both absent: PLAINTEXT). `sasl` holds the
 * password: it is never logged or served.
 */
export interface KafkaConnection {
  ssl?: boolean | { ca: string[] };
  sasl?: { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string };
}

/** One Kafka cluster, as kafbat's `KAFKA_CLUSTERS_<i>_*` variables describe it. */
export interface ClusterConfig {
  name: string;
  bootstrapServers: string[];
  readOnly: boolean;
  connection: KafkaConnection;
  connects: ConnectConfig[];
  metrics: MetricsConfig | null;
}

/** kafbat's default port for the PROMETHEUS metrics type (the JMX exporter agent's usual port). */
export const defaultPrometheusPort = 11001;

export interface UiConfig {
  clusters: ClusterConfig[];
  port: number;
  /** How often cluster statistics are refreshed (kafbat's `kafka.update-metrics-rate-millis`). */
  refreshIntervalMs: number;
  /** Bound on one admin request (kafbat's `kafka.admin-client-timeout`); connections get a third of it. */
  adminTimeoutMs: number;
  /** kafbat's AUTH_TYPE=LOGIN_FORM account; null when AUTH_TYPE is DISABLED (no login). */
  login: LoginConfig | null;
}

export type Env = Record<string, string | undefined>;

/** kafbat refreshes every 30 s; a console used to watch a local pipeline should notice a dead broker sooner. */
export const defaultRefreshIntervalMs = 5000;
/** kafbat waits 30 s; short so that a request against an unreachable broker fails instead of hanging the page. */
export const defaultAdminTimeoutMs = 5000;

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key} must be an integer from ${min} to ${max} (got "${raw}"); fix or unset it.`);
  }
  return value;
}

function flag(env: Env, key: string): boolean {
  const raw = (env[key] ?? "").trim().toLowerCase();
  if (raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new Error(`${key} must be "true" or "false" (got "${env[key]}"); fix or unset it.`);
}

function cluster(env: Env, index: number): ClusterConfig {
  const prefix = `KAFKA_CLUSTERS_${index}_`;
  const name = (env[`${prefix}NAME`] ?? "").trim();
  const bootstrapServers = (env[`${prefix}BOOTSTRAPSERVERS`] ?? "")
    .split(",")
    .map((server) => server.trim())
    .filter((server) => server !== "");
  if (bootstrapServers.length === 0) {
    throw new Error(`${prefix}BOOTSTRAPSERVERS is empty; set it to the broker's host:port list, e.g. kafka:29092.`);
  }
  const badServer = bootstrapServers.find((server) => !/^[^\s:]+:\d{1,5}$/.test(server));
  if (badServer !== undefined) {
    throw new Error(`${prefix}BOOTSTRAPSERVERS entry "${badServer}" is not host:port; write it like kafka:29092.`);
  }
  return {
    name,
    bootstrapServers,
    readOnly: flag(env, `${prefix}READONLY`),
    connection: connection(env, prefix),
    connects: connects(env, prefix),
    metrics: metrics(env, prefix),
  };
}

/** The Java client properties the console honours, read from kafbat's `KAFKA_CLUSTERS_<i>_PROPERTIES_<NAME>` variables. */
const connectionProperties = [
  "security.protocol",
  "sasl.mechanism",
  "sasl.jaas.config",
  "ssl.truststore.type",
  "ssl.truststore.certificates",
  "ssl.truststore.location",
];
const protocols = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];

/**
 * kafbat's client properties (Spring's relaxed binding: `..._PROPERTIES_SASL_JAAS_CONFIG` is `sasl.jaas.config`) as
 * kafkajs options, through the same conversion the library's clients use. Truststores are PEM only: Node cannot open a
 * JKS or PKCS12 file. Messages name the variables and never echo the JAAS line (it holds the password).
 */
function connection(env: Env, clusterPrefix: string): KafkaConnection {
  const variable = (property: string): string => `${clusterPrefix}PROPERTIES_${property.toUpperCase().replace(/\./g, "_")}`;
  const properties: Record<string, string> = {};
  for (const property of connectionProperties) {
    const value = env[variable(property)];
    if (value !== undefined && value.trim() !== "") properties[property] = value.trim();
  }
  const protocol = (properties["security.protocol"] ?? "PLAINTEXT").toUpperCase();
  if (!protocols.includes(protocol)) {
    throw new Error(
      `${variable("security.protocol")}=${protocol} is not supported by this console; use ${protocols.join(", ")}, or run kafbat's image.`,
    );
  }
  const truststoreType = (properties["ssl.truststore.type"] ?? "").toUpperCase();
  const certificates = properties["ssl.truststore.certificates"];
  const pemInstead = `give the CA as PEM in ${variable("ssl.truststore.certificates")} with ${variable("ssl.truststore.type")}=PEM, or run kafbat's image`;
  if (properties["ssl.truststore.location"] !== undefined) {
    throw new Error(`${variable("ssl.truststore.location")} is not read by this console (Node opens no JKS or PKCS12 file); ${pemInstead}.`);
  }
  if (truststoreType !== "" && truststoreType !== "PEM") {
    throw new Error(`${variable("ssl.truststore.type")}=${truststoreType} is not supported by this console; ${pemInstead}.`);
  }
  if ((truststoreType === "PEM") !== (certificates !== undefined)) {
    throw new Error(`${variable("ssl.truststore.type")}=PEM and ${variable("ssl.truststore.certificates")} go together; set both (the CA's PEM) or neither.`);
  }
  if (certificates !== undefined && !certificates.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(`${variable("ssl.truststore.certificates")} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate as PEM.`);
  }
  try {
    return kafkajsConnectionOptions({ ...properties, "security.protocol": protocol });
  } catch {
    const mechanism = properties["sasl.mechanism"] ?? "(unset, so GSSAPI)";
    throw new Error(
      `${variable("security.protocol")}=${protocol} needs ${variable("sasl.mechanism")} PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got ${mechanism}) and ${variable("sasl.jaas.config")} with username="…" and password="…"; fix them, or run kafbat's image.`,
    );
  }
}

/** Connects 0, 1, … until the first index without a NAME, as kafbat numbers them. */
function connects(env: Env, clusterPrefix: string): ConnectConfig[] {
  const list: ConnectConfig[] = [];
  for (let index = 0; (env[`${clusterPrefix}KAFKACONNECT_${index}_NAME`] ?? "").trim() !== ""; index++) {
    const prefix = `${clusterPrefix}KAFKACONNECT_${index}_`;
    const address = (env[`${prefix}ADDRESS`] ?? "").trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/.test(address)) {
      throw new Error(`${prefix}ADDRESS must be Connect's REST URL, e.g. http://connect:8083 (got "${env[`${prefix}ADDRESS`] ?? ""}").`);
    }
    const username = (env[`${prefix}USERNAME`] ?? "").trim() || null;
    const password = env[`${prefix}PASSWORD`] || null;
    list.push({ name: env[`${prefix}NAME`]!.trim(), address, username, password });
  }
  return list;
}

function metrics(env: Env, prefix: string): MetricsConfig | null {
  const type = (env[`${prefix}METRICS_TYPE`] ?? "").trim().toUpperCase();
  const portSet = (env[`${prefix}METRICS_PORT`] ?? "").trim() !== "";
  if (type === "" && !portSet) return null;
  if (type !== "PROMETHEUS") {
    // kafbat's default type is JMX (RMI), which a Node process cannot speak.
    throw new Error(
      `${prefix}METRICS_TYPE=${type || "(unset, so JMX)"} is not supported by this console; set it to PROMETHEUS with the JMX exporter agent's port, or run kafbat's image.`,
    );
  }
  return { type: "PROMETHEUS", port: integer(env, `${prefix}METRICS_PORT`, defaultPrometheusPort, 1, 65535) };
}

/**
 * kafbat's AUTH_TYPE: DISABLED (the default) or LOGIN_FORM, whose one account is Spring's `spring.security.user.*`.
 * Spring would invent a password and log it when none is given; the console refuses instead, and takes a password
 * only as text (`{noop}` prefix allowed), since it keeps no password encoder.
 */
function login(env: Env): LoginConfig | null {
  const authType = (env.AUTH_TYPE ?? "DISABLED").trim().toUpperCase();
  if (authType === "DISABLED") return null;
  if (authType !== "LOGIN_FORM") {
    throw new Error(`AUTH_TYPE=${authType} is not supported by this console; use DISABLED or LOGIN_FORM, or run kafbat's image.`);
  }
  const username = (env.SPRING_SECURITY_USER_NAME ?? "").trim() || "user";
  const given = env.SPRING_SECURITY_USER_PASSWORD ?? "";
  const password = given.startsWith("{noop}") ? given.slice("{noop}".length) : given;
  if (password === "") {
    throw new Error(
      "AUTH_TYPE=LOGIN_FORM needs a password; set SPRING_SECURITY_USER_PASSWORD, or better the file spring.security.user.password in a config tree named by SPRING_CONFIG_IMPORT.",
    );
  }
  if (/^\{[^}]*\}/.test(password)) {
    throw new Error("SPRING_SECURITY_USER_PASSWORD is an encoded password, which this console cannot check; give it as plain text (optionally {noop}…) or run kafbat's image.");
  }
  return { username, password };
}

/** Clusters 0, 1, … until the first index without a NAME, as kafbat numbers them. */
export function readConfig(env: Env): UiConfig {
  const loginConfig = login(env);
  const clusters: ClusterConfig[] = [];
  for (let index = 0; (env[`KAFKA_CLUSTERS_${index}_NAME`] ?? "").trim() !== ""; index++) {
    clusters.push(cluster(env, index));
  }
  if (clusters.length === 0) {
    throw new Error("KAFKA_CLUSTERS_0_NAME is not set; name the cluster and set KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS.");
  }
  const duplicate = clusters.find((c, i) => clusters.findIndex((other) => other.name === c.name) !== i);
  if (duplicate !== undefined) {
    throw new Error(`Cluster name "${duplicate.name}" is used twice; give each KAFKA_CLUSTERS_<i>_NAME a distinct name.`);
  }
  return {
    clusters,
    port: integer(env, "SERVER_PORT", 8080, 1, 65535),
    refreshIntervalMs: integer(env, "KAFKA_UPDATEMETRICSRATEMILLIS", defaultRefreshIntervalMs, 500, 3_600_000),
    adminTimeoutMs: integer(env, "KAFKA_ADMINCLIENTTIMEOUT", defaultAdminTimeoutMs, 500, 300_000),
    login: loginConfig,
  };
}
