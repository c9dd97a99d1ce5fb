// Producer throughput with the at-least-once settings: the project's kafkajs helper (deliveryProducer +
// sendAcknowledged, i.e. kafkajsProducerConfig) against Kafka's own kafka-producer-perf-test with the exported
// producerConfig, the same record size and count, the same broker and the same network path (the host listener).
import { execFile } from "child_process";
import { promisify } from "util";
import { producerConfig } from "../components/clientConfig";
import { deliveryProducer, kafkaClient, sendAcknowledged } from "../components/kafkajsClient";
import { withAdmin } from "../support/kafkaAdmin";
import { localImages } from "../support/testConfig";
import { Benchmark, BenchContext, benchStack, secondsSince, testLabel, timedUp } from "./harness";
import { armOrder } from "./stats";

const run = promisify(execFile);

/** Medians of five alternating rounds, as the performance targets ask. */
const ROUNDS = 5;
/** Enough that the Java client's JIT warm-up is a small part of its run. */
export const RECORDS = 200_000;
/** About one Debezium JSON change event. */
export const RECORD_BYTES = 1024;
/**
 * Records per kafkajs send() call: the one knob an application turns. The helper keeps one request in flight
 * (idempotence), so each send is a round trip that a bigger send amortises. Tried here: 100, 500 and 1000 records gave
 * about 22k, 54k and 65k records/s. 500 keeps a send at about 0.5 MB, so it stays under the broker's 1 MB batch limit
 * even when every record of a send goes to one partition (keyed records can do that); 1000 would not.
 */
export const RECORDS_PER_SEND = 500;
export const PARTITIONS = 3;
/**
 * A reference, not the baseline: the Java client with the batching a throughput-minded Java application would add to
 * the exported config (the exported config leaves batch.size at 16 KB and linger.ms at 0).
 */
const JAVA_BATCHING = { "batch.size": "262144", "linger.ms": "5" };

/** A payload of random capital letters, made once and reused for every record, as kafka-producer-perf-test does. */
function payload(bytes: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, () => 65 + Math.floor(Math.random() * 26)));
}

/**
 * Records per second through the kafkajs helper, sends awaited one after another; connecting is not timed. `config`:
 * the stack's producerConfig output (a secured stack's principal and CA), the library's own settings when absent.
 */
