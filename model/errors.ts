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
  if (typeof value === "string") {
    const s = /^[\x21-\x7e]{1,120}$/.test(value) ? value : JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  }
  if (typeof value === "object" && value !== null && "secure" in value) return "<secret>";
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${p.problem} (got ${showValue(p.got)}); ${p.fix}`;
}

/** Thrown when the stack config is invalid; carries every problem, already sorted and formatted. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Joins a config path the way `pulumi config set --path` spells it. */
export function joinPath(parts: readonly PropertyKey[]): string {
  return parts.map((p) => String(p)).join(".") || "(root)";
}
