// The documentation holds together: the README stays short, every relative link and anchor in the README,
// ARCHITECTURE, CONTRIBUTING and docs/ resolves, and the switch command docs/switches.md quotes is the rendering.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { checkStack } from "../model/pipeline";
import { ROOT, stackConfig } from "./helpers/fixtures";

const README_LIMIT = 15_000;

/** The Markdown files whose links must resolve. */
function documents(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(ROOT, "docs", f));
  return [
    join(ROOT, "README.md"),
    join(ROOT, "ARCHITECTURE.md"),
    join(ROOT, "CONTRIBUTING.md"),
    ...docs,
  ];
}

/** Markdown outside fenced code blocks, one entry per line (fences and their contents blanked). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line;
  });
}

/** GitHub's anchor for a heading: the text as rendered, lower-cased, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  const text = heading
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, "$1");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a Markdown text offers, numbered as GitHub numbers repeated headings (`x`, `x-1`, …). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative link targets of a Markdown text (outside code), with their line numbers. */
function links(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  prose(text).forEach((line, i) => {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue; // https:, mailto:
      out.push({ target: m[1], line: i + 1 });
    }
  });
  return out;
}

/** Every link of `file` whose file or anchor does not exist, as `file:line: target (why)`. */
function brokenLinks(
  file: string,
  text: string,
  read: (path: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  for (const { target, line } of links(text)) {
    const [path, anchor] = target.split("#", 2) as [string, string | undefined];
    const to = path === "" ? file : resolve(dirname(file), decodeURI(path));
    const where = `${relative(ROOT, file)}:${line}: ${target}`;
    const content = to === file ? text : read(to);
    if (content === undefined) {
      problems.push(`${where} (no such file)`);
      continue;
    }
    if (anchor !== undefined && to.endsWith(".md") && !anchors(content).has(anchor))
      problems.push(`${where} (no such heading in ${relative(ROOT, to)})`);
  }
  return problems;
}

/** A file's text, "" for a directory, undefined when the path does not exist. */
function readPath(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  return statSync(path).isDirectory() ? "" : readFileSync(path, "utf8");
}

describe("documentation", () => {
  it(`keeps README.md under ${README_LIMIT} bytes`, () => {
    const size = statSync(join(ROOT, "README.md")).size;
    assert.ok(size <= README_LIMIT, `README.md is ${size} bytes; move detail into docs/`);
  });

  it("has no relative link to a missing file or heading", () => {
    const problems = documents().flatMap((f) => brokenLinks(f, readFileSync(f, "utf8"), readPath));
    assert.deepEqual(problems, []);
  });

  it("checks the links of every document it names (docs/ included)", () => {
    const names = documents().map((f) => relative(ROOT, f));
    for (const f of [
      "README.md",
      "ARCHITECTURE.md",
      "CONTRIBUTING.md",
      "docs/design.md",
      "docs/e2e.md",
    ])
      assert.ok(names.includes(f), f);
  });

  it("quotes in docs/switches.md the exact scripts of the neighbor command it names", () => {
    const text = readFileSync(join(ROOT, "docs", "switches.md"), "utf8");
    const quoted = (label: string) => {
      const m = new RegExp(`^${label}:\\n\\n\`\`\`sh\\n([^]*?)\`\`\`$`, "m").exec(text);
      assert.ok(m, `docs/switches.md has no ${label} block`);
      return m[1].replace(/\n$/, "");
    };
    const { plan } = checkStack(stackConfig("prod"), { requireSecrets: false });
    const command = plan.switches
      .find((s) => s.zone === "az1" && s.name === "core1")
      ?.commands.find((c) => c.name === "az1-core1-neighbor-10.1.0.21");
    assert.ok(command);
    assert.equal(quoted("`create`"), command.create);
    assert.equal(quoted("`delete`"), command.delete);
    assert.ok(
      text.includes(`its \`triggers\` are \`${JSON.stringify(command.triggers)}\``),
      JSON.stringify(command.triggers),
    );
  });
});

describe("documentation link checker", () => {
  const file = join(ROOT, "docs", "x.md");
  const other = join(ROOT, "docs", "y.md");
  const files: Record<string, string> = {
    [other]:
      "# Y\n\n## Reviewing a change: `--against`\n\n## Twice\n\n## Twice\n\n```\n## Not a heading\n```\n",
  };
  const read = (p: string) => files[p];

  it("makes GitHub's anchors: code and punctuation dropped, spaces hyphens, repeats numbered", () => {
    assert.deepEqual(
      [...anchors(files[other])],
      ["y", "reviewing-a-change---against", "twice", "twice-1"],
    );
    assert.equal(
      slug("What `npm run test:lab` asserts, with the figures measured"),
      "what-npm-run-testlab-asserts-with-the-figures-measured",
    );
    assert.equal(
      slug("Stack config reference (`bgp-fabric:` namespace)"),
      "stack-config-reference-bgp-fabric-namespace",
    );
  });

  it("fails when a link names a missing file, a missing heading, or a heading only inside code", () => {
    const text = [
      "# X",
      "[ok](y.md#twice-1) [ok](#x) [ok](https://example.net/missing) `[code](missing.md)`",
      "[file](missing.md) [anchor](y.md#nope) [fenced](y.md#not-a-heading) [self](#nope)",
    ].join("\n");
    assert.deepEqual(brokenLinks(file, text, read), [
      "docs/x.md:3: missing.md (no such file)",
      "docs/x.md:3: y.md#nope (no such heading in docs/y.md)",
      "docs/x.md:3: y.md#not-a-heading (no such heading in docs/y.md)",
      "docs/x.md:3: #nope (no such heading in docs/x.md)",
    ]);
  });
});
