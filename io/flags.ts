// The command line every script shares (plan, zone, status, chart, docs:config, bench, lab, e2e): flags parsed
// strictly, control characters refused, --help and --format checked, each failure one line and exit 1.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { showValue } from "../model/core/errors";
import { closest } from "../model/core/spelling";
import { argumentProblems, positionalProblems, stacksIn, stderr, stdout } from "./input";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: true }>
>;
type Values<O extends Options> = Parsed<O>["values"];

/**
 * Every script's one parser: the flags and positionals, or the exit code when the script must stop here (0 after
 * --help or -h, which print the usage and write nothing else; 1 on an unknown or malformed option, one line naming
 * the closest known flag). `--help` is every script's without declaring it; `positionals` says whether it takes any.
 */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  positionals = false,
): { values: Values<O>; positionals: string[] } | number {
  const all = { ...options, ...HELP };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: all, allowPositionals: positionals });
  } catch (e) {
    stderr(`${flagError(e, Object.keys(all), usage)}\n`);
    return 1;
  }
  const bad = [...argumentProblems(parsed.values), ...positionalProblems(parsed.positionals)];
  if (bad.length > 0) {
    for (const p of bad) stderr(`${p}\n`);
    return 1;
  }
  const v = parsed.values;
  if (v.help === true) {
    stdout(`${usage}\n`);
    return 0;
  }
  const format =
    "format" in options && v.format !== undefined
      ? choiceProblem("format", String(v.format), ["text", "json"], usage)
      : undefined;
  if (format !== undefined) {
    stderr(`${format}\n`);
    return 1;
  }
  return parsed as { values: Values<O>; positionals: string[] };
}

/** parseCommand for a script without positionals: its flags, or the exit code. */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
): Values<O> | number {
  const r = parseCommand(argv, options, usage);
  return typeof r === "number" ? r : r.values;
}

/** `usage: npm run <tool> …`'s tool, which every one-line refusal points at for --help. */
function toolOf(usage: string): string {
  return /usage: (npm run [\w:-]+)/.exec(usage)?.[1] ?? "the command";
}

/**
 * A flag that takes one of a few values (`--format`, the e2e's `--node-side`): undefined when `value` is one of
 * `choices`, else one line naming them, and the closest when the value is a slip (`emulaton` -> did you mean
 * emulation?), as an unknown option names the closest flag.
 */
export function choiceProblem(
  flag: string,
  value: string,
  choices: readonly string[],
  usage: string,
): string | undefined {
  if (choices.includes(value)) return undefined;
  const near = closest(value, choices);
  const list = `${choices.slice(0, -1).join(", ")} or ${choices[choices.length - 1]}`;
  const help = `${toolOf(usage)} -- --help shows the usage`;
  return `--${flag}: must be ${list} (got ${showValue(value)}); ${near ? `did you mean ${near}? (${help})` : help}`;
}

/**
 * A command's action (its first positional) that is none of `actions`, as one line: what was given, the actions (and
 * `other`, what the command does without one), and the closest when it is a slip (`dwon` -> did you mean down?).
 * Undefined when `given` is one action alone.
 */
export function actionProblem(
  given: string[],
  actions: readonly string[],
  usage: string,
  other?: string,
): string | undefined {
  const tool = toolOf(usage);
  const help = `${tool} -- --help shows the usage`;
  const list = [...actions, ...(other === undefined ? [] : [`or ${other}`])].join(", ");
  if (given.length === 0)
    return other === undefined
      ? `${tool} needs an action (got nothing): ${list}; ${help}`
      : undefined;
  if (actions.includes(given[0]))
    return given.length === 1
      ? undefined
      : `${showValue(given.slice(1).join(" "))}: ${given[0]} takes no other argument; ${help}`;
  const near = given.length === 1 ? closest(given[0], actions) : undefined;
  return `${showValue(given.join(" "))}: is not an action of ${tool} (${list})${near ? `; did you mean ${near}?` : `; ${help}`}`;
}

/** `--stack`: required, a stack name (it becomes a file name). Undefined when it is one, else one line saying why not,
 * naming the stacks of the working directory. */
export function stackProblem(stack: string | undefined, usage: string): string | undefined {
  if (stack && /^[A-Za-z0-9_.-]+$/.test(stack)) return undefined;
  const here = stacksIn(process.cwd());
  return `--stack: is required and must be a stack name (got ${stack === undefined ? "nothing" : showValue(stack)}); ${here.length > 0 ? `the stacks here: ${here.join(", ")}` : `${toolOf(usage)} -- --help shows the usage`}`;
}

/** stackProblem for a script that stops on it: the name, or undefined after printing why not. */
export function stackFlag(stack: string | undefined, usage: string): string | undefined {
  const problem = stackProblem(stack, usage);
  if (problem === undefined) return stack;
  stderr(`${problem}\n`);
  return undefined;
}

/**
 * A command line parseArgs refused, as one line: an unknown option names the closest known one (`--stak` -> did you
 * mean --stack?); the rest keep parseArgs' own words. `usage`'s first line names the tool for the pointer to --help.
 */
export function flagError(e: unknown, known: string[], usage: string): string {
  const tool = toolOf(usage);
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
