// Where a timed run spent its time: the seconds between consecutive milestones, and their medians over rounds. Pure,
// so the arithmetic behind the phase tables is unit-tested (tests/unit/benchPhases.test.ts).
import { summarize } from "./stats";

/**
 * Seconds from each milestone to the next, keyed `<from> → <to>`, for milestones given in the order they happen
 * (epoch ms). A milestone that was not observed is skipped, so its time counts in the next phase, whose name says so.
 * Throws when a later milestone lies before an earlier one: the milestones' order is wrong, not the clock.
 */
export function phaseSeconds(milestones: ReadonlyArray<readonly [name: string, atMs: number | undefined]>): Record<string, number> {
  const known = milestones.filter((milestone): milestone is readonly [string, number] => milestone[1] !== undefined);
  const phases: Record<string, number> = {};
  for (let i = 1; i < known.length; i++) {
    const [from, fromMs] = known[i - 1];
    const [to, toMs] = known[i];
    // Docker's timestamps and this process's clock are the same host clock, read at different moments: allow 50 ms.
    if (toMs < fromMs - 50) throw new Error(`Milestone ${to} (${toMs}) lies before ${from} (${fromMs}); list the milestones in the order they happen.`);
    phases[`${from} → ${to}`] = Math.max(0, toMs - fromMs) / 1000;
  }
  return phases;
}

/** The median of each phase over the rounds that have it, in the order of first appearance. */
export function medianPhases(rounds: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const names = [...new Set(rounds.flatMap((round) => Object.keys(round)))];
  return Object.fromEntries(names.map((name) => [name, summarize(rounds.flatMap((round) => (name in round ? [round[name]] : []))).median]));
}
