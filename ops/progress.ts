// Live progress of an engine run: its output as it arrives, and a heartbeat when it goes quiet (waiting for a broker to
// turn healthy prints nothing for a while), so a person can tell "busy" from "stuck". Errors pass through errorsOnce:
// the engine's own error is shown once.
import { errorsOnce } from "./transcript";

export interface Progress {
  onOutput(text: string): void;
  stop(): void;
}

export function engineProgress(write: (text: string) => void, quietMs = 15_000): Progress {
  const started = Date.now();
  let lastOutput = started;
  const transcript = errorsOnce(write);
  const timer = setInterval(() => {
    if (Date.now() - lastOutput < quietMs) return;
    write(`  … still working (${Math.round((Date.now() - started) / 1000)} s)\n`);
    lastOutput = Date.now();
  }, 1_000);
  timer.unref();
  return {
    onOutput: (text) => {
      lastOutput = Date.now();
      transcript.write(text);
    },
    stop: () => {
      clearInterval(timer);
      transcript.end();
    },
  };
}

export function secondsSince(started: number): number {
  return (Date.now() - started) / 1000;
}
