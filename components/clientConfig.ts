// The client settings that complete the broker's delivery guarantee, in the forms their users need: Java client
// properties, Debezium's per-connector producer overrides, and KafkaJS options. Pure: no client library is imported.

/** The SASL mechanism of the secured listeners (security "sasl_ssl"). */
export const SASL_MECHANISM = "SCRAM-SHA-512";

/** Who a client is on a secured cluster, and the CA it trusts (PEM). */
export interface ClientCredentials {
  /** The SCRAM principal's name. */
  username: string;
  /** The SCRAM principal's password. */
  password: string;
  /** The CA (PEM) that signed the broker certificates. */
  caCertificatePem: string;
}

/** The JAAS line a Java client (or a broker listener, without credentials) uses for SCRAM. */
export function scramJaasConfig(credentials?: Pick<ClientCredentials, "username" | "password">): string {
  const options = credentials ? ` username="${credentials.username}" password="${credentials.password}"` : "";
  return `org.apache.kafka.common.security.scram.ScramLoginModule required${options};`;
}

/**
 * Java client properties that reach a secured cluster: TLS that trusts only the stack's CA (PEM, no keystore file) and
 * SCRAM-SHA-512 as the given principal. None for a plaintext cluster (no credentials).
 */
export function securityConfig(credentials?: ClientCredentials): Record<string, string> {
  if (credentials === undefined) return {};
  return {
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": SASL_MECHANISM,
    "sasl.jaas.config": scramJaasConfig(credentials),
    "ssl.truststore.type": "PEM",
    "ssl.truststore.certificates": credentials.caCertificatePem,
  };
}

/** How long a Java producer keeps retrying one record before it reports failure (Kafka's default, spelled out). */
export const DELIVERY_TIMEOUT_MS = 120_000;
/** How long one produce request may wait for acknowledgements; delivery.timeout.ms must cover it. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Java producer properties for at-least-once delivery: a send counts only once every in-sync replica has it (acks=all),
 * failed sends are retried until delivery.timeout.ms, and idempotence drops the duplicates those retries would write.
 * Up to five requests in flight keep order with idempotence on. On a secured cluster, the security settings of
 * `credentials` are added.
 */
export function producerConfig(credentials?: ClientCredentials): Record<string, string> {
  return {
    acks: "all",
    "enable.idempotence": "true",
    retries: "2147483647",
    "max.in.flight.requests.per.connection": "5",
    "delivery.timeout.ms": String(DELIVERY_TIMEOUT_MS),
    "request.timeout.ms": String(REQUEST_TIMEOUT_MS),
    ...securityConfig(credentials),
  };
}

/**
 * The producer properties as a Debezium connector's `producer.override.*` settings (the Connect worker must allow
 * them with `connector.client.config.override.policy=All`).
 */
export function debeziumProducerConfig(credentials?: ClientCredentials): Record<string, string> {
  return Object.fromEntries(Object.entries(producerConfig(credentials)).map(([name, value]) => [`producer.override.${name}`, value]));
}

/**
 * Java consumer properties for at-least-once processing: offsets are committed by the application after it has
 * processed a record (never by a timer before), a new group starts from the oldest retained record, and records of
 * aborted transactions are never seen. On a secured cluster, the security settings of `credentials` are added.
 */
export function consumerConfig(credentials?: ClientCredentials): Record<string, string> {
  return {
    "enable.auto.commit": "false",
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
    ...securityConfig(credentials),
  };
}

/** Java admin client properties: only how to reach the cluster (none on a plaintext cluster). */
export function adminConfig(credentials?: ClientCredentials): Record<string, string> {
  return securityConfig(credentials);
}

/** Java's "retry forever" (Integer.MAX_VALUE) in KafkaJS is Number.MAX_SAFE_INTEGER; anything less makes it warn. */
const JAVA_UNLIMITED_RETRIES = 2_147_483_647;

/**
 * The longest KafkaJS waits between two tries of a send: the Java client's reconnect.backoff.max.ms default. While a
 * broker restarts, a send is then acknowledged at most about a second after it is back (KafkaJS's own default, 30 s,
 * and the 2 s used before left it waiting up to that long), at the price of one connection attempt per second per
 * producer against a broker that is still down.
 */
export const KAFKAJS_MAX_RETRY_MS = 1_000;

/**
 * KafkaJS's client-wide retry, which its connections and metadata refreshes use inside each try of a send or a fetch
 * (its default: from 300 ms doubling to 30 s, 5 retries, ≈ 9 s in all). The same cadence as the producer's (at most
 * KAFKAJS_MAX_RETRY_MS apart); 12 retries keep about the same ≈ 9.5 s before a consumer gives up and restarts. A
 * producer, consumer or admin given its own `retry` merges it over this one: `{ retries: 8 }` alone is ≈ 5.5 s now,
 * not the ≈ 68 s it was on KafkaJS's defaults.
 */
export const KAFKAJS_CLIENT_RETRY = {
  /** The first wait, in ms. */
  initialRetryTime: 100,
  /** The longest wait between two tries, in ms. */
  maxRetryTime: KAFKAJS_MAX_RETRY_MS,
  /** Tries after the first. */
  retries: 12,
};

/**
 * Java producer properties (by default the stack's producerConfig output) as KafkaJS `kafka.producer()` options.
 */
