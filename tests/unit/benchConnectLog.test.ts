import { debeziumTaskConfigIn, logLines, taskProducerIn } from "../../bench/connectLog";

// The shape of a Connect worker's log as `docker logs --timestamps` prints it (the image's `[%d] %p %m (%c)` pattern;
// Debezium 3.7 logs a task's configuration as one multi-line message).
const log = [
  "2026-12-06T13:00:00.100000000Z [2026-12-06 13:00:00,100] INFO ProducerConfig values:  (org.apache.kafka.clients.producer.ProducerConfig)",
  "2026-12-06T13:00:00.100000000Z \tclient.id = connector-producer-orders-0",
  "2026-12-06T13:00:00.100000000Z \ttransactional.id = null",
  "2026-12-06T13:00:00.100000000Z \tlinger.ms = 5",
  "2026-12-06T13:00:00.100000000Z  (org.apache.kafka.clients.producer.ProducerConfig)",
  "2026-12-06T13:00:00.900000000Z [2026-12-06 13:00:00,900] INFO [Producer clientId=connector-producer-orders-0] Instantiated an idempotent producer. (org.apache.kafka.clients.producer.KafkaProducer)",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,000] INFO Starting PostgresConnectorTask with configuration:",
  "2026-12-06T13:00:01.000000000Z connector.class = io.debezium.connector.postgresql.PostgresConnector",
  "2026-12-06T13:00:01.000000000Z poll.interval.ms = 10",
  "2026-12-06T13:00:01.000000000Z ",
  "2026-12-06T13:00:01.000000000Z  (io.debezium.connector.common.BaseSourceTask)",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,001] INFO a = b (org.example.Other)",
  "2026-12-06T13:00:05.000000000Z [2026-12-06 13:00:05,000] INFO ProducerConfig values:  (org.apache.kafka.clients.producer.ProducerConfig)",
  "2026-12-06T13:00:05.000000000Z \tclient.id = connector-producer-orders-0",
  "2026-12-06T13:00:05.000000000Z \ttransactional.id = connect-cluster-orders-0",
  "2026-12-06T13:00:05.000000000Z \tsasl.jaas.config = [hidden]",
  "2026-12-06T13:00:06.000000000Z [2026-12-06 13:00:06,000] INFO Starting PostgresConnectorTask with configuration:",
  "2026-12-06T13:00:06.000000000Z connector.class = io.debezium.connector.postgresql.PostgresConnector",
  "2026-12-06T13:00:06.000000000Z transforms.x.regex = a = b",
  "2026-12-06T13:00:06.000000000Z ",
  "2026-12-06T13:00:06.000000000Z  (io.debezium.connector.common.BaseSourceTask)",
].join("\n");
const at = (time: string) => Date.parse(`2026-12-06T${time}Z`);

describe("logLines", () => {
  test("splits Docker's timestamp (cut to ms) from the text", () => {
    expect(logLines("2026-12-06T13:00:00.123456789Z hello world\n")).toEqual([{ at: at("13:00:00.123"), text: "hello world" }]);
  });
});

describe("taskProducerIn", () => {
  test("the last producer of the client since the time, with its settings", () => {
    const producer = taskProducerIn(logLines(log), "connector-producer-orders-0", at("13:00:00"));
    expect(producer?.settings).toEqual({ "client.id": "connector-producer-orders-0", "transactional.id": "connect-cluster-orders-0", "sasl.jaas.config": "[hidden]" });
    expect(producer?.idempotent).toBe(false);
  });

  test("a producer before the time does not count; the idempotent line after it does", () => {
    const lines = logLines(log).slice(0, 12);
    expect(taskProducerIn(lines, "connector-producer-orders-0", at("13:00:00.200"))).toBeUndefined();
    expect(taskProducerIn(lines, "connector-producer-orders-0", at("13:00:00"))).toEqual({
      settings: { "client.id": "connector-producer-orders-0", "transactional.id": "null", "linger.ms": "5" },
      idempotent: true,
    });
  });

  test("another client's producer is not the task's", () => {
    expect(taskProducerIn(logLines(log), "connector-producer-other-0", 0)).toBeUndefined();
  });
});

describe("debeziumTaskConfigIn", () => {
  test("the first start's properties, up to the end of its message", () => {
    expect(debeziumTaskConfigIn(logLines(log).slice(0, 13), 0)).toEqual({
      "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
      "poll.interval.ms": "10",
    });
  });

  test("the last start since the time: a property it does not log is absent", () => {
    expect(debeziumTaskConfigIn(logLines(log), at("13:00:00"))).toEqual({
      "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
      "transforms.x.regex": "a = b",
    });
  });

  test("no start since the time", () => {
    expect(debeziumTaskConfigIn(logLines(log), at("13:00:07"))).toBeUndefined();
  });
});
