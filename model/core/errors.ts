// Config problems in one format: `<config path>: <what is wrong> (got <value>); <what to do>`.

export interface ConfigProblem {
  path: string;
  problem: string;
  got: unknown;
  fix: string;
}

/** Shows a config value safely: plain tokens as they are, anything with spaces or control characters JSON-escaped. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "object" && value !== null && "secure" in value) return "<secret>";
  // Plain tokens as they are; strings that read as numbers or booleans, or hold spaces, control or non-ASCII
  // characters (look-alikes), are quoted and escaped so the reader sees exactly what was written.
  const plain =
    typeof value === "string" &&
    /^[\x21-\x7e]{1,120}$/.test(value) &&
    !/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(value);
  const s = plain ? (value as string) : escapeNonAscii(JSON.stringify(value) ?? String(value));
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function escapeNonAscii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Line breaks, other controls, zero-width and bidirectional characters: each would let a value rewrite the output. */
const CONTROLS =
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The longest message line: a reader sees the path, the problem and the fix; a longer one is cut in the middle. */
export const MAX_LINE = 1000;
/** The longest config path shown: its start and its end (the setting's name) are kept, `...` in between. */
export const MAX_PATH = 160;

/** `text` cut to `max` characters in the middle, `...` marking the cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 3) / 2);
  return `${text.slice(0, head)}...${text.slice(text.length - (max - 3 - head))}`;
}

/** One line of at most MAX_LINE characters, every control character shown as `\uXXXX`: no value forges a line. */
export function oneLine(text: string, max = MAX_LINE): string {
  return shorten(
    text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    max,
  );
}

export function formatProblem(p: ConfigProblem): string {
  return oneLine(
    `${shorten(oneLine(p.path), MAX_PATH)}: ${oneLine(p.problem)} (got ${showValue(p.got)}); ${oneLine(p.fix)}`,
  );
}

/** The most problems listed: a config with more gets the first ones and a count of the rest. */
export const MAX_PROBLEMS = 200;

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_PROBLEMS) return lines;
  const more = lines.length - MAX_PROBLEMS;
  return [
    ...lines.slice(0, MAX_PROBLEMS),
    `(config): and ${more} more problem${more === 1 ? "" : "s"} (got ${more}); fix the ones above and run again`,
  ];
}

/**
 * Thrown when the stack config is invalid; carries every problem, already sorted and formatted, and the warnings
 * of the same run (preflight), listed after the problems.
 */
export class ConfigError extends Error {
  readonly problems: string[];
  readonly warnings: string[];
  constructor(problemLines: string[], warningLines: string[] = []) {
    // Every problem and warning one bounded line, whoever built it.
    const problems = capped(problemLines.map((p) => oneLine(p)));
    const warnings = warningLines.map((w) => oneLine(w));
    const list = (xs: string[]) => xs.map((p) => `  ${p}`).join("\n");
    super(
      `invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${list(problems)}${warnings.length > 0 ? `\nand ${warnings.length} warning${warnings.length === 1 ? "" : "s"}:\n${list(warnings)}` : ""}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** Joins a config path the way `pulumi config set --path` spells it. */
export function joinPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((path, part) => childPath(path, String(part)), "") || "(root)";
}

/** `zones.az1` + `masters`; a key that is not a plain word is shown escaped: `zones["Zone 1"]`. */
export function childPath(path: string, key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${escapeNonAscii(JSON.stringify(key))}]`;
}
