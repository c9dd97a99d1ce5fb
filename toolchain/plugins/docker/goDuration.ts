// Go's time.ParseDuration and Duration.String(), because the real provider parses healthcheck durations with the former
// and writes them back to state with the latter ("60s" reads back as "1m0s").

const nanosPerUnit: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3, // µ (micro sign), as Go accepts
  "\u03bcs": 1e3, // μ (Greek mu), as Go accepts
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds in a Go duration string such as "1m30s", "1.5s" or "250ms"; throws on what Go would reject. */
export function parseGoDuration(text: string): number {
  const invalid = () => new Error(`time: invalid duration "${text}"`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") throw invalid();
  let total = 0;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [matched, whole = "", fraction = ""] = number;
    if (whole === "" && fraction === "") throw invalid();
    rest = rest.slice(matched.length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === "") throw new Error(`time: missing unit in duration "${text}"`);
    const scale = nanosPerUnit[unit];
    if (scale === undefined) throw new Error(`time: unknown unit "${unit}" in duration "${text}"`);
    rest = rest.slice(unit.length);
    total += Number(whole || "0") * scale + (fraction ? Math.round(Number(`0.${fraction}`) * scale) : 0);
  }
  return sign * total;
}

/** Go's Duration.String() of a whole number of nanoseconds: "0s", "250ms", "1.5s", "1m0s", "2h0m0s". */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return "0s";
  const sign = nanos < 0 ? "-" : "";
  const magnitude = Math.abs(Math.trunc(nanos));
  if (magnitude < 1e3) return `${sign}${magnitude}ns`;
  if (magnitude < 1e6) return `${sign}${withFraction(magnitude, 1e3)}\u00b5s`;
  if (magnitude < 1e9) return `${sign}${withFraction(magnitude, 1e6)}ms`;
  const totalSeconds = Math.floor(magnitude / 1e9);
  const seconds = `${withFraction((totalSeconds % 60) * 1e9 + (magnitude % 1e9), 1e9)}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes === 0) return `${sign}${seconds}`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = `${totalMinutes % 60}m`;
  return hours === 0 ? `${sign}${minutes}${seconds}` : `${sign}${hours}h${minutes}${seconds}`;
}

/** `value / unit` with the fraction's trailing zeros dropped, as Go prints it. */
function withFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const digits = String(value % unit)
    .padStart(String(unit).length - 1, "0")
    .replace(/0+$/, "");
  return digits ? `${whole}.${digits}` : `${whole}`;
}
