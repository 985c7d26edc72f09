// What the CLIs take in and print: input files are regular files below a size bound (never a device, FIFO or
// directory), arguments hold no control characters, and every line printed has its control characters escaped.
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { readBounded } from "../model/core/bounded-read";
import { showValue } from "../model/core/errors";
import { CONTROL } from "../model/core/patterns";
import { closest } from "../model/core/spelling";

export { MAX_INPUT_BYTES } from "../model/core/bounded-read";

/** A failure the CLI prints as its one line and exits 1 on; `code` is the errno of a file that could not be read. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export { CONTROL };
const CONTROLS = new RegExp(CONTROL.source, "g");

/**
 * The text of `file`, or CliError `<what>: <problem> (got <file>); <fix>`: a regular file below the bound
 * (model/core/bounded-read.ts), never a FIFO, device or directory.
 */
export function readInput(file: string, what: string, fix: string): string {
  const r = readBounded(file);
  if ("text" in r) return r.text;
  throw new CliError(`${what}: ${r.problem} (got ${showValue(file)}); ${fix}`, r.code);
}

/** `--config`'s text: the stack file, or CliError naming what is wrong with it (a missing one: the stacks beside it). */
export function readStackFileInput(configFile: string): string {
  try {
    return readInput(configFile, "--config", "pass a Pulumi.<stack>.yaml stack file");
  } catch (e) {
    if (e instanceof CliError && e.code === "ENOENT")
      throw new CliError(missingStackFile(configFile), e.code);
    throw e;
  }
}

/** The stacks of a directory: the `<stack>` of every `Pulumi.<stack>.yaml` in it, sorted. */
export function stacksIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
}

/** A stack file that does not exist, in one line: the stacks beside it, the closest one first when it is a slip. */
export function missingStackFile(file: string): string {
  const here = stacksIn(dirname(file));
  const asked = /^Pulumi\.(.*)\.yaml$/.exec(basename(file))?.[1] ?? basename(file);
  const near = closest(asked, here);
  if (here.length === 0)
    return `${shown(file)}: no such stack file, and no Pulumi.<stack>.yaml beside it; create it or pass --config FILE`;
  return `${shown(file)}: no such stack file; the stacks beside it: ${here.join(", ")}${near ? `; did you mean ${near} (Pulumi.${near}.yaml)?` : "; pass one of them with --stack, or --config FILE"}`;
}

/** `--ssh-key`: absent (the stack's secret is read instead) or an existing file. */
export function sshKeyProblem(keyFile: string | undefined): string | undefined {
  return keyFile === undefined || existsSync(keyFile)
    ? undefined
    : `--ssh-key ${keyFile}: no such file; pass the switches' SSH private key`;
}

/** Every string argument: none may hold a control character (it would reach messages, labels and DIFF.md). */
export function argumentProblems(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [flag, v] of Object.entries(values))
    for (const s of Array.isArray(v) ? v : [v])
      if (typeof s === "string" && CONTROL.test(s))
        out.push(
          `--${flag}: holds a control or invisible character (got ${showValue(s)}); type it without one`,
        );
  return out;
}

/** Every positional argument, as argumentProblems checks flags: no control character. */
export function positionalProblems(args: string[]): string[] {
  return args.flatMap((a, i) =>
    CONTROL.test(a)
      ? [
          `argument ${i + 1}: holds a control or invisible character (got ${showValue(a)}); type it without one`,
        ]
      : [],
  );
}

/** Text for a terminal: line breaks kept, every other control or invisible character shown as `\uXXXX`. */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, (c) =>
    c === "\n" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** An unexpected failure as one line: the error's first line, never its stack. */
export function failureLine(tool: string, e: unknown): string {
  if (e instanceof CliError) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  return `${tool}: ${text.split("\n")[0]} (got ${(e as NodeJS.ErrnoException).code ?? (e as Error).name ?? "an error"}); check the path and try again`;
}

/** The CLIs' only writers: what they print reaches a terminal (or a CI log) with its control characters escaped. */
export function stdout(text: string): void {
  process.stdout.write(terminalText(text));
}

export function stderr(text: string): void {
  process.stderr.write(terminalText(text));
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r === "" ? "." : r.startsWith("..") ? path : r;
}

/** Progress goes to stderr, so stdout stays the result (text or `--format json`). */
export function progress(line: string): void {
  stderr(`${line}\n`);
}
