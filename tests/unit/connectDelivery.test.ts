import {
  connectWorkerDeliveryConfig,
  debeziumDeliveryConfig,
  pipelineDeliveryProblem,
} from "../../components/connectDelivery";

describe("the pipeline's delivery mode", () => {
  test("exactly once: the worker's exactly-once source support with task transactions aborted after 30 s (Kafka's 60 s stalls a restarted worker), and a connector that requires it with one transaction per poll, a 2 ms poll and a 5 ms producer retry backoff", () => {
    expect(connectWorkerDeliveryConfig("exactly-once")).toEqual({ "exactly.once.source.support": "enabled", "producer.transaction.timeout.ms": "30000" });
    expect(debeziumDeliveryConfig("exactly-once")).toEqual({
      "exactly.once.support": "required",
      "transaction.boundary": "poll",
      "producer.override.retry.backoff.ms": "5",
      "poll.interval.ms": "2",
    });
  });

  test("at least once: no transactions, offsets flushed every 10 s (Connect's default is a minute), the same 2 ms poll", () => {
    expect(connectWorkerDeliveryConfig("at-least-once")).toEqual({ "exactly.once.source.support": "disabled", "offset.flush.interval.ms": "10000" });
    expect(debeziumDeliveryConfig("at-least-once")).toEqual({ "poll.interval.ms": "2" });
  });

  test.each([
    [undefined, undefined],
    ["exactly-once", undefined],
    ["at-least-once", undefined],
    ["exactly_once", 'delivery "exactly_once" is not one of exactly-once, at-least-once; set delivery to exactly-once (the default) or at-least-once.'],
    ["", 'delivery "" is not one of exactly-once, at-least-once; set delivery to exactly-once (the default) or at-least-once.'],
  ])("delivery %p → %p", (value, problem) => {
    expect(pipelineDeliveryProblem(value)).toBe(problem);
  });
});
