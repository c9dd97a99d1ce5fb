// The kafkajs helpers pass the delivery settings through and commit only after processing (fakes, no broker).
import type { Consumer, EachMessagePayload, Kafka, Producer } from "kafkajs";
import { producerConfig } from "../../components/clientConfig";
import { consumeAtLeastOnce, deliveryConsumer, deliveryProducer, sendAcknowledged } from "../../components/kafkajsClient";

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

test("the consumer reads committed records only", () => {
  const kafka = { consumer: jest.fn().mockReturnValue("consumer") } as unknown as Kafka;
  expect(deliveryConsumer(kafka, "group")).toBe("consumer");
  expect(kafka.consumer).toHaveBeenCalledWith({ groupId: "group", readUncommitted: false, allowAutoTopicCreation: false });
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

