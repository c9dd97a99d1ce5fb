// The kafkajs helpers pass the delivery settings through, commit only after processing, and resend what a send left
// unanswered when a partition's leader moves (fakes, no broker).
import type { Consumer, EachMessagePayload, Kafka, Message, PartitionerArgs, Producer, ProducerConfig, RecordMetadata } from "kafkajs";
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { producerConfig } from "../../components/clientConfig";
import { CONNECT_WAIT_MS, consumeAtLeastOnce, deliveryConsumer, deliveryProducer, sendAcknowledged } from "../../components/kafkajsClient";

test("the producer is idempotent with one request in flight; sends wait for all in-sync replicas", async () => {
  const producer = { send: jest.fn().mockResolvedValue([]) } as unknown as Producer;
  const kafka = { producer: jest.fn().mockReturnValue(producer), consumer: jest.fn() } as unknown as Kafka;
  expect(deliveryProducer(kafka)).toBe(producer);
  expect(kafka.producer).toHaveBeenCalledWith(expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 }));
  await sendAcknowledged(producer, "t", [{ value: "v" }]);
  expect(producer.send).toHaveBeenCalledWith({ topic: "t", messages: [{ value: "v" }], acks: -1, timeout: 30000 });
  await sendAcknowledged(producer, "t", [], { ...producerConfig(), acks: "1" });
  expect(producer.send).toHaveBeenLastCalledWith(expect.objectContaining({ acks: 1 }));
});

describe("connect() of the delivery producer waits out InitProducerId's 'not yet' answers", () => {
  /** What KafkaJS's connect() rejects with once its own retries of a broker's answer `code` are spent. */
  const spent = (code: number) => {
    const answer = new KafkaJSProtocolError({ type: "GROUP_LOAD_IN_PROGRESS", code, retriable: true, message: "The coordinator is loading" } as never);
    return new KafkaJSNumberOfRetriesExceeded(answer, { retryCount: 5, retryTime: 4800 });
  };

  function producerFailing(...failures: Error[]) {
    const connect = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
    });
    const disconnect = jest.fn(async () => undefined);
    const kafka = { producer: () => ({ connect, disconnect }) } as unknown as Kafka;
    return { producer: deliveryProducer(kafka), connect, disconnect };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("code 14 (COORDINATOR_LOAD_IN_PROGRESS) twice, then connected: three tries, 100 ms and 200 ms apart", async () => {
    const { producer, connect, disconnect } = producerFailing(spent(14), spent(14));
    const connected = producer.connect();
    await jest.advanceTimersByTimeAsync(99);
    expect(connect).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(connect).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(200);
    await expect(connected).resolves.toBeUndefined();
    expect([connect.mock.calls.length, disconnect.mock.calls.length]).toEqual([3, 0]);
  });

  test.each([15, 16])("code %i, answered without KafkaJS's wrapper, is waited out too", async (code) => {
    const { producer, connect } = producerFailing(new KafkaJSProtocolError({ type: "X", code, retriable: true, message: "not yet" } as never));
    const connected = producer.connect();
    await jest.advanceTimersByTimeAsync(100);
    await expect(connected).resolves.toBeUndefined();
    expect(connect).toHaveBeenCalledTimes(2);
  });

  test("any other failure (a refused login, another code) fails connect at once and leaves the producer disconnected", async () => {
    const login = Object.assign(new Error("SASL SCRAM SHA512 authentication failed"), { name: "KafkaJSSASLAuthenticationError" });
    for (const failure of [login, spent(29)]) {
      const { producer, connect, disconnect } = producerFailing(failure, spent(14));
      await expect(producer.connect()).rejects.toBe(failure);
      expect([connect.mock.calls.length, disconnect.mock.calls.length]).toEqual([1, 1]);
    }
  });

  test("a broker that keeps answering 'not yet' fails connect with its answer after CONNECT_WAIT_MS, disconnected", async () => {
    const { producer, connect, disconnect } = producerFailing(...Array.from({ length: 200 }, () => spent(14)));
    const settled = expect(producer.connect()).rejects.toMatchObject({ name: "KafkaJSNumberOfRetriesExceeded", cause: { code: 14 } });
    await jest.advanceTimersByTimeAsync(CONNECT_WAIT_MS - 1_000);
    expect(connect.mock.calls.length).toBeGreaterThan(50);
    const tries = connect.mock.calls.length;
    await jest.advanceTimersByTimeAsync(2_000);
    await settled;
    expect(connect.mock.calls.length - tries).toBeLessThanOrEqual(1);
    expect(disconnect).toHaveBeenCalledTimes(1);
  });
});

test("the consumer reads committed records only", () => {
  const kafka = { consumer: jest.fn().mockReturnValue("consumer") } as unknown as Kafka;
  expect(deliveryConsumer(kafka, "group")).toBe("consumer");
  expect(kafka.consumer).toHaveBeenCalledWith({ groupId: "group", readUncommitted: false, allowAutoTopicCreation: false, retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 12 } });
});

