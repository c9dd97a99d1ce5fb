// Points a symbolic link at a cached build, so a step's output has a fixed path while its content lives under its key.
import * as fs from "fs";
import * as path from "path";

/** Makes `link` point at `target` (creating its directory, replacing another or a dangling link); no-op when it does. */
export function pointLink(link: string, target: string): void {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let current: string | undefined;
  try {
    current = fs.readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current === target) return;
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
}