export async function kafkajsRecordsPerSecond(
  bootstrapServers: string,
  topic: string,
  recordsPerSend = RECORDS_PER_SEND,
  config?: Record<string, string>,
): Promise<number> {
  const producer = deliveryProducer(kafkaClient(bootstrapServers, "bench-throughput", config), config);
  await producer.connect();
  try {
    const value = payload(RECORD_BYTES);
    const started = performance.now();
    for (let sent = 0; sent < RECORDS; sent += recordsPerSend) {
      const count = Math.min(recordsPerSend, RECORDS - sent);
      await sendAcknowledged(producer, topic, Array.from({ length: count }, () => ({ value })), config);
    }
    return RECORDS / secondsSince(started);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Records per second as kafka-producer-perf-test reports them, run from a second container of the broker's image on
 * the host's network, so it reaches the broker through the same published port as the kafkajs client.
 */
export async function perfTestRecordsPerSecond(
  bootstrapServers: string,
  topic: string,
  label: string,
  extraProperties: Record<string, string> = {},
): Promise<number> {
  const properties = { ...producerConfig(), ...extraProperties, "bootstrap.servers": bootstrapServers };
  const { stdout } = await run(
    "docker",
    [
      ...["run", "--rm", "--network", "host", "--label", label, localImages.kafkaImage, "kafka-producer-perf-test"],
      ...["--topic", topic, "--num-records", String(RECORDS), "--record-size", String(RECORD_BYTES), "--throughput", "-1"],
      ...["--producer-props", ...Object.entries(properties).map(([name, value]) => `${name}=${value}`)],
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  // The summary line is the one with percentiles: "100000 records sent, 52000.1 records/sec (50.78 MB/sec), … 50th, …".
  const summary = stdout.split("\n").find((line) => line.includes("50th"));
  const match = summary?.match(/^(\d+) records sent, ([\d.]+) records\/sec/);
  if (!match || Number(match[1]) !== RECORDS) {
    throw new Error(`kafka-producer-perf-test printed no summary for ${RECORDS} records; its output was:\n${stdout}`);
  }
  return Number(match[2]);
}

/** A fresh topic of PARTITIONS partitions; on a secured stack pass its adminConfig output. */
export async function createTopic(bootstrapServers: string, topic: string, adminConfig?: Record<string, string>): Promise<void> {
  await withAdmin(
    bootstrapServers,
    (admin) => admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] }),
    adminConfig,
  );
}

export const throughput: Benchmark = {
  name: "throughput",
  title: "Producer throughput",
  expectedMinutes: 2,
  async measure(ctx: BenchContext) {
    const { label } = testLabel(ctx, "throughput");
    const deployment = await benchStack(ctx, "throughput");
    await timedUp(deployment);
    const bootstrap = deployment.bootstrapServers;
    const rates = { kafkajs: [] as number[], perfTest: [] as number[], perfTestBatched: [] as number[] };
    const arms: Record<keyof typeof rates, (topic: string) => Promise<number>> = {
      kafkajs: (topic) => kafkajsRecordsPerSecond(bootstrap, topic),
      perfTest: (topic) => perfTestRecordsPerSecond(bootstrap, topic, label),
      perfTestBatched: (topic) => perfTestRecordsPerSecond(bootstrap, topic, label, JAVA_BATCHING),
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder(["kafkajs", "perfTest", "perfTestBatched"] as const, round)) {
        // A fresh topic per run, so no arm appends to segments another one filled.
        const topic = `bench.throughput.${arm}.${round}`;
        await createTopic(bootstrap, topic);
        rates[arm].push(await arms[arm](topic));
      }
      const figures = Object.entries(rates).map(([arm, values]) => `${arm} ${Math.round(values[round])}`);
      ctx.log(`round ${round + 1} (records/s): ${figures.join(", ")}`);
    }
    await deployment.remove();
    return {
      subject: { label: `kafkajs helper, ${RECORDS_PER_SEND} records per send`, unit: "records/s", values: rates.kafkajs },
      baseline: { label: "kafka-producer-perf-test, exported config", unit: "records/s", values: rates.perfTest },
      references: [{ label: "perf-test + batch.size 256 KB, linger.ms 5", unit: "records/s", values: rates.perfTestBatched }],
      ratioMeaning: "kafkajs / Java perf-test",
      paired: true,
      // Kept from the performance issue: the helper at least as fast as the Java tool with the same settings.
      target: { op: ">=", value: 1 },
      details: {
        rounds: ROUNDS,
        records: RECORDS,
        recordBytes: RECORD_BYTES,
        recordsPerSend: RECORDS_PER_SEND,
        partitions: PARTITIONS,
        producerConfig: producerConfig(),
        javaBatching: JAVA_BATCHING,
      },
      notes: [
        `Both: ${RECORDS} records of ${RECORD_BYTES} B, no key, acks=all, idempotent, compression none, one fresh ${PARTITIONS}-partition topic per run, host listener (published port).`,
        `kafkajs: the project's helper unchanged (one request in flight, as idempotence needs in kafkajs), sends of ${RECORDS_PER_SEND} records awaited one after another; the only tuning is the records per send.`,
        "perf-test: the exported producerConfig as --producer-props, so the Java client's default batching (batch.size 16 KB, linger.ms 0, 5 requests in flight); the rate it reports itself (JVM start not included).",
        `Reference (a third arm in the same rounds): perf-test with ${Object.entries(JAVA_BATCHING).map(([k, v]) => `${k}=${v}`).join(" ")} added to the exported config.`,
      ],
    };
  },
};
