// The client side of the delivery guarantee in Java, Debezium and KafkaJS form.
import {
  consumerConfig,
  debeziumProducerConfig,
  kafkajsConsumerOptions,
  kafkajsProducerConfig,
  kafkajsSendOptions,
  producerConfig,
} from "../../components/clientConfig";

test("producer: acks=all, idempotent, unlimited retries within delivery.timeout.ms, five requests in flight", () => {
  expect(producerConfig()).toEqual({
    acks: "all",
    "enable.idempotence": "true",
    retries: "2147483647",
    "max.in.flight.requests.per.connection": "5",
    "delivery.timeout.ms": "120000",
    "request.timeout.ms": "30000",
  });
});

test("the Java client's own constraint holds: delivery.timeout.ms covers request.timeout.ms", () => {
  const config = producerConfig();
  expect(Number(config["delivery.timeout.ms"])).toBeGreaterThanOrEqual(Number(config["request.timeout.ms"]));
});

test("Debezium form: the same properties as producer.override.*", () => {
  expect(debeziumProducerConfig()).toEqual({
    "producer.override.acks": "all",
    "producer.override.enable.idempotence": "true",
    "producer.override.retries": "2147483647",
    "producer.override.max.in.flight.requests.per.connection": "5",
    "producer.override.delivery.timeout.ms": "120000",
    "producer.override.request.timeout.ms": "30000",
  });
});

test("consumer: commit after processing, start from the earliest record, read committed records only", () => {
  expect(consumerConfig()).toEqual({
    "enable.auto.commit": "false",
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
  });
});

describe("KafkaJS form", () => {
  test("producer: idempotent, one request in flight, retry forever, no topic auto-creation", () => {
    expect(kafkajsProducerConfig()).toEqual({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  });

  test("producer: translated from the exported Java properties, so a changed output changes the client", () => {
    expect(kafkajsProducerConfig({ ...producerConfig(), "enable.idempotence": "false", retries: "10" })).toMatchObject({
      idempotent: false,
      maxInFlightRequests: 5,
      retry: { retries: 10 },
    });
  });

  test.each([
    ["all", -1],
    ["-1", -1],
    ["1", 1],
    ["0", 0],
  ])("send: acks=%s is %i", (acks, expected) => {
    expect(kafkajsSendOptions({ ...producerConfig(), acks })).toEqual({ acks: expected, timeout: 30000 });
  });

  test("consumer: read committed, from the beginning, no auto-commit, the client-wide retry window", () => {
    expect(kafkajsConsumerOptions()).toEqual({
      consumer: { readUncommitted: false, allowAutoTopicCreation: false, retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 12 } },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false },
    });
    expect(kafkajsConsumerOptions({ "isolation.level": "read_uncommitted", "auto.offset.reset": "latest", "enable.auto.commit": "true" })).toEqual({
      consumer: { readUncommitted: true, allowAutoTopicCreation: false, retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 12 } },
      subscribe: { fromBeginning: false },
      run: { autoCommit: true },
    });
  });
});
