// Peak resident memory and CPU time of this process and its descendants while something runs, grouped by role: the
// Pulumi engine (the CLI), its provider plugins, and this process itself (an inline Automation API program runs in it).
// Read from /proc (Linux), sampled every 500 ms.
import * as fs from "fs";
import * as path from "path";

export type ProcessRole = "engine (pulumi CLI)" | "kafka plugin" | "docker plugin" | "other plugins" | "this process (inline program)";

const SAMPLE_MS = 500;

/** The role of a process from its command line, or undefined for one that is none of ours to count (a shell). */
export function processRole(commandLine: string[], isSelf: boolean): ProcessRole | undefined {
  if (isSelf) return "this process (inline program)";
  const joined = commandLine.join(" ");
  if (/pulumi-resource-kafka/.test(joined)) return "kafka plugin";
  if (/pulumi-resource-docker|plugins\/docker\//.test(joined)) return "docker plugin";
  if (/pulumi-(resource|language)-/.test(joined)) return "other plugins";
  if (commandLine.length > 0 && path.basename(commandLine[0]) === "pulumi") return "engine (pulumi CLI)";
  return undefined;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcessSample {
  pid: number;
  ppid: number;
  rssKb: number;
  /** User + system CPU of the process itself so far, in seconds. */
  cpuSeconds: number;
  commandLine: string[];
}

/** Every process on the machine, as /proc shows it now. */
export function readProcesses(): ProcessSample[] {
  const found = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      found.push({ pid: Number(entry), ppid, rssKb, cpuSeconds: threadCpuSeconds(`/proc/${entry}/stat`), commandLine });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return found;
}

/** User + system CPU seconds from a /proc `stat` file (a process's or one thread's: /proc/<pid>/task/<tid>/stat). */
export function threadCpuSeconds(statPath: string): number {
  const stat = fs.readFileSync(statPath, "utf8");
  // Fields after the parenthesised name, which may itself contain spaces: state is the first, utime the 12th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** `root` and the PIDs of its descendants among `processes`. */
export function descendants(root: number, processes: readonly ProcessSample[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const proc of processes) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc.pid]);
  const found = new Set<number>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() as number) ?? []) {
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}

export interface ProcessUsage {
  /** Peak resident memory per role (summed over a role's processes at each sample), MiB. */
  peakMiB: Record<string, number>;
  /** CPU seconds per role while sampling: what each process used after the first sample (all of it for one born later). */
  cpuSeconds: Record<string, number>;
}

/**
 * Samples this process and its descendants until the returned function is called, which gives their usage per role.
 * A process that ends between two samples loses its CPU since the last one (plugins and the engine live through an up).
 */
export function sampleProcesses(): () => ProcessUsage {
  const peaks: Record<string, number> = {};
  const cpu = new Map<number, { role: ProcessRole; first: number; last: number }>();
  let sampled = false;
  const sample = () => {
    const processes = readProcesses();
    const ours = descendants(process.pid, processes);
    const now: Record<string, number> = {};
    for (const proc of processes) {
      if (!ours.has(proc.pid)) continue;
      const role = processRole(proc.commandLine, proc.pid === process.pid);
      if (!role) continue;
      now[role] = (now[role] ?? 0) + proc.rssKb / 1024;
      const known = cpu.get(proc.pid);
      if (known) known.last = proc.cpuSeconds;
      else cpu.set(proc.pid, { role, first: sampled ? 0 : proc.cpuSeconds, last: proc.cpuSeconds });
    }
    for (const [role, mib] of Object.entries(now)) peaks[role] = Math.max(peaks[role] ?? 0, mib);
    sampled = true;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    sample();
    const cpuSeconds: Record<string, number> = {};
    for (const { role, first, last } of cpu.values()) cpuSeconds[role] = (cpuSeconds[role] ?? 0) + last - first;
    return {
      peakMiB: Object.fromEntries(Object.entries(peaks).map(([role, mib]) => [role, Math.round(mib)])),
      cpuSeconds: Object.fromEntries(Object.entries(cpuSeconds).map(([role, seconds]) => [role, Number(seconds.toFixed(2))])),
    };
  };
}
