// Aligned text tables for a terminal. Pure: widths are measured on the visible text, so coloured cells still line up.

export type Align = "left" | "right";

export interface Column {
  header: string;
  align?: Align;
}

const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

/** The number of terminal columns `text` occupies: ANSI colour codes take none, each code point one. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI_ESCAPE, "")].length;
}

function pad(text: string, width: number, align: Align): string {
  const fill = " ".repeat(Math.max(0, width - visibleWidth(text)));
  return align === "right" ? fill + text : text + fill;
}

/**
 * Rows under a header, each column as wide as its widest cell, two spaces apart, no trailing spaces. A row with fewer
 * cells than columns leaves the rest blank; `undefined` cells print as blanks too.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly (string | undefined)[])[]): string[] {
  const cells = [columns.map((column) => column.header), ...rows.map((row) => columns.map((_, index) => row[index] ?? ""))];
  const widths = columns.map((_, index) => Math.max(...cells.map((row) => visibleWidth(row[index]))));
  return cells.map((row) =>
    row
      .map((cell, index) => pad(cell, widths[index], columns[index].align ?? "left"))
      .join("  ")
      .trimEnd(),
  );
}

/** Label/value pairs as two aligned columns without a header (summaries). */
export function formatPairs(pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...pairs.map(([label]) => visibleWidth(label)));
  return pairs.map(([label, value]) => `${pad(label, width, "left")}  ${value}`.trimEnd());
}

/** Styles for marks; plain when the output is not a terminal (or NO_COLOR is set), so pipes and tests get bare text. */
export interface Style {
  bad(text: string): string;
  warn(text: string): string;
  good(text: string): string;
  bold(text: string): string;
}

export const plainStyle: Style = { bad: (t) => t, warn: (t) => t, good: (t) => t, bold: (t) => t };

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
export const colourStyle: Style = { bad: ansi(31), warn: ansi(33), good: ansi(32), bold: ansi(1) };

export function styleFor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Style {
  return isTTY && env.NO_COLOR === undefined && env.TERM !== "dumb" ? colourStyle : plainStyle;
}
