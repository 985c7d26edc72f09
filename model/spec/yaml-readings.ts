// How one unquoted YAML scalar reads in each reader a stack file meets: this plan (the `yaml` package, YAML 1.2 core
// schema), the Pulumi CLI that runs `pulumi up` (Go gopkg.in/yaml.v3 v3.0.1, then the SDK's config object), and a
// YAML 1.1 reader (the `yaml` package's yaml-1.1 schema: what YAML 1.1 tools and people who learnt YAML 1.1 read).
// A scalar is accepted only when the three readings are equal; quoted scalars are text in all three.
import { Schema, isScalar } from "yaml";

/** A reading as the program sees it: JSON-like values, or a value that cannot be one (described). */
export type Reading = null | boolean | number | string | { unrepresentable: string };

/**
 * The Pulumi CLI's reading. gopkg.in/yaml.v3@v3.0.1 resolve.go `resolve("", in)` for a plain scalar, followed by
 * pulumi sdk/v3@v3.248.0 go/common/resource/config/object.go `unmarshalObject` and `MarshalString`:
 * - the first byte picks the path (resolveTable): `+ - 0-9` number or timestamp, `.` float, `y Y n N t T f F o O ~`
 *   only the fixed map, anything else is text;
 * - the map: true/True/TRUE, false/False/FALSE, ""/~/null/Null/NULL, .nan/.NaN/.NAN, [+-].inf/.Inf/.INF, `<<` (merge);
 *   so `yes`, `on`, `y` are text (yaml.v3 dropped YAML 1.1's booleans);
 * - numbers: a `YYYY-` prefix is tried as a timestamp (time.Time, which the SDK turns into `2026-12-01 00:00:00 +0000
 *   UTC`); every `_` is removed, then strconv.ParseInt(s, 0, 64) (so `0x`, `0o`, `0b` and YAML 1.1's leading-zero
 *   octal `0777`), ParseUint, a YAML-style float, then `0b`/`0o` with the sign after the prefix; base-60 is text;
 * - the SDK writes ints, uints and floats as JSON (a NaN or an infinity cannot be, and the CLI fails).
 */
export function engineReading(s: string): Reading {
  const fixed = FIXED.get(s);
  if (fixed !== undefined) return fixed;
  const hint = s[0] ?? "";
  if (hint === ".") return goFloat(s) ?? s;
  if (!/^[-+0-9]/.test(hint)) return s;
  if (/^[0-9]{4}-/.test(s)) return { unrepresentable: "a timestamp" };
  const plain = s.replace(/_/g, "");
  const int = goParseInt(plain, 0);
  if (int !== undefined) return jsonInt(int);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) {
    const f = goFloat(plain);
    if (f !== undefined) return f;
  }
  for (const [prefix, base] of [
    ["0b", 2],
    ["0o", 8],
  ] as const) {
    if (plain.startsWith(prefix)) {
      const v = goParseInt(plain.slice(2), base);
      if (v !== undefined) return jsonInt(v);
    } else if (plain.startsWith(`-${prefix}`)) {
      const v = goParseInt(`-${plain.slice(3)}`, base);
      if (v !== undefined) return jsonInt(v);
    }
  }
  return s;
}

const NAN = { unrepresentable: "NaN (no JSON value)" };
const INF = { unrepresentable: "an infinity (no JSON value)" };
const FIXED = new Map<string, Reading>([
  ...["true", "True", "TRUE"].map((k) => [k, true] as const),
  ...["false", "False", "FALSE"].map((k) => [k, false] as const),
  ...["", "~", "null", "Null", "NULL"].map((k) => [k, null] as const),
  ...[".nan", ".NaN", ".NAN"].map((k) => [k, NAN] as const),
  ...["", "+", "-"].flatMap((sign) =>
    [".inf", ".Inf", ".INF"].map((k) => [sign + k, INF] as const),
  ),
  ["<<", { unrepresentable: "a merge key" }],
]);

/** A Go int64/uint64 as the program gets it: exact only within JavaScript's safe integers. */
function jsonInt(v: bigint): Reading {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : { unrepresentable: `${v} (not exact in JavaScript)` };
}

/** strconv.ParseFloat for the decimal forms that reach it (no `_`: those were removed or are refused). */
function goFloat(s: string): Reading | undefined {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined; // ParseFloat's ErrRange: yaml.v3 goes on as if it were no number
}

/** strconv.ParseInt(s, base, 64) (Go 1.13+ syntax) without underscores; undefined for a syntax or range error. */
export function goParseInt(s: string, base: 0 | 2 | 8): bigint | undefined {
  let neg = false;
  const signed = s[0] === "+" || s[0] === "-";
  if (signed) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "") return undefined;
  let radix: number = base;
  if (base === 0) {
    radix = 10;
    if (s[0] === "0") {
      const p = s.length >= 3 ? s[1]!.toLowerCase() : "";
      radix = p === "b" ? 2 : p === "o" ? 8 : p === "x" ? 16 : 8;
      s = s.slice(p === "b" || p === "o" || p === "x" ? 2 : 1);
    }
  }
  const digits = "0123456789abcdef".slice(0, radix);
  let n = 0n;
  for (const c of s.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) return undefined;
    n = n * BigInt(radix) + BigInt(d);
  }
  // ParseInt refuses beyond int64; yaml.v3 then tries ParseUint, which takes up to 2^64-1 but no sign.
  if (neg ? n > 1n << 63n : n >= 1n << 63n && (signed || n > (1n << 64n) - 1n)) return undefined;
  return neg ? -n : n;
}

const YAML_11 = new Schema({ schema: "yaml-1.1" });

/** The YAML 1.1 reading: the first yaml-1.1 tag whose pattern matches, as the `yaml` package composes a scalar. */
export function yaml11Reading(s: string): Reading {
  const tag = YAML_11.tags.find((t) => t.default === true && t.test?.test(s));
  if (!tag?.resolve) return s;
  const resolve = tag.resolve as (value: string, onError: () => void, options: object) => unknown;
  const r = resolve(s, () => undefined, {});
  return jsReading(isScalar(r) ? r.value : r);
}

/** A JavaScript value as a Reading (dates and the like are no JSON value). */
export function jsReading(v: unknown): Reading {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isNaN(v) ? NAN : Number.isFinite(v) ? v : INF;
  if (typeof v === "bigint") return jsonInt(v);
  if (v instanceof Date) return { unrepresentable: "a timestamp" };
  return { unrepresentable: String(v) };
}

export function sameReading(a: Reading, b: Reading): boolean {
  if (typeof a === "object" && a !== null) return false; // unrepresentable is never proven equal
  return Object.is(a, b); // -0 is not 0: yaml.v3 reads "-0" as the integer 0
}

/** A reading for a message: text quoted, numbers and the rest as written. */
export function showReading(r: Reading): string {
  if (typeof r === "string") return JSON.stringify(r);
  if (typeof r === "object" && r !== null) return r.unrepresentable;
  return Object.is(r, -0) ? "-0" : String(r);
}
