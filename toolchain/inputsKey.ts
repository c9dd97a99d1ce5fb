// Cache keys: a piece is rebuilt only when the files it is made from, or the versions it names, change.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Every file under `entries` (files or directories, relative to `root`), sorted, skipping build output. */
export function listInputFiles(root: string, entries: string[]): string[] {
  const files: string[] = [];
  const visit = (relative: string): void => {
    const absolute = path.join(root, relative);
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(absolute)) {
        if (child === "node_modules" || child === "dist") continue;
        visit(path.join(relative, child));
      }
    } else {
      files.push(relative.split(path.sep).join("/"));
    }
  };
  entries.forEach(visit);
  return [...new Set(files)].sort();
}

/**
 * sha256 over the named extra strings (versions, upstream keys) and each input file's path and content.
 * Paths are relative to `root`, so two clones of the same commit get the same key.
 */
export function inputsKey(root: string, entries: string[], extras: string[] = []): string {
  const hash = createHash("sha256");
  for (const extra of extras) hash.update(`extra\0${extra}\0`);
  for (const file of listInputFiles(root, entries)) {
    hash.update(`file\0${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}
