// Plays the one part of Strimzi's cluster operator that a test of `awaitReady` needs, since no operator runs on the
// local control plane: once the Kafka resource exists, it writes the resource's status through the status subresource
// (as the operator does, and so through the CRD's status schema) — the Ready condition at the current generation and
// the listeners with the addresses the test chose — after a delay, so a test can tell that `up` waited for it.
import { KubeAccess, KubeApiError, kubeRequest } from "./kubeApi";
import { KafkaListenerStatus } from "../../components/strimzi";
import { sleep } from "../../support/waitFor";

export interface FakeStrimziOperator {
  /** When the Kafka resource was first seen, and when its Ready status was first written (ms since the epoch). */
  readonly seenAt: number | undefined;
  readonly readyAt: number | undefined;
  /** Stops the loop; rejects with the first error the loop met that was not a conflict or a missing resource. */
  stop(): Promise<void>;
}

interface KafkaObject {
  metadata: { generation?: number };
  status?: { observedGeneration?: number };
}

/** Writes a Ready status with `listeners` to the Kafka `name` in `namespace`, `delayMs` after it appears and after each new generation. */
export function fakeStrimziOperator(access: KubeAccess, namespace: string, name: string, listeners: KafkaListenerStatus[], delayMs: number): FakeStrimziOperator {
  const path = `/apis/kafka.strimzi.io/v1/namespaces/${namespace}/kafkas/${name}`;
  let running = true;
  let seenAt: number | undefined;
  let readyAt: number | undefined;
  let failure: unknown;
  const loop = (async () => {
    while (running) {
      try {
        const kafka = await kubeRequest<KafkaObject>(access, "GET", path);
        seenAt ??= Date.now();
        const generation = kafka.metadata.generation ?? 1;
        if (kafka.status?.observedGeneration !== generation && Date.now() - seenAt >= delayMs) {
          const status = {
            observedGeneration: generation,
            conditions: [{ type: "Ready", status: "True", lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z") }],
            listeners,
          };
          // PUT of the whole object to /status: the server takes only its status, and its resourceVersion guards it.
          await kubeRequest(access, "PUT", `${path}/status`, { ...kafka, status });
          readyAt ??= Date.now();
        }
      } catch (error) {
        // Not there yet (or gone), or changed between the read and the write: the next round reads it again.
        if (!(error instanceof KubeApiError && (error.status === 404 || error.status === 409))) failure ??= error;
      }
      await sleep(200);
    }
  })();
  return {
    get seenAt() {
      return seenAt;
    },
    get readyAt() {
      return readyAt;
    },
    async stop() {
      running = false;
      await loop;
      if (failure) throw failure;
    },
  };
}
