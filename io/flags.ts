// The command line every stack CLI shares (plan, status): flags parsed strictly, control characters refused,
// --help, --format and --stack checked, each failure one line (plus the usage) and exit 1.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { showValue } from "../model/core/errors";
import { closest } from "../model/core/spelling";
import { argumentProblems, stderr, stdout } from "./input";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O }>
>["values"];

/** The parsed flags, or the exit code when the CLI must stop here (0 after --help, 1 on a bad flag). */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
): Values<O> | number {
  let values: Values<O>;
  try {
    values = parseArgs({ args: argv, options }).values;
  } catch (e) {
    stderr(`${flagError(e, Object.keys(options), usage)}\n`);
    return 1;
  }
  const bad = argumentProblems(values);
  if (bad.length > 0) {
    for (const p of bad) stderr(`${p}\n`);
    return 1;
  }
  const v = values as Record<string, unknown>;
  if (v.help === true) {
    stdout(`${usage}\n`);
    return 0;
  }
  if (v.format !== undefined && v.format !== "text" && v.format !== "json") {
    stderr(`--format must be text or json (got ${String(v.format)})\n${usage}\n`);
    return 1;
  }
  return values;
}

/** `--stack`: required, a stack name (it becomes a file name); the name, or undefined after printing why not. */
export function stackFlag(stack: string | undefined, usage: string): string | undefined {
  if (stack && /^[A-Za-z0-9_.-]+$/.test(stack)) return stack;
  stderr(`--stack is required and must be a stack name (got ${stack ?? "nothing"})\n${usage}\n`);
  return undefined;
}

/**
 * A command line parseArgs refused, as one line: an unknown option names the closest known one (`--stak` -> did you
 * mean --stack?); the rest keep parseArgs' own words. `usage`'s first line names the tool for the pointer to --help.
 */
export function flagError(e: unknown, known: string[], usage: string): string {
  const tool = /usage: (npm run [\w-]+)/.exec(usage)?.[1] ?? "the command";
  const help = `${tool} -- --help lists them`;
  const full = String((e as Error).message ?? e);
  const unknown = /^Unknown option '(.*?)'(?=\. To specify|$)/s.exec(full)?.[1];
  const message = full.split("\n")[0];
  if (unknown !== undefined) {
    const name = unknown.replace(/^-+/, "").split("=")[0];
    const near = closest(name, known);
    return `${showValue(unknown)}: is not an option of ${tool}; ${near ? `did you mean --${near}? (${help})` : help.replace("lists them", "lists the options")}`;
  }
  return `${showValue(message.replace(/\.$/, "")).replace(/^"|"$/g, "")}; ${tool} -- --help shows the usage`;
}
