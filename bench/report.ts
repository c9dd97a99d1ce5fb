// The figures as people read them: a console block per benchmark, a Markdown summary with the machine it ran on
// (bench/latest.md, shown in the README), and one JSON file per benchmark in the git-ignored bench/results/.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BenchResult } from "./harness";
import { formatFigure, ratio, Summary, Target } from "./stats";

export const resultsDir = path.join(__dirname, "results");

export interface Machine {
  cpus: number;
  memoryGiB: number;
  cpuModel: string;
  dockerVersion: string;
  nodeVersion: string;
}

/** nproc (what this process may use), MemTotal and the CPU model as Linux reports them, and the engine's version. */
export function describeMachine(dockerVersion: string): Machine {
  const meminfo = fs.readFileSync("/proc/meminfo", "utf8");
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const memoryKiB = Number(meminfo.match(/^MemTotal:\s+(\d+) kB/m)?.[1] ?? 0);
  return {
    cpus: Number(execFileSync("nproc", { encoding: "utf8" }).trim()),
    memoryGiB: memoryKiB / 1024 / 1024,
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1].trim() ?? "unknown CPU",
    dockerVersion,
    nodeVersion: process.version,
  };
}

export function machineLine(machine: Machine, date: Date): string {
  return (
    `${machine.cpus} CPUs (nproc), ${machine.memoryGiB.toFixed(1)} GiB, ${machine.cpuModel}; ` +
    `Docker ${machine.dockerVersion}, Node ${machine.nodeVersion}; ${date.toISOString().replace(/\.\d+Z$/, "Z")}`
  );
}

function targetText(target: Target | undefined): string {
  return target ? `${target.op === "<=" ? "≤" : "≥"} ${target.value}` : "—";
}

function verdict(result: BenchResult): string {
  if (result.met === undefined) return "no target";
  return result.met ? "met" : "**not met**";
}

function isSummary(value: unknown): value is Summary {
  return typeof value === "object" && value !== null && "median" in value && "min" in value && "max" in value;
}

/** A detail value in one line: figures rounded, summaries as median (min–max), objects as key: value lists. */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return formatFigure(value);
  if (isSummary(value)) return `${formatFigure(value.median)} (${formatFigure(value.min)}–${formatFigure(value.max)})`;
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .map(([key, inner]) => `${key}: ${describeValue(inner)}`)
      .join(", ");
  }
  return String(value);
}

/**
 * Rows per benchmark: subject, baseline, then any references; the ratio, target and verdict on the subject's row.
 */
export function resultsTable(results: readonly BenchResult[]): string {
  const lines = [
    "| benchmark | measure | unit | min | median | max | ratio | target | |",
    "|---|---|---|---:|---:|---:|---|---|---|",
  ];
  for (const result of results) {
    const row = (title: string, arm: BenchResult["subject"], ratio: string, target: string, met: string) => {
      const { min, median, max } = arm.summary;
      return `| ${title} | ${arm.label} | ${arm.unit} | ${formatFigure(min)} | ${formatFigure(median)} | ${formatFigure(max)} | ${ratio} | ${target} | ${met} |`;
    };
    lines.push(row(result.title, result.subject, `**${formatFigure(result.ratio)}** (${result.ratioMeaning})`, targetText(result.target), verdict(result)));
    lines.push(row("", result.baseline, "", "", ""));
    const references = (subject: BenchResult["subject"], arms: readonly BenchResult["subject"][]) => {
      for (const reference of arms) {
        const versus = `reference; subject / this = ${formatFigure(ratio(subject.summary, reference.summary))}`;
        lines.push(row("", { ...reference, label: `_${reference.label}_` }, versus, "", ""));
      }
    };
    references(result.subject, result.references);
    for (const comparison of result.comparisons) {
      lines.push(row("", comparison.subject, `**${formatFigure(comparison.ratio)}** (${comparison.ratioMeaning})`, "—", "no target"));
      lines.push(row("", comparison.baseline, "", "", ""));
      references(comparison.subject, comparison.references);
    }
  }
  return lines.join("\n");
}

function roundByRound(pairedRatios: number[] | undefined): string {
  return pairedRatios ? ` (round by round: ${pairedRatios.map(formatFigure).join(", ")})` : "";
}

export function detailLines(result: BenchResult): string[] {
  const load = result.machineLoad;
  return [
    `**${result.title}** — ${result.ratioMeaning} = ${formatFigure(result.ratio)}${roundByRound(result.pairedRatios)}; ${result.subject.summary.rounds} rounds, ${formatFigure(result.seconds)} s.`,
    ...(result.comparisons).map(
      (comparison) => `- ${comparison.subject.label}: ${comparison.ratioMeaning} = ${formatFigure(comparison.ratio)}${roundByRound(comparison.pairedRatios)}`,
    ),
    ...Object.entries(result.details)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `- ${key}: ${describeValue(value)}`),
    ...result.notes.map((note) => `- ${note}`),
    `- machine load: 1-min load average ${formatFigure(load.start.loadAverage1m)} → ${formatFigure(load.end.loadAverage1m)}, ` +
      `other running containers ${load.start.otherContainers} → ${load.end.otherContainers}`,
  ];
}

export function summaryMarkdown(args: {
  results: readonly BenchResult[];
  machine: Machine;
  date: Date;
  command: string;
  minutes: number;
  chartFile?: string;
}): string {
  return [
    "# Benchmarks",
    "",
    `Machine: ${machineLine(args.machine, args.date)}. Run: \`${args.command}\`, ${args.minutes.toFixed(1)} min. ` +
      "Each ratio compares figures measured side by side in the same run (arms alternate round by round); medians of the rounds.",
    "",
    resultsTable(args.results),
    "",
    ...(args.chartFile ? [`![benchmark chart](${args.chartFile})`, ""] : []),
    "## Details",
    "",
    ...args.results.flatMap((result) => [...detailLines(result), ""]),
  ].join("\n");
}

/** The console block printed when a benchmark finishes. */
export function consoleBlock(result: BenchResult): string {
  const arm = (a: BenchResult["subject"]) =>
    `  ${a.label}: min ${formatFigure(a.summary.min)} / median ${formatFigure(a.summary.median)} / max ${formatFigure(a.summary.max)} ${a.unit}`;
  const target = result.target ? `, target ${targetText(result.target)}: ${result.met ? "met" : "NOT met"}` : "";
  const references = result.references.map((reference) => `${arm(reference)} (reference)`);
  const comparisons = (result.comparisons).flatMap((comparison) => [
    arm(comparison.subject),
    arm(comparison.baseline),
    ...comparison.references.map((reference) => `${arm(reference)} (reference)`),
    `  ratio ${comparison.ratioMeaning} = ${formatFigure(comparison.ratio)}`,
  ]);
  return [
    `${result.title}`,
    arm(result.subject),
    arm(result.baseline),
    ...references,
    `  ratio ${result.ratioMeaning} = ${formatFigure(result.ratio)}${target}`,
    ...comparisons,
  ].join("\n");
}

export function writeResultJson(result: BenchResult): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.name}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  return file;
}
