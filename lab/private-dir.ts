// The lab's machine-wide files (its lock, its namespace records) live in directories only root (or the user running
// the lab) can write: what they say is acted on as root, so no one else may place a file, or a symlink, there.
// /run/lock, /tmp and the like are writable by every user: a symlink planted there would have root write through it.
import { lstatSync, mkdirSync, type Stats } from "node:fs";

/** Why `st` is not a directory only root or this user can write, or undefined when it is. */
function unsafe(st: Stats, uid: number): string | undefined {
  if (st.isSymbolicLink()) return "a symlink";
  if (!st.isDirectory()) return "not a directory";
  if ((st.uid !== uid && st.uid !== 0) || (st.mode & 0o022) !== 0)
    return `uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)}`;
  return undefined;
}

/**
 * Checks `dir` (`what` it holds, for the message) is a directory of root or this user that no one else can write;
 * makes it (mode 0755, parents too) when `make` and it is missing. False when it is missing and not made.
 */
export function privateDir(dir: string, what: string, make: boolean): boolean {
  const uid = process.getuid?.() ?? 0;
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch {
    if (!make) return false;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
    } catch (e) {
      throw new Error(
        `lab: cannot make ${dir}, which holds ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)}); the lab runs as root (network namespaces), which can make it`,
      );
    }
    st = lstatSync(dir);
  }
  const why = unsafe(st, uid);
  if (why !== undefined)
    throw new Error(
      `lab: ${dir} holds ${what} but is not a directory of root or uid ${uid} that only its owner can write (${why}); remove it (rm -r ${dir}) and run again`,
    );
  return true;
}
