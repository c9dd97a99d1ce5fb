// Waiting for Strimzi to report the Kafka resource Ready, and reading what it publishes then. The Kubernetes provider
// awaits a custom resource only when told how (the `pulumi.com/waitFor` annotation, `kubectl wait` syntax, a JSON array
// meaning "all of them"; the create and update custom timeouts bound it, 10 minutes by default), and keeps the object as
// it was when the wait ended, status included, as the resource's outputs. Not the `pulumi.com/timeoutSeconds`
// annotation: it bounds deletes too, and a short one fails a destroy whose foreground deletion takes longer. Strimzi writes `status.listeners[]` (name,
// bootstrapServers, addresses) as it makes each listener's Services, and the Ready condition once the cluster is
// reconciled. Pure.
import type { CustomTimeouts } from "@pulumi/pulumi";
import { EXTERNAL_LISTENER_NAME } from "./listeners";
import { StrimziSettings } from "./settings";

/** The provider's annotation naming what to wait for after a create or update. */
export const WAIT_FOR_ANNOTATION = "pulumi.com/waitFor";

/** One entry of a Kafka resource's `status.listeners`, as Strimzi writes it. */
export interface KafkaListenerStatus {
  /** The listener's name in `spec.kafka.listeners`. */
  name?: string;
  /** The addresses clients bootstrap from, `host:port,…`. */
  bootstrapServers?: string;
  /** The same, one object per address. */
  addresses?: ListenerAddress[];
}

/** One address of a listener in Strimzi's status. */
export interface ListenerAddress {
  /** Host name or IP address. */
  host?: string;
  /** Port. */
  port?: number;
}

/** One of Strimzi's status conditions. */
export interface KafkaCondition {
  /** Ready, NotReady, Warning … */
  type?: string;
  /** "True", "False" or "Unknown". */
  status?: string;
}

/** The part of a Kafka resource's status this library reads. */
export interface KafkaStatus {
  /** Strimzi's conditions (Ready, NotReady, Warning …). */
  conditions?: KafkaCondition[];
  /** One entry per listener Strimzi has made. */
  listeners?: KafkaListenerStatus[];
}

/**
 * The annotations that make `pulumi up` wait for the Kafka resource: its Ready condition (at the current generation,
 * the provider checks observedGeneration) and, with an external listener, that listener's published bootstrap address.
 * None when `awaitReady` is off.
 */
export function readinessAnnotations(settings: Pick<StrimziSettings, "awaitReady" | "externalListener">): Record<string, string> {
  if (!settings.awaitReady) return {};
  const conditions = [
    "condition=Ready",
    ...(settings.externalListener === "none" ? [] : [`jsonpath={.status.listeners[?(@.name=="${EXTERNAL_LISTENER_NAME}")].bootstrapServers}`]),
  ];
  return { [WAIT_FOR_ANNOTATION]: JSON.stringify(conditions) };
}

/** The Kafka resource's create and update timeouts: `readyTimeoutSeconds` with `awaitReady`, the provider's default otherwise. */
export function readinessTimeouts(settings: Pick<StrimziSettings, "awaitReady" | "readyTimeoutSeconds">): CustomTimeouts | undefined {
  if (!settings.awaitReady) return undefined;
  return { create: `${settings.readyTimeoutSeconds}s`, update: `${settings.readyTimeoutSeconds}s` };
}

/** The external listener's bootstrap address as Strimzi published it, or undefined when it has published none. */
export function externalBootstrapServers(status: KafkaStatus | undefined): string | undefined {
  const listener = (status?.listeners ?? []).find((entry) => entry.name === EXTERNAL_LISTENER_NAME);
  return listener?.bootstrapServers || undefined;
}
