// `npm run chart -- mirror <chart-dir> <out-dir>`: a copy of an unpacked Helm chart that installs without a network.
// Helm validates values against values.schema.json and fetches every `$ref` by URL (nginx/kubernetes-ingress
// #5374, #7193); the copy replaces each remote `$ref`'d schema by `{}` (accept anything) and lists them in
// MIRRORED.md. It writes only into <out-dir>, which it creates (or an existing empty directory), never elsewhere.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  existsSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { chartMetadata } from "../model/spec/charts";

export class MirrorError extends Error {}

/** One schema node replaced by `{}`: where (file and JSON pointer) and what it referenced. */
export interface ReplacedRef {
  file: string;
  pointer: string;
  ref: string;
}

export interface MirrorResult {
  chart: { name: string; version: string };
  files: number;
  replaced: ReplacedRef[];
  /** Chart archives (dependencies) copied unchanged: their schemas are not rewritten. */
  archives: string[];
}

/** A `$ref` that Helm would fetch: it names a scheme (https:, http:, file:), not a place in the same document. */
const REMOTE_REF = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function pointerPart(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The schema with every node that holds a remote `$ref` replaced by `{}`; the replaced refs are collected. */
export function permissiveSchema(
  schema: unknown,
  file: string,
  replaced: ReplacedRef[],
  pointer = "",
): unknown {
  if (Array.isArray(schema))
    return schema.map((v, i) => permissiveSchema(v, file, replaced, `${pointer}/${i}`));
  if (schema === null || typeof schema !== "object") return schema;
  const node = schema as Record<string, unknown>;
  if (typeof node.$ref === "string" && REMOTE_REF.test(node.$ref)) {
    replaced.push({ file, pointer: pointer || "/", ref: node.$ref });
    return {};
  }
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      permissiveSchema(v, file, replaced, `${pointer}/${pointerPart(k)}`),
    ]),
  );
}

interface Entry {
  rel: string;
  dir: boolean;
}

/** Every directory and regular file under `root`, sorted; symlinks and special files are refused. */
function walk(root: string): Entry[] {
  const out: Entry[] = [];
  const visit = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(root, r));
      if (st.isDirectory()) {
        out.push({ rel: r, dir: true });
        visit(r);
      } else if (st.isFile()) out.push({ rel: r, dir: false });
      else
        throw new MirrorError(
          `${join(root, r)}: is a symlink or special file (got ${st.isSymbolicLink() ? "symlink" : "special file"}); unpack the chart with helm pull --untar and mirror that`,
        );
    }
  };
  visit("");
  return out;
}

function chartOf(dir: string): { name: string; version: string } {
  let text: string | undefined;
  try {
    text = readFileSync(join(dir, "Chart.yaml"), "utf8");
  } catch {
    text = undefined;
  }
  const meta = text === undefined ? undefined : chartMetadata(text);
  if (meta === undefined)
    throw new MirrorError(
      `${dir}: is not an unpacked chart (got no Chart.yaml with name and version); pass the directory helm pull --untar wrote`,
    );
  return meta;
}

/** Refuses an out dir that exists and is not empty, lies inside the chart, or whose parent does not exist. */
function checkOut(chartDir: string, outDir: string): void {
  const inside = relative(chartDir, outDir);
  if (
    inside === "" ||
    (!inside.startsWith("..") && !inside.startsWith(sep) && !/^[A-Za-z]:/.test(inside))
  )
    throw new MirrorError(
      `${outDir}: is inside the chart directory ${chartDir}; choose an out dir outside it`,
    );
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory() || readdirSync(outDir).length > 0)
      throw new MirrorError(
        `${outDir}: exists and is not an empty directory (got ${statSync(outDir).isDirectory() ? `${readdirSync(outDir).length} entries` : "a file"}); choose a new out dir (nothing is overwritten)`,
      );
  } else if (!existsSync(dirname(outDir))) {
    throw new MirrorError(
      `${outDir}: its parent directory does not exist; create ${dirname(outDir)} first`,
    );
  }
}

export function mirrorMarkdown(source: string, result: Omit<MirrorResult, "files">): string {
  const lines = [
    `# Mirrored chart ${result.chart.name} ${result.chart.version}`,
    "",
    `Written by \`npm run chart -- mirror\` from \`${source}\`. Every other file is a byte-identical copy.`,
    "",
    `Helm validates values against values.schema.json and fetches each \`$ref\` by URL, which fails without a`,
    `network (nginx/kubernetes-ingress #5374, #7193). Each schema node below referenced a remote schema and is`,
    "now `{}` (any value passes there); the values the program sets are checked by its own tests.",
    "",
    `## Replaced remote \`$ref\`s (${result.replaced.length})`,
    "",
    ...(result.replaced.length === 0
      ? ["None."]
      : result.replaced.map((r) => `- \`${r.file}#${r.pointer}\`: ${r.ref}`)),
  ];
  if (result.archives.length > 0)
    lines.push(
      "",
      "## Chart archives copied unchanged (their schemas are not rewritten)",
      "",
      ...result.archives.map((a) => `- \`${a}\``),
    );
  return `${lines.join("\n")}\n`;
}

/** Copies `chartDir` into `outDir` (created here) with permissive schemas and MIRRORED.md. */
export function mirrorChart(chartDirArg: string, outDirArg: string): MirrorResult {
  const chartDir = resolve(chartDirArg);
  const outDir = resolve(outDirArg);
  if (!existsSync(chartDir) || !statSync(chartDir).isDirectory())
    throw new MirrorError(`${chartDirArg}: is not a directory; pass an unpacked chart directory`);
  const chart = chartOf(chartDir);
  const entries = walk(chartDir);
  if (entries.some((e) => e.rel === "MIRRORED.md"))
    throw new MirrorError(
      `${chartDirArg}: already holds MIRRORED.md (got a mirror); mirror the original chart`,
    );
  checkOut(chartDir, outDir);
  // Everything is read and rewritten before the first write: a refused input leaves nothing behind.
  const replaced: ReplacedRef[] = [];
  const files = entries
    .filter((e) => !e.dir)
    .map((e) => {
      const bytes = readFileSync(join(chartDir, e.rel));
      if (basename(e.rel) !== "values.schema.json") return { rel: e.rel, bytes };
      let schema: unknown;
      try {
        schema = JSON.parse(bytes.toString("utf8"));
      } catch (err) {
        throw new MirrorError(
          `${join(chartDirArg, e.rel)}: is not valid JSON (got ${(err as Error).message}); fix or re-download the chart`,
        );
      }
      const before = replaced.length;
      const out = permissiveSchema(schema, e.rel, replaced);
      return replaced.length === before
        ? { rel: e.rel, bytes }
        : { rel: e.rel, bytes: Buffer.from(`${JSON.stringify(out, null, 2)}\n`) };
    });
  const archives = files.filter((f) => f.rel.endsWith(".tgz")).map((f) => f.rel);
  if (!existsSync(outDir)) mkdirSync(outDir);
  for (const e of entries) if (e.dir) mkdirSync(join(outDir, e.rel));
  // `wx`: never overwrite, even if something appeared meanwhile.
  for (const f of files) writeFileSync(join(outDir, f.rel), f.bytes, { flag: "wx" });
  writeFileSync(
    join(outDir, "MIRRORED.md"),
    mirrorMarkdown(chartDirArg, { chart, replaced, archives }),
    { flag: "wx" },
  );
  return { chart, files: files.length + 1, replaced, archives };
}
