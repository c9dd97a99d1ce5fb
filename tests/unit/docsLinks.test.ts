// Every relative link and #anchor in README.md and docs/**/*.md resolves: the file exists, and the anchor is the slug
// GitHub gives one of the target's headings. Pages move and headings get renamed; a dead link fails here, not a reader.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../toolchain/paths";

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, each space a hyphen. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The text outside fenced code blocks and inline code, where a `[text](target)` is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The anchors of a page's headings, numbered as GitHub numbers repeats (`x`, `x-1`, …). */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = githubSlug(match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1"));
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** One sentence per link of `file` (a path under `root`) that does not resolve. */
function brokenLinks(root: string, file: string, read: (file: string) => string | undefined): string[] {
  const text = read(file);
  if (text === undefined) throw new Error(`${file} does not exist`);
  const problems: string[] = [];
  for (const match of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [pathPart, anchor] = target.split("#", 2);
    const targetFile = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    if (targetFile.startsWith("..")) {
      problems.push(`${file}: ${target} leaves the repository`);
      continue;
    }
    const targetText = read(targetFile);
    if (targetText === undefined && !fs.existsSync(path.join(root, targetFile))) {
      problems.push(`${file}: ${target} names ${targetFile}, which does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!targetFile.endsWith(".md") || targetText === undefined) {
      problems.push(`${file}: ${target} has an anchor, but ${targetFile} is not a Markdown page`);
    } else if (!headingAnchors(targetText).has(anchor)) {
      problems.push(`${file}: ${target} names no heading of ${targetFile}`);
    }
  }
  return problems;
}

function markdownPages(directory: string): string[] {
  return fs.readdirSync(path.join(repoRoot, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(directory, entry.name);
    // docs/api/ is TypeDoc's generated HTML, git-ignored.
    if (entry.isDirectory()) return relative === "docs/api" ? [] : markdownPages(relative);
    return entry.name.endsWith(".md") ? [relative] : [];
  });
}

const readFromRepo = (file: string): string | undefined => {
  const full = path.join(repoRoot, file);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, "utf8") : undefined;
};

test.each([
  ["Broker metrics (`metricsEnabled`)", "broker-metrics-metricsenabled"],
  ["The offline toolchain (`npm run setup`)", "the-offline-toolchain-npm-run-setup"],
  ["Use it from your Postgres/Debezium stack", "use-it-from-your-postgresdebezium-stack"],
  ["Time to ready — not met", "time-to-ready--not-met"],
  ["A_b c.d", "a_b-cd"],
])("GitHub's anchor of the heading %j is %j", (heading, slug) => {
  expect(githubSlug(heading)).toBe(slug);
});

test("a repeated heading gets GitHub's numbered anchor; a code block's # line is no heading", () => {
  expect([...headingAnchors("# Title\n## Usage\n```bash\n# not a heading\n```\n## Usage\n")]).toEqual(["title", "usage", "usage-1"]);
});

test("a missing page, a missing anchor and an anchor on a non-Markdown file are each reported", () => {
  const pages: Record<string, string> = {
    "README.md": "[ok](docs/a.md#usage) [gone](docs/b.md) [bad](docs/a.md#nothing) [self](#title) `[code](nowhere.md)`\n# Title\n",
    "docs/a.md": "# A\n## Usage\n[up](../README.md#title) [file](../package.json#x) [web](https://example.com/x)\n",
  };
  const read = (file: string) => pages[file];
  expect(brokenLinks("/nonexistent", "README.md", read)).toEqual([
    "README.md: docs/b.md names docs/b.md, which does not exist",
    "README.md: docs/a.md#nothing names no heading of docs/a.md",
  ]);
  expect(brokenLinks(repoRoot, "docs/a.md", read)).toEqual([
    "docs/a.md: ../package.json#x has an anchor, but package.json is not a Markdown page",
  ]);
});

test("every relative link and anchor in README.md and docs/ resolves", () => {
  const pages = ["README.md", ...markdownPages("docs")];
  expect(pages).toEqual(expect.arrayContaining(["README.md", "docs/README.md", "docs/components.md"]));
  expect(pages.flatMap((page) => brokenLinks(repoRoot, page, readFromRepo))).toEqual([]);
});
