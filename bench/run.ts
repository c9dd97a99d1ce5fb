// Entry of `npm run bench`: runs every benchmark, or those named (`npm run bench -- healthcheck recovery`), prints
// min/median/max and ratios, writes bench/results/<name>.json plus a summary (Markdown and PNG), and after a complete
// successful run copies the summary to bench/latest.md and bench/latest.png for the README.
import * as fs from "fs";
import * as path from "path";
import { docker } from "../support/docker";
import { applyToolchainEnv } from "../toolchain/env";
import { renderChart } from "./chart";
import { Benchmark, BenchContext, benchContext, BenchResult, runBenchmark } from "./harness";
import { healthcheck } from "./healthcheck";
import { metricsAgent } from "./metricsAgent";
import { noChanges } from "./noChanges";
import { pipeline } from "./pipeline";
import { ready } from "./ready";
import { recovery } from "./recovery";
import { security } from "./security";
import { consoleBlock, describeMachine, machineLine, resultsDir, summaryMarkdown, writeResultJson } from "./report";
import { throughput } from "./throughput";
import { topics, topics1000 } from "./topics";

/** In the order of the issue that asked for them; that is also the order of the table. */
const BENCHMARKS: Benchmark[] = [ready, topics, topics1000, noChanges, throughput, recovery, healthcheck, pipeline, metricsAgent, security];

function selectBenchmarks(names: string[]): Benchmark[] {
  const known = BENCHMARKS.map((benchmark) => benchmark.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown benchmark ${unknown.join(", ")}; name some of: ${known.join(", ")} (or none to run all).`);
  }
  return names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((benchmark) => names.includes(benchmark.name));
}

/** Ctrl-C or a kill still removes what the running benchmark made. */
function cleanUpOnSignals(current: () => BenchContext | undefined): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: removing what the running benchmark made …`);
      const ctx = current();
      void (ctx ? ctx.cleanups.runAll(console.error) : Promise.resolve()).finally(() => process.exit(130));
    });
  }
}

async function main(names: string[]): Promise<number> {
  const selected = selectBenchmarks(names);
  applyToolchainEnv();
  const started = Date.now();
  const machine = describeMachine((await docker.version()).Version);
  console.log(`Machine: ${machineLine(machine, new Date(started))}`);
  const expected = selected.reduce((sum, benchmark) => sum + benchmark.expectedMinutes, 0);
  console.log(`Benchmarks: ${selected.map((benchmark) => benchmark.name).join(", ")} (about ${Math.ceil(expected)} min)\n`);

  let current: BenchContext | undefined;
  cleanUpOnSignals(() => current);
  const results: BenchResult[] = [];
  const failed: string[] = [];
  for (const benchmark of selected) {
    current = benchContext();
    current.log(`${benchmark.title} (${benchmark.name}), about ${benchmark.expectedMinutes} min`);
    try {
      const result = await runBenchmark(benchmark, current);
      results.push(result);
      const file = writeResultJson(result);
      console.log(`\n${consoleBlock(result)}\n  → ${path.relative(process.cwd(), file)}\n`);
    } catch (error) {
      failed.push(benchmark.name);
      console.error(`\n${benchmark.title} failed: ${(error as Error).stack ?? error}\n`);
    }
  }
  current = undefined;
  if (results.length === 0) return 1;

  const minutes = (Date.now() - started) / 60_000;
  const command = `npm run bench${names.length > 0 ? ` -- ${names.join(" ")}` : ""}`;
  const caption = `${machineLine(machine, new Date(started))} — medians, whiskers min–max`;
  fs.mkdirSync(resultsDir, { recursive: true });
  const summaryPng = path.join(resultsDir, "summary.png");
  await renderChart(results, caption, summaryPng);
  const summary = (chartFile: string) => summaryMarkdown({ results, machine, date: new Date(started), command, minutes, chartFile });
  fs.writeFileSync(path.join(resultsDir, "summary.md"), summary("summary.png"));
  console.log(`Summary: bench/results/summary.md, bench/results/summary.png (${minutes.toFixed(1)} min in all)`);
  if (failed.length === 0 && results.length === BENCHMARKS.length) {
    fs.copyFileSync(summaryPng, path.join(__dirname, "latest.png"));
    fs.writeFileSync(path.join(__dirname, "latest.md"), summary("latest.png"));
    console.log("Complete run: copied to bench/latest.md and bench/latest.png (commit them for the README).");
  }
  if (failed.length > 0) console.error(`Failed: ${failed.join(", ")}`);
  return failed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
