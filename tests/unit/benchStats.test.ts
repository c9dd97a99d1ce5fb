import { armOrder, formatFigure, meetsTarget, pairedRatios, ratio, summarize, Target } from "../../bench/stats";

describe("summarize", () => {
  test.each([
    [[5], { rounds: 1, min: 5, median: 5, max: 5 }],
    [[3, 1, 2], { rounds: 3, min: 1, median: 2, max: 3 }],
    [[4, 1, 3, 2], { rounds: 4, min: 1, median: 2.5, max: 4 }],
    [[10, 10, 1], { rounds: 3, min: 1, median: 10, max: 10 }],
    [[0.5, -1, 7, 2, 2], { rounds: 5, min: -1, median: 2, max: 7 }],
  ])("%j", (values, expected) => {
    expect(summarize(values)).toEqual(expected);
  });

  test("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test("refuses no rounds", () => {
    expect(() => summarize([])).toThrow("A summary needs at least one measured round; run the benchmark with rounds >= 1.");
  });

  test("refuses values that are not finite", () => {
    expect(() => summarize([1, Number.NaN])).toThrow(
      "Every measured value must be a finite number (got 1, NaN); check the benchmark's parsing.",
    );
  });
});

describe("ratio", () => {
  test.each([
    [[6, 7, 100], [4, 5, 6], 7 / 5],
    [[30], [60], 0.5],
    [[1, 3], [2, 2], 1],
  ])("medians of %j over %j", (subject, baseline, expected) => {
    expect(ratio(summarize(subject), summarize(baseline))).toBeCloseTo(expected, 12);
  });

  test("refuses a zero baseline", () => {
    expect(() => ratio(summarize([1]), summarize([0]))).toThrow(
      "The baseline's median is 0, so no ratio exists; check that the baseline measured anything.",
    );
  });
});

describe("pairedRatios", () => {
  test("divides round by round", () => {
    expect(pairedRatios([2, 9, 4], [1, 3, 8])).toEqual([2, 3, 0.5]);
  });

  test("refuses rounds that do not pair", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(
      "Paired rounds need as many subject rounds (2) as baseline rounds (1); measure both in every round.",
    );
  });
});

describe("meetsTarget", () => {
  const atMost: Target = { op: "<=", value: 1.5 };
  const atLeast: Target = { op: ">=", value: 0.8 };
  test.each([
    [1.2, atMost, true],
    [1.5, atMost, true],
    [1.51, atMost, false],
    [0.9, atLeast, true],
    [0.8, atLeast, true],
    [0.79, atLeast, false],
  ])("%d against %j", (value, target, expected) => {
    expect(meetsTarget(value, target)).toBe(expected);
  });
});

describe("formatFigure", () => {
  test.each([
    [0, "0"],
    [3, "3"],
    [200000, "200000"],
    [0.031234, "0.0312"],
    [4.5678, "4.57"],
    [61.24, "61.2"],
    [1234.4, "1234"],
    [-2.5, "-2.50"],
    [0.000001234, "0.000001"],
  ])("%d -> %s", (value, expected) => {
    expect(formatFigure(value)).toBe(expected);
  });
});

describe("armOrder", () => {
  test.each([
    [["A", "B"], 0, ["A", "B"]],
    [["A", "B"], 1, ["B", "A"]],
    [["A", "B"], 2, ["A", "B"]],
    [["A", "B", "C"], 1, ["B", "C", "A"]],
    [["A", "B", "C"], 2, ["C", "A", "B"]],
    [["A", "B", "C"], 3, ["A", "B", "C"]],
    [[], 5, []],
  ])("%j in round %d -> %j", (arms, round, expected) => {
    expect(armOrder(arms, round)).toEqual(expected);
  });
});
