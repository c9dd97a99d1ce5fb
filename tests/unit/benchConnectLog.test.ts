import { debeziumTaskConfigIn, logLines, taskProducerIn } from "../../bench/connectLog";

// The shape of a Connect worker's log as `docker logs --timestamps` prints it (Connect's `[%d] %p %m (%c:%L)` pattern).
const log = [
  "2026-12-06T13:00:00.100000000Z [2026-12-06 13:00:00,100] INFO ProducerConfig values: (org.apache.kafka.clients.producer.ProducerConfig:370)",
  "2026-12-06T13:00:00.100000000Z \tclient.id = connector-producer-orders-0",
  "2026-12-06T13:00:00.100000000Z \ttransactional.id = null",
  "2026-12-06T13:00:00.100000000Z \tlinger.ms = 5",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,000] INFO Starting PostgresConnectorTask with configuration: (io.debezium.connector.common.BaseSourceTask:249)",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,000] INFO    connector.class = io.debezium.connector.postgresql.PostgresConnector (io.debezium.connector.common.BaseSourceTask:251)",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,000] INFO [Producer clientId=connector-producer-orders-0] Instantiated an idempotent producer. (org.apache.kafka.clients.producer.KafkaProducer:587)",
  "2026-12-06T13:00:01.000000000Z [2026-12-06 13:00:01,001] INFO    poll.interval.ms = 10 (io.debezium.connector.common.BaseSourceTask:251)",
  "2026-12-06T13:00:05.000000000Z [2026-12-06 13:00:05,000] INFO ProducerConfig values: (org.apache.kafka.clients.producer.ProducerConfig:370)",
  "2026-12-06T13:00:05.000000000Z \tclient.id = connector-producer-orders-0",
  "2026-12-06T13:00:05.000000000Z \ttransactional.id = connect-cluster-orders-0",
  "2026-12-06T13:00:05.000000000Z \tsasl.jaas.config = [hidden]",
  "2026-12-06T13:00:06.000000000Z [2026-12-06 13:00:06,000] INFO Starting PostgresConnectorTask with configuration: (io.debezium.connector.common.BaseSourceTask:249)",
  "2026-12-06T13:00:06.000000000Z [2026-12-06 13:00:06,000] INFO    connector.class = io.debezium.connector.postgresql.PostgresConnector (io.debezium.connector.common.BaseSourceTask:251)",
  "2026-12-06T13:00:06.000000000Z [2026-12-06 13:00:06,000] INFO    transforms = a=b (io.debezium.connector.common.BaseSourceTask:251)",
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
    const lines = logLines(log).slice(0, 8);
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
  test("the first start's properties, other threads' lines between them skipped", () => {
    expect(debeziumTaskConfigIn(logLines(log).slice(0, 8), 0)).toEqual({
      "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
      "poll.interval.ms": "10",
    });
  });

  test("the last start since the time: a property it does not log is absent", () => {
    expect(debeziumTaskConfigIn(logLines(log), at("13:00:00"))).toEqual({
      "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
      transforms: "a=b",
    });
  });

  test("no start since the time", () => {
    expect(debeziumTaskConfigIn(logLines(log), at("13:00:07"))).toBeUndefined();
  });
});
