// One PNG of every benchmark: a panel each (units differ), subject, baseline and references as bars at their medians
// with a min–max whisker, the ratio and its target in the panel's title. Inline SVG, screenshotted by headless Chromium.
import { launchBrowser } from "../support/browser";
import { BenchResult } from "./harness";
import { formatFigure } from "./stats";

const WIDTH = 880;
const LABEL_WIDTH = 340;
/** Longer arm labels are cut with an ellipsis; the table in latest.md has them whole. */
const LABEL_CHARACTERS = 50;
const VALUE_WIDTH = 130;
const BAR_HEIGHT = 22;
const BAR_GAP = 10;
const COLORS = { subject: "#2563eb", baseline: "#6b7280", reference: "#d1d5db", met: "#15803d", missed: "#b91c1c", none: "#374151" };

function shorten(text: string): string {
  return text.length <= LABEL_CHARACTERS ? text : `${text.slice(0, LABEL_CHARACTERS - 1)}…`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** What one panel draws: a title, bars at the medians, and a ratio (with its target, if any) at the right. */
interface Panel {
  title: string;
  arms: { arm: BenchResult["subject"]; color: string }[];
  ratioText: string;
  met?: boolean;
}

/** A benchmark's headline pair with its references, then a panel per further comparison (their units differ). */
function panelsOf(result: BenchResult): Panel[] {
  const target = result.target ? ` (target ${result.target.op === "<=" ? "≤" : "≥"} ${result.target.value})` : "";
  return [
    {
      title: result.title,
      arms: [
        { arm: result.subject, color: COLORS.subject },
        { arm: result.baseline, color: COLORS.baseline },
        ...result.references.map((arm) => ({ arm, color: COLORS.reference })),
      ],
      ratioText: `${result.ratioMeaning} = ${formatFigure(result.ratio)}${target}`,
      met: result.met,
    },
    ...result.comparisons.map((comparison) => ({
      title: `${result.title}: ${comparison.title}`,
      arms: [
        { arm: comparison.subject, color: COLORS.subject },
        { arm: comparison.baseline, color: COLORS.baseline },
        ...comparison.references.map((arm) => ({ arm, color: COLORS.reference })),
      ],
      ratioText: `${comparison.ratioMeaning} = ${formatFigure(comparison.ratio)}`,
    })),
  ];
}

function panelHeight(panel: Panel): number {
  return 48 + panel.arms.length * (BAR_HEIGHT + BAR_GAP);
}

function panelSvg(panel: Panel, top: number): string {
  const scaleMax = Math.max(...panel.arms.map(({ arm }) => arm.summary.max)) * 1.05;
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;
  const x = (value: number) => LABEL_WIDTH + (value / scaleMax) * barSpace;
  const color = panel.met === undefined ? COLORS.none : panel.met ? COLORS.met : COLORS.missed;
  const title =
    `<text x="10" y="${top + 20}" font-weight="bold" font-size="15">${escape(panel.title)}</text>` +
    `<text x="${WIDTH - 10}" y="${top + 20}" text-anchor="end" font-size="13" fill="${color}">${escape(panel.ratioText)}</text>`;
  const bars = panel.arms.map(({ arm, color: fill }, index) => {
    const y = top + 34 + index * (BAR_HEIGHT + BAR_GAP);
    const middle = y + BAR_HEIGHT / 2;
    const { min, median, max } = arm.summary;
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${middle + 4}" text-anchor="end" font-size="12">${escape(shorten(arm.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${x(median) - LABEL_WIDTH}" height="${BAR_HEIGHT}" fill="${fill}"/>` +
      `<line x1="${x(min)}" x2="${x(max)}" y1="${middle}" y2="${middle}" stroke="#111827" stroke-width="1.5"/>` +
      `<line x1="${x(min)}" x2="${x(min)}" y1="${y + 5}" y2="${y + BAR_HEIGHT - 5}" stroke="#111827" stroke-width="1.5"/>` +
      `<line x1="${x(max)}" x2="${x(max)}" y1="${y + 5}" y2="${y + BAR_HEIGHT - 5}" stroke="#111827" stroke-width="1.5"/>` +
      `<text x="${x(max) + 8}" y="${middle + 4}" font-size="12">${formatFigure(median)} ${escape(arm.unit)}</text>`
    );
  });
  return title + bars.join("");
}

/** The chart as a standalone page; the `#chart` element is what gets screenshotted. */
export function chartHtml(results: readonly BenchResult[], caption: string): string {
  const panels = results.flatMap(panelsOf);
  const tops = panels.map((_, index) => panels.slice(0, index).reduce((sum, panel) => sum + panelHeight(panel), 0));
  const height = panels.reduce((sum, panel) => sum + panelHeight(panel), 0) + 30;
  const svgPanels = panels.map((panel, index) => panelSvg(panel, tops[index])).join("");
  return (
    `<!doctype html><html><body style="margin:0;background:#fff">` +
    `<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>${svgPanels}` +
    `<text x="10" y="${height - 10}" font-size="11" fill="#6b7280">${escape(caption)}</text>` +
    `</svg></body></html>`
  );
}

export async function renderChart(results: readonly BenchResult[], caption: string, pngPath: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 200 } });
    await page.setContent(chartHtml(results, caption));
    await page.locator("#chart").screenshot({ path: pngPath });
  } finally {
    await browser.close();
  }
}
