// What TLS + SCRAM cost here: producer throughput (the library's kafkajs helper, acks=all) and time to ready (a cold
// `up` of a one-broker stack with the CDC topics, UI off) of a secured stack (security sasl_ssl) against a plaintext one,
// side by side in the same rounds, arms alternating.
import { CDC_TOPICS } from "../components/config";
import { SASL_MECHANISM } from "../components/clientConfig";
import { Benchmark, BenchContext, timedColdUp } from "./harness";
import { createTopic, kafkajsRecordsPerSecond, PARTITIONS, RECORD_BYTES, RECORDS, RECORDS_PER_SEND } from "./throughput";
import { armOrder } from "./stats";

/** A round is two cold ups and two throughput runs, about a minute on a shared machine. */
const ROUNDS = 5;
const MODES = ["sasl_ssl", "plaintext"] as const;
type Mode = (typeof MODES)[number];

export const security: Benchmark = {
  name: "security",
  title: "Secured (SASL_SSL) vs plaintext",
  expectedMinutes: 6,
  async measure(ctx: BenchContext) {
    const readySeconds: Record<Mode, number[]> = { sasl_ssl: [], plaintext: [] };
    const recordsPerSecond: Record<Mode, number[]> = { sasl_ssl: [], plaintext: [] };

    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of armOrder(MODES, round)) {
        const deployment = await timedColdUp(ctx, `security-${mode === "sasl_ssl" ? "tls" : "plain"}`, CDC_TOPICS, {
          config: { security: mode },
          whileUp: async ({ bootstrapServers }, outputs) => {
            // A topic the connect principal (producerConfig's) may write on a secured stack: dbserver.* only.
            const topic = `dbserver.bench.${mode}.${round}`;
            await createTopic(bootstrapServers, topic, outputs.adminConfig);
            recordsPerSecond[mode].push(await kafkajsRecordsPerSecond(bootstrapServers, topic, RECORDS_PER_SEND, outputs.producerConfig));
          },
        });
        readySeconds[mode].push(deployment.seconds);
        ctx.log(`round ${round + 1} ${mode}: up in ${deployment.seconds.toFixed(1)} s, ${Math.round(recordsPerSecond[mode][round])} records/s`);
      }
    }
    return {
      subject: { label: `secured: kafkajs helper, ${RECORDS_PER_SEND} records per send`, unit: "records/s", values: recordsPerSecond.sasl_ssl },
      baseline: { label: "plaintext: the same", unit: "records/s", values: recordsPerSecond.plaintext },
      ratioMeaning: "secured / plaintext",
      paired: true,
      comparisons: [
        {
          title: "time to ready",
          subject: { label: `secured: stack up (${CDC_TOPICS.length} topics, UI off) until it returns`, unit: "s", values: readySeconds.sasl_ssl },
          baseline: { label: "plaintext: the same", unit: "s", values: readySeconds.plaintext },
          ratioMeaning: "secured / plaintext",
        },
      ],
      details: { rounds: ROUNDS, records: RECORDS, recordBytes: RECORD_BYTES, recordsPerSend: RECORDS_PER_SEND, partitions: PARTITIONS, saslMechanism: SASL_MECHANISM },
      notes: [
        `Each round deploys a fresh one-broker stack per mode (secured first in odd rounds, plaintext first in even ones), times its cold up, then sends ${RECORDS} records of ${RECORD_BYTES} B (no key, acks=all, idempotent) to a fresh ${PARTITIONS}-partition dbserver.* topic through the host listener, and removes the stack.`,
        `Secured: SASL_SSL with ${SASL_MECHANISM} as the connect principal (the stack's producerConfig output, its CA as the PEM truststore); the up also makes the CA, the broker certificate, passwords, SCRAM credentials and ACLs. Plaintext: the same stack with security plaintext.`,
        "Both arms produce on a broker that has just started (no warm-up run), so the TLS code paths and the rest are equally cold.",
      ],
    };
  },
};