export function kafkajsProducerConfig(config: Record<string, string> = producerConfig()) {
  const idempotent = config["enable.idempotence"] === "true";
  const retries = Number(config.retries);
  return {
    /** From `enable.idempotence`. */
    idempotent,
    /** One request in flight when idempotent, else `max.in.flight.requests.per.connection`. */
    // KafkaJS does not reassign sequence numbers after a failed batch, so with idempotence only one request in
    // flight keeps it out of OutOfOrderSequence errors (tulios/kafkajs#980); the Java client handles five.
    maxInFlightRequests: idempotent ? 1 : Number(config["max.in.flight.requests.per.connection"]),
    /** Never: producers write only to declared topics. */
    allowAutoTopicCreation: false,
    /** How a failed send is retried. */
    retry: {
      /** From `retries`; Java's unlimited is KafkaJS's Number.MAX_SAFE_INTEGER. */
      retries: retries >= JAVA_UNLIMITED_RETRIES ? Number.MAX_SAFE_INTEGER : retries,
      /** The first wait, in ms. */
      initialRetryTime: 100,
      /** The longest wait between two tries, in ms (KAFKAJS_MAX_RETRY_MS). */
      maxRetryTime: KAFKAJS_MAX_RETRY_MS,
    },
  };
}

/** Java producer properties as KafkaJS `producer.send()` options: acks=all is -1. */
export function kafkajsSendOptions(config: Record<string, string> = producerConfig()) {
  const acks = { all: -1, "-1": -1, "1": 1, "0": 0 }[config.acks] ?? -1;
  return {
    /** -1 (all in-sync replicas), 1 or 0, from `acks`. */
    acks,
    /** From `request.timeout.ms`, in ms. */
    timeout: Number(config["request.timeout.ms"] ?? REQUEST_TIMEOUT_MS),
  };
}

/**
 * Java consumer properties (by default the stack's consumerConfig output) as KafkaJS options: `consumer` for
 * `kafka.consumer()`, `subscribe` and `run` for the calls of the same names.
 */
export function kafkajsConsumerOptions(config: Record<string, string> = consumerConfig()) {
  return {
    /** Options of `kafka.consumer()`. */
    // KafkaJS's consumer() defaults to 5 retries of its own, which over the client-wide cadence is ≈ 2.5 s.
    consumer: {
      /** True unless `isolation.level` is read_committed. */
      readUncommitted: config["isolation.level"] !== "read_committed",
      /** Never: consumers read only declared topics. */
      allowAutoTopicCreation: false,
      /** KAFKAJS_CLIENT_RETRY. */
      retry: KAFKAJS_CLIENT_RETRY,
    },
    /** Options of `consumer.subscribe()`. */
    subscribe: {
      /** True when `auto.offset.reset` is earliest. */
      fromBeginning: config["auto.offset.reset"] === "earliest",
    },
    /** Options of `consumer.run()`. */
    run: {
      /** True only when `enable.auto.commit` is true. */
      autoCommit: config["enable.auto.commit"] === "true",
    },
  };
}

/** KafkaJS's names of the SASL mechanisms a Java client's `sasl.mechanism` may name. */
const KAFKAJS_SASL_MECHANISMS: Record<string, "plain" | "scram-sha-256" | "scram-sha-512"> = {
  PLAIN: "plain",
  "SCRAM-SHA-256": "scram-sha-256",
  "SCRAM-SHA-512": "scram-sha-512",
};

/** `key="value"` from a JAAS line; undefined when absent. */
function jaasOption(jaas: string, key: string): string | undefined {
  return new RegExp(`\\b${key}="([^"]*)"`).exec(jaas)?.[1];
}

/**
 * How a Java client's properties (any of the stack's producerConfig, consumerConfig or adminConfig outputs) reach the
 * cluster, as KafkaJS `new Kafka()` options: `ssl` (trusting `ssl.truststore.certificates` when given, else the
 * system's CAs) and `sasl`. Empty for PLAINTEXT. A setting KafkaJS cannot honour is one sentence, not a silent
 * plaintext connection.
 */
export function kafkajsConnectionOptions(config: Record<string, string> = {}) {
  const protocol = (config["security.protocol"] ?? "PLAINTEXT").toUpperCase();
  if (!["PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT"].includes(protocol)) {
    throw new Error(`security.protocol "${config["security.protocol"]}" is not one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT; fix the client settings.`);
  }
  const truststore = config["ssl.truststore.certificates"];
  const ssl = protocol.endsWith("SSL")
    ? {
        /** TLS: the CA to trust, or true for the system's CAs. */
        ssl: truststore
          ? {
              /** The trusted CA certificates (PEM). */
              ca: [truststore],
            }
          : true,
      }
    : {};
  if (!protocol.startsWith("SASL_")) return ssl;
  const mechanism = KAFKAJS_SASL_MECHANISMS[(config["sasl.mechanism"] ?? "GSSAPI").toUpperCase()];
  const jaas = config["sasl.jaas.config"] ?? "";
  const username = jaasOption(jaas, "username");
  const password = jaasOption(jaas, "password");
  if (mechanism === undefined || username === undefined || password === undefined) {
    throw new Error(
      `security.protocol ${protocol} needs sasl.mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 and a sasl.jaas.config with username and password; fix the client settings.`,
    );
  }
  return {
    ...ssl,
    /** SASL: KafkaJS's name of the mechanism and the principal from `sasl.jaas.config`. */
    sasl: {
      /** plain, scram-sha-256 or scram-sha-512. */
      mechanism,
      /** The principal's name. */
      username,
      /** The principal's password. */
      password,
    },
  };
}