describe("consumeAtLeastOnce", () => {
  function fakeConsumer() {
    const calls: string[] = [];
    let eachMessage: ((payload: EachMessagePayload) => Promise<void>) | undefined;
    const consumer = {
      subscribe: jest.fn(async () => undefined),
      run: jest.fn(async (options: { eachMessage: typeof eachMessage }) => {
        eachMessage = options.eachMessage;
      }),
      commitOffsets: jest.fn(async (offsets: unknown) => {
        calls.push(`commit ${JSON.stringify(offsets)}`);
      }),
    };
    const deliver = (offset: string) =>
      (eachMessage as NonNullable<typeof eachMessage>)({ topic: "t", partition: 2, message: { offset } } as EachMessagePayload);
    return { consumer, calls, deliver };
  }

  test("subscribes from the beginning without auto-commit, and commits the next offset after the handler", async () => {
    const { consumer, calls, deliver } = fakeConsumer();
    await consumeAtLeastOnce(consumer as unknown as Consumer, "t", async ({ message }) => {
      calls.push(`handle ${message.offset}`);
    });
    expect(consumer.subscribe).toHaveBeenCalledWith({ topic: "t", fromBeginning: true });
    expect(consumer.run).toHaveBeenCalledWith(expect.objectContaining({ autoCommit: false }));
    await deliver("41");
    await deliver("9007199254740993");
    expect(calls).toEqual([
      "handle 41",
      'commit [{"topic":"t","partition":2,"offset":"42"}]',
      "handle 9007199254740993",
      'commit [{"topic":"t","partition":2,"offset":"9007199254740994"}]',
    ]);
  });

  test("a failing handler commits nothing, so the record is delivered again", async () => {
    const { consumer, deliver } = fakeConsumer();
    await consumeAtLeastOnce(consumer as unknown as Consumer, "t", async () => {
      throw new Error("processing failed");
    });
    await expect(deliver("7")).rejects.toThrow("processing failed");
    expect(consumer.commitOffsets).not.toHaveBeenCalled();
  });
});

describe("sendAcknowledged when a partition's leader moves to a broker that already answered (kafkajs#1303)", () => {
  const topic = "t";
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId + 1, partitionErrorCode: 0, replicas: [], isr: [] }));

  /**
   * A stand-in for kafkajs 2.2.4's producer: it partitions with the producer's partitioner on each internal attempt
   * (twice per send here) and answers for the partitions `answers` lets through, as kafkajs resolves a send whose
   * moved partition it skipped.
   */
  function fakeKafka(answers: (partition: number, send: number) => boolean) {
    const sends: { messages: Message[]; firstAttempt: number[]; lastAttempt: number[] }[] = [];
    const kafka = {
      producer: (config: ProducerConfig) => {
        const partitioner = (config.createPartitioner as () => (args: PartitionerArgs) => number)();
        const choose = (message: Message) => partitioner({ topic, partitionMetadata, message });
        return {
          send: async ({ messages }: { messages: Message[] }): Promise<RecordMetadata[]> => {
            const firstAttempt = messages.map(choose);
            const lastAttempt = messages.map(choose);
            sends.push({ messages, firstAttempt, lastAttempt });
            const answered = [...new Set(lastAttempt)].filter((partition) => answers(partition, sends.length));
            return answered.map((partition) => ({ topicName: topic, partition, errorCode: 0, baseOffset: "0" }));
          },
        };
      },
    } as unknown as Kafka;
    return { producer: deliveryProducer(kafka), sends };
  }

  const keyed = Array.from({ length: 30 }, (_, i) => ({ key: `video-${i}`, value: String(i) }));

  test("the messages of the unanswered partition are sent again, pinned to it, and the result covers every partition", async () => {
    const { producer, sends } = fakeKafka((partition, send) => send > 1 || partition !== 0);
    const answers = await sendAcknowledged(producer, topic, keyed);
    expect(sends).toHaveLength(2);
    const first = sends[0];
    const lostShare = first.messages.filter((_, i) => first.lastAttempt[i] === 0);
    expect(lostShare.length).toBeGreaterThan(0);
    expect(sends[1].messages).toEqual(lostShare.map((message) => ({ ...message, partition: 0 })));
    expect(new Set(answers.map((answer) => answer.partition))).toEqual(new Set([0, 1, 2]));
  });

  test("messages without a key keep their first partition on kafkajs's internal retries", async () => {
    const { producer, sends } = fakeKafka(() => true);
    await sendAcknowledged(producer, topic, Array.from({ length: 12 }, (_, i) => ({ value: String(i) })));
    expect(sends).toHaveLength(1);
    expect(sends[0].lastAttempt).toEqual(sends[0].firstAttempt);
    expect(new Set(sends[0].firstAttempt).size).toBeGreaterThan(1);
  });

  test("acks=0 has no answers to check: one send", async () => {
    const { producer, sends } = fakeKafka(() => false);
    await sendAcknowledged(producer, topic, keyed, { ...producerConfig(), acks: "0" });
    expect(sends).toHaveLength(1);
  });

  test("a partition that never answers fails after ten sends with a sentence", async () => {
    const { producer, sends } = fakeKafka((partition) => partition !== 0);
    await expect(sendAcknowledged(producer, topic, keyed)).rejects.toThrow(
      "Kafka acknowledged no write to partitions 0 of t in 10 sends; check that they have a leader in the in-sync replicas and send the messages again.",
    );
    expect(sends).toHaveLength(10);
  });
});
