// Replays a documented walkthrough (docs/operations.md): its `console` blocks run in a scratch git repository whose only commit is
// Pulumi.prod.yaml, the project's code and node_modules linked in, as on a fresh clone.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";

export interface Step {
  /** The command as the document shows it (continuation lines joined). */
  command: string;
  /** The output lines the document shows; a line `…` stands for any number of lines. */
  expected: string[];
}

/** The `console` blocks of one `## ` section of a document: `$ ` starts a command, a trailing `\` continues it. */
export function steps(readme: string, section: string): Step[] {
  const start = readme.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`the document has no section "${section}"`);
  const end = readme.indexOf("\n## ", start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const out: Step[] = [];
  for (const block of text.matchAll(/```console\n([^]*?)```/g)) {
    const lines = block[1].replace(/\n$/, "").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("$ ")) {
        out[out.length - 1].expected.push(lines[i]);
        continue;
      }
      let command = lines[i].slice(2);
      while (command.endsWith("\\")) command = `${command.slice(0, -1)}${lines[++i].trimStart()}`;
      out.push({ command, expected: [] });
    }
  }
  return out;
}

/** `dir` (new, empty) made to look like a fresh clone: Pulumi.prod.yaml committed, the code and node_modules linked. */
export function scratchClone(dir: string): string {
  for (const f of ["package.json", "tsconfig.json", "cli", "model", "node_modules"])
    symlinkSync(join(ROOT, f), join(dir, f));
  copyFileSync(join(ROOT, "Pulumi.prod.yaml"), join(dir, "Pulumi.prod.yaml"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.net", ...args], {
      cwd: dir,
    });
  git("init", "-q");
  git("add", "Pulumi.prod.yaml");
  git("commit", "-q", "-m", "prod");
  return dir;
}

/** Runs one documented command with sh, as a reader would paste it; npm's own warnings about the machine are dropped. */
export function run(dir: string, command: string): string[] {
  const r = spawnSync("sh", ["-c", command], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", GIT_PAGER: "cat" },
  });
  return r.stdout
    .replace(/\n$/, "")
    .split("\n")
    .filter((l) => !l.startsWith("npm warn "));
}

/** True when `actual` is `expected` with each `…` line standing for any run of lines. */
export function matches(expected: string[], actual: string[]): boolean {
  const parts: string[][] = [[]];
  for (const l of expected)
    if (l === "…") parts.push([]);
    else parts[parts.length - 1].push(l);
  const at = (i: number, part: string[]) => part.every((l, k) => actual[i + k] === l);
  if (parts.length === 1) return expected.length === actual.length && at(0, expected);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!at(0, first) || !at(actual.length - last.length, last)) return false;
  let i = first.length;
  for (const part of parts.slice(1, -1)) {
    while (i + part.length <= actual.length - last.length && !at(i, part)) i++;
    if (i + part.length > actual.length - last.length) return false;
    i += part.length;
  }
  return i <= actual.length - last.length;
}
