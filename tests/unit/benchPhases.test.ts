import { engineMilestones } from "../../bench/cliUp";
import { medianPhases, phaseSeconds } from "../../bench/phases";

describe("phaseSeconds", () => {
  test("seconds between consecutive milestones, named after both", () => {
    expect(phaseSeconds([["start", 1000], ["created", 2500], ["healthy", 6000]])).toEqual({ "start → created": 1.5, "created → healthy": 3.5 });
  });

  test("a milestone not observed is skipped: its time counts in the next phase, which names the milestones around it", () => {
    expect(phaseSeconds([["start", 0], ["created", undefined], ["healthy", 4000], ["exit", 4500]])).toEqual({ "start → healthy": 4, "healthy → exit": 0.5 });
  });

  test("clocks read at different moments may disagree by up to 50 ms; the phase is then 0", () => {
    expect(phaseSeconds([["a", 1000], ["b", 970]])).toEqual({ "a → b": 0 });
  });

  test("milestones out of order are refused", () => {
    expect(() => phaseSeconds([["created", 5000], ["start", 1000]])).toThrow("Milestone start (1000) lies before created (5000)");
  });
});

describe("medianPhases", () => {
  test("per phase, over the rounds that have it", () => {
    expect(medianPhases([{ a: 1, b: 10 }, { a: 3 }, { a: 2, b: 20 }])).toEqual({ a: 2, b: 15 });
  });

  test("no rounds, no phases", () => {
    expect(medianPhases([])).toEqual({});
  });
});

describe("engineMilestones", () => {
  const pre = (type: string) => ({ resourcePreEvent: { metadata: { type } } });
  const done = (type: string) => ({ resOutputsEvent: { metadata: { type } } });

  test("first event, the stack's registration, the first other resource, and the last done of each type", () => {
    const milestones = engineMilestones([
      { atMs: 10, event: {} },
      { atMs: 20, event: pre("pulumi:pulumi:Stack") },
      { atMs: 30, event: pre("cdc-kafka:index:KafkaStack") },
      { atMs: 40, event: pre("docker:index/container:Container") },
      { atMs: 50, event: done("kafka:index/topic:Topic") },
      { atMs: 60, event: done("kafka:index/topic:Topic") },
      { atMs: 70, event: done("pulumi:pulumi:Stack") },
    ]);
    expect(milestones).toEqual({
      firstEventMs: 10,
      stackRegisteredMs: 20,
      firstResourceMs: 30,
      lastDoneByType: { "kafka:index/topic:Topic": 60, "pulumi:pulumi:Stack": 70 },
    });
  });

  test("no events, no milestones", () => {
    expect(engineMilestones([])).toEqual({ lastDoneByType: {} });
  });
});
