// The stack config reference (docs/config-reference.md), read off the zod schema: every key with its type, rule,
// default and description, so the document says what the validator does (`npm run docs:config` writes it; a test
// fails when the committed file differs).
import type { z } from "zod";
import { configSchema, type SettingMeta } from "../spec/schema";

export interface ReferenceRow {
  key: string;
  type: string;
  /** Whether it must be set when its parent is; undefined for a map entry. */
  required?: boolean;
  default?: string;
  rule: string;
  description: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = z.ZodType & { def: any; meta(): SettingMeta | undefined };

/** A schema's metadata merged from its wrappers inwards (the outermost, where a setting is placed, wins). */
function unwrap(schema: Schema): { inner: Schema; meta: Partial<SettingMeta>; optional: boolean } {
  let meta: Partial<SettingMeta> = {};
  let optional = false;
  let s = schema;
  for (;;) {
    meta = { ...(s.meta() ?? {}), ...meta };
    if (s.def.type !== "optional") break;
    optional = true;
    s = s.def.innerType as Schema;
  }
  return { inner: s, meta, optional };
}

const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
/** A default: a value in code, or words (a default derived from other settings) as they are. */
const shownDefault = (v: unknown) => (typeof v === "string" && / |`/.test(v) ? v : code(v));

/** What zod itself checks on a string or number: lengths, patterns, bounds. */
function checks(s: Schema): string[] {
  const out: string[] = [];
  for (const c of (s.def.checks ?? []) as { _zod: { def: Record<string, unknown> } }[]) {
    const d = c._zod.def;
    if (d.check === "max_length") out.push(`at most ${String(d.maximum)} characters`);
    else if (d.check === "string_format" && d.pattern instanceof RegExp)
      out.push(`matches ${code(d.pattern.source)}`);
    else if (d.check === "greater_than") out.push(`≥ ${String(d.value)}`);
    else if (d.check === "less_than") out.push(`≤ ${String(d.value)}`);
  }
  return out;
}

function typeOf(s: Schema, meta: Partial<SettingMeta>): string {
  if (meta.secret) return "secret";
  switch (s.def.type) {
    case "string":
      return "string";
    case "number":
      return (s.def.checks ?? []).some(
        (c: { _zod: { def: { format?: string } } }) => c._zod.def.format === "safeint",
      )
        ? "integer"
        : "number";
    case "boolean":
      return "boolean";
    case "enum":
      return `one of ${Object.values(s.def.entries as Record<string, string>)
        .map(code)
        .join(", ")}`;
    case "record":
      return "map";
    default:
      return "object";
  }
}

/** Every setting of the schema, depth first in the schema's order. */
export function referenceRows(schema: Schema = configSchema as unknown as Schema): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const visit = (s: Schema, key: string, entry: boolean) => {
    const { inner, meta, optional } = unwrap(s);
    if (key !== "") {
      rows.push({
        key,
        type: typeOf(inner, meta),
        ...(entry ? {} : { required: !optional }),
        ...(meta.default === undefined ? {} : { default: shownDefault(meta.default) }),
        rule: [...checks(inner), ...(meta.rule ? [meta.rule] : [])].join("; "),
        description: meta.description ?? "",
      });
    }
    if (meta.secret) return;
    if (inner.def.type === "object") {
      for (const [k, v] of Object.entries(inner.def.shape as Record<string, Schema>))
        visit(v, key === "" ? k : `${key}.${k}`, false);
    } else if (inner.def.type === "record") {
      visit(inner.def.valueType as Schema, `${key}.<${meta.key ?? "name"}>`, true);
    }
  };
  visit(schema, "", false);
  return rows;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function configReference(): string {
  const rows = referenceRows();
  return [
    "# Stack config reference (`bgp-fabric:` namespace)",
    "",
    "<!-- Generated from model/spec/schema.ts by `npm run docs:config`; test/config-reference.test.ts fails when this",
    "     file differs from the generator's output. Edit the schema's descriptions, not this file. -->",
    "",
    "Every setting of a stack file's `bgp-fabric:` namespace, in the order of the schema. `<zone>`, `<switch>`,",
    "`<node>` and `<pool>` stand for map keys, which become parts of names (the rule of a map states its keys').",
    "`required`: must be set whenever its parent is. Unknown keys are errors: a typo never silently falls back to a default. Rules between settings (no two ranges",
    "overlap, addresses inside their zone's node subnet, unique names, addresses and AS numbers) are in",
    "model/spec/spec.ts; preflight's checks of the plan are described in docs/preflight.md.",
    "",
    "| key | type | required | default | rule | description |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${cell(r.key)}\` | ${cell(r.type)} | ${r.required === undefined ? "–" : r.required ? "yes" : "no"} | ${cell(r.default ?? "–")} | ${cell(r.rule || "–")} | ${cell(r.description)} |`,
    ),
    "",
  ].join("\n");
}
