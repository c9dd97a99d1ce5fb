// Figures of a benchmark: min/median/max of its rounds, the ratio of the subject to its baseline, and whether a
// target on that ratio is met. Pure, so the arithmetic the README quotes is unit-tested (tests/unit/benchStats.test.ts).

export interface Summary {
  rounds: number;
  min: number;
  median: number;
  max: number;
}

/** A bound on a ratio: "<=" for costs (time, CPU), ">=" for rates (throughput). */
export interface Target {
  op: "<=" | ">=";
  value: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("A summary needs at least one measured round; run the benchmark with rounds >= 1.");
  if (values.some((value) => !Number.isFinite(value))) {
    throw new Error(`Every measured value must be a finite number (got ${values.join(", ")}); check the benchmark's parsing.`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { rounds: sorted.length, min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** Subject over baseline, by medians: the figure a target is stated on. */
export function ratio(subject: Summary, baseline: Summary): number {
  if (baseline.median === 0) throw new Error("The baseline's median is 0, so no ratio exists; check that the baseline measured anything.");
  return subject.median / baseline.median;
}

/**
 * Ratios of rounds measured side by side (round i of the subject with round i of the baseline), which cancel load
 * that hit both arms of a round; their spread shows how much the headline ratio can be trusted.
 */
export function pairedRatios(subject: readonly number[], baseline: readonly number[]): number[] {
  if (subject.length !== baseline.length) {
    throw new Error(`Paired rounds need as many subject rounds (${subject.length}) as baseline rounds (${baseline.length}); measure both in every round.`);
  }
  return subject.map((value, index) => value / baseline[index]);
}

export function meetsTarget(value: number, target: Target): boolean {
  return target.op === "<=" ? value <= target.value : value >= target.value;
}

/** Whole numbers as they are; others with three significant digits at most, never in exponent form: 0.0312, 4.57, 61.2, 1234. */
export function formatFigure(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6));
}

/**
 * The order of the arms in a round: rotated by one each round (AB BA AB …, or ABC BCA CAB), so every arm opens a
 * round as often as the others and a slow drift of the machine's load (other engineers' containers starting or
 * stopping) weighs on all arms alike.
 */
export function armOrder<T>(arms: readonly T[], round: number): T[] {
  const shift = arms.length === 0 ? 0 : round % arms.length;
  return [...arms.slice(shift), ...arms.slice(0, shift)];
}

/** The nearest-rank percentile (0 < p ≤ 100): the smallest value that at least p % of the values do not exceed. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("A percentile needs at least one value; check that the benchmark measured anything.");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
