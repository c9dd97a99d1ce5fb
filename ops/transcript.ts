// The engine's transcript as the ops scripts show it: each error once. The CLI repeats an error on every progress row
// of the failing resource and, for a program's error, twice under Diagnostics; the script then adds its own sentence.
// Pure (text in, text out), so the rules are unit tested.

/** A progress row whose status carries an error: ` +  docker:index/container:Container broker-1 creating error: …`. */
const progressErrorRow = /^ [ +\-~<>=*!]{1,3}\s+[\w.-]+:[\w./-]*:[\w.-]+\s+\S.*?\berror: /;
/** A diagnostic's first line under Diagnostics: `    error: …`; its further lines have the same indent, no prefix. */
const diagnosticStart = /^\s{4}(error|warning|info): /;
/** The resource a group of diagnostics belongs to: `  pulumi:pulumi:Stack (name):`. */
const diagnosticsHeader = /^ {2}\S/;

/**
 * Wraps `write` so that the transcript passing through keeps each error once: progress rows that repeat an error are
 * dropped (the same text follows under Diagnostics), and a diagnostic repeated for the same resource is printed once.
 * `end()` writes what is still held (a last line without a newline).
 */
export function errorsOnce(write: (text: string) => void): { write(text: string): void; end(): void } {
  let partial = "";
  let diagnostics: string[] | undefined;

  const flushDiagnostics = () => {
    if (!diagnostics) return;
    const entries: string[][] = [];
    for (const line of diagnostics) {
      if (diagnosticStart.test(line) || diagnosticsHeader.test(line) || entries.length === 0) entries.push([line]);
      else entries[entries.length - 1].push(line);
    }
    const seen = new Set<string>();
    for (const entry of entries) {
      const text = entry.join("\n");
      // A resource header (`  docker:…:Container (name):`) starts a new group: the same error may belong to two.
      if (!diagnosticStart.test(entry[0])) seen.clear();
      else if (seen.has(text)) continue;
      seen.add(text);
      write(text + "\n");
    }
    diagnostics = undefined;
  };

  const line = (text: string) => {
    if (diagnostics) {
      if (text.trim() !== "") {
        diagnostics.push(text);
        return;
      }
      flushDiagnostics();
    } else if (text === "Diagnostics:") {
      diagnostics = [];
    } else if (progressErrorRow.test(text)) {
      return;
    }
    write(text + "\n");
  };

  return {
    write(text) {
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      lines.forEach(line);
    },
    end() {
      flushDiagnostics();
      if (partial) write(partial);
      partial = "";
    },
  };
}
