// Peak resident memory of this process's descendants while something runs, grouped by role: the Pulumi engine (the
// CLI), its provider plugins, and this process itself (an inline Automation API program runs in it). Read from /proc
// (Linux), sampled every 500 ms.
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

function readProcesses(): { pid: number; ppid: number; rssKb: number; commandLine: string[] }[] {
  const found = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      found.push({ pid: Number(entry), ppid, rssKb, commandLine });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return found;
}

/** Samples until the returned function is called; that resolves with the peak MiB per role (summed over a role's processes). */
export function samplePeakMemory(): () => Record<string, number> {
  const peaks: Record<string, number> = {};
  const sample = () => {
    const processes = readProcesses();
    const children = new Map<number, number[]>();
    for (const proc of processes) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc.pid]);
    const ours = new Set<number>([process.pid]);
    const queue = [process.pid];
    while (queue.length > 0) {
      for (const child of children.get(queue.pop() as number) ?? []) {
        ours.add(child);
        queue.push(child);
      }
    }
    const now: Record<string, number> = {};
    for (const proc of processes) {
      if (!ours.has(proc.pid)) continue;
      const role = processRole(proc.commandLine, proc.pid === process.pid);
      if (role) now[role] = (now[role] ?? 0) + proc.rssKb / 1024;
    }
    for (const [role, mib] of Object.entries(now)) peaks[role] = Math.max(peaks[role] ?? 0, mib);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    sample();
    return Object.fromEntries(Object.entries(peaks).map(([role, mib]) => [role, Math.round(mib)]));
  };
}
