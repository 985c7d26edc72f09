// Reads a stack file as committed at a git revision: `git show <rev>:./<file>`, never through a shell.
import { execFileSync } from "node:child_process";
import { basename, dirname } from "node:path";
import { MAX_INPUT_BYTES } from "../io/input";

/**
 * Branches, tags, hashes and `HEAD~2`-style ancestry only. No leading `-` (it would be read as an option), no `:`
 * (it would change which path is read), no `..` ranges, no `@{…}`, spaces or shell characters.
 */
const REV = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/~^-]{1,100}$/;

export class RevisionError extends Error {}

export interface CommittedFile {
  /** The abbreviated commit the revision resolved to. */
  commit: string;
  /** The file's text, or undefined when it does not exist at that commit. */
  text: string | undefined;
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    // The bound of every input file (io/input.ts): a bigger committed stack file fails as a git error.
    maxBuffer: MAX_INPUT_BYTES,
  });
}

export function showAtRevision(rev: string, file: string): CommittedFile {
  if (!REV.test(rev))
    throw new RevisionError(
      `--against git:${rev}: is not a plain git revision (got ${JSON.stringify(rev)}); use a branch, tag, commit hash or HEAD~N`,
    );
  const cwd = dirname(file);
  let commit: string;
  try {
    // --end-of-options: even a validated revision is never parsed as an option.
    commit = git(cwd, [
      "rev-parse",
      "--verify",
      "--quiet",
      "--short",
      "--end-of-options",
      `${rev}^{commit}`,
    ]).trim();
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "");
    throw new RevisionError(
      /not a git repository/i.test(stderr)
        ? `--against git:${rev}: ${cwd} is not inside a git repository (got ${rev}); run from the project's clone`
        : `--against git:${rev}: names no commit (got ${rev}); check it with git log`,
    );
  }
  try {
    return { commit, text: git(cwd, ["show", `${commit}:./${basename(file)}`]) };
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "");
    if (/does not exist|exists on disk, but not in/.test(stderr))
      return { commit, text: undefined };
    throw new RevisionError(
      `--against git:${rev}: git show failed (got ${stderr.trim() || String(e)})`,
    );
  }
}
