// The plan directory `--out`: written only where every entry is ours, named in the manifest `.bgp-fabric-plan` that
// each run writes with the SHA-256 of every file. A refresh replaces the whole directory, and only when every file
// the manifest lists still holds what we wrote; anything else (`--out .` in a checkout, an old plan without a
// manifest, a planted manifest naming someone's file) stops the run untouched. The new plan is written complete into
// a temporary directory beside `--out` and swapped in by two renames: a failed write leaves the old plan whole. One
// lock file beside the directory (O_EXCL) serializes runs.
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { readBounded } from "../model/core/bounded-read";
import type { PlanFile } from "../model/present/render";
import { CliError, shown } from "./input";
import { ownFile, ownName } from "./own-files";

export const MANIFEST = ".bgp-fabric-plan";
export const LOCK = ".bgp-fabric-plan.lock";
const TMP_PREFIX = ".bgp-fabric-tmp-";
const OLD_PREFIX = ".bgp-fabric-old-";
/** The lock of `out`: beside it (`plan/.prod.bgp-fabric-plan.lock`), since the directory itself is swapped. */
export const lockFile = (out: string): string => join(dirname(out), `.${basename(out)}${LOCK}`);
/** An empty lock older than this is an interrupted run's (a live one writes its pid right after creating it). */
const EMPTY_LOCK_MS = 5_000;
/** Who writes a directory: its manifest names it, and one tool never refreshes (or deletes) the other's files. */
export type Writer = "npm run plan" | "npm run status";
const PLAN_WRITER: Writer = "npm run plan";
/** Relative paths of plan files: no absolute path, no `..`, no hidden name (the manifest and lock are ours). */
const PLAN_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
/** How long a run waits for another run writing the same directory. */
const WAIT_MS = 120_000;

/** What `out` holds: nothing (absent or empty), our files (the manifest's list), or a reason to refuse. */
type Holding = { files: string[]; exists: boolean } | { refused: string };

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

const FIX =
  "pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)";

export const sha256 = (text: string | Buffer): string =>
  createHash("sha256").update(text).digest("hex");

/** The manifest's files with the SHA-256 each had when written, or why the manifest is not ours. */
function readManifest(out: string, writer: Writer): Map<string, string> | string {
  let parsed: unknown;
  const file = join(out, MANIFEST);
  if (!lstatSync(file).isFile()) return `${MANIFEST} is not a regular file`;
  const r = readBounded(file);
  if (!("text" in r)) return `${MANIFEST} ${r.problem}`;
  try {
    parsed = JSON.parse(r.text);
  } catch {
    return `${MANIFEST} cannot be read (not JSON)`;
  }
  const m = parsed as { writtenBy?: unknown; files?: unknown; sha256?: unknown } | null;
  const files = m?.files;
  if (
    m?.writtenBy !== writer ||
    !Array.isArray(files) ||
    !files.every((f) => typeof f === "string" && PLAN_PATH.test(f) && !f.includes(".."))
  )
    return `${MANIFEST} is not a manifest written by ${writer}`;
  const sums = m.sha256 as Record<string, unknown> | undefined;
  if (
    typeof sums !== "object" ||
    sums === null ||
    !files.every((f) => Object.hasOwn(sums, f) && /^[0-9a-f]{64}$/.test(String(sums[f])))
  )
    return `${MANIFEST} lists files without their SHA-256 (an older version wrote it, or not ${writer})`;
  const stranger = files.find((f) => !ownName(writer, f as string));
  if (stranger !== undefined)
    return `${MANIFEST} lists ${JSON.stringify(stranger).slice(0, 100)}, a file ${writer} never writes`;
  return new Map(files.map((f) => [f, String(sums[f])]));
}

/**
 * Why the first listed file is not ours to delete: content other than the manifest recorded, or content that is not
 * recognisably this writer's (the SHA-256 alone is the manifest's word, and a planted manifest can give a true one).
 */
function changed(out: string, sums: Map<string, string>, writer: Writer): string | undefined {
  for (const [f, sum] of [...sums].sort()) {
    const r = readBounded(join(out, f), 64 * 1024 * 1024);
    if (!("text" in r) ? r.code !== "ENOENT" : sha256(r.text) !== sum)
      return `${f} is not what ${writer} wrote there (its SHA-256 differs from ${MANIFEST}'s: edited, or listed by someone else)`;
    if ("text" in r && !ownFile(writer, f, r.text))
      return `${f} does not hold what ${writer} writes there (listed by someone else)`;
  }
  return undefined;
}

/** Every entry below `dir` that the manifest does not account for (directories only as parents of its files). */
function foreign(
  out: string,
  listed: Set<string>,
  dirs: Set<string>,
  inFlight: boolean,
  rel = "",
): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(out, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if (!rel && (name === MANIFEST || name === LOCK)) continue;
    // Another run's file on its way to its name; only the check under the lock must see none.
    if (inFlight && name.startsWith(TMP_PREFIX)) continue;
    const st = lstatSync(join(out, path));
    if (st.isDirectory() && dirs.has(path))
      found.push(...foreign(out, listed, dirs, inFlight, path));
    else if (!(st.isFile() && listed.has(path))) found.push(st.isDirectory() ? `${path}/` : path);
  }
  return found;
}

function parents(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const f of files) for (let d = dirname(f); d !== "."; d = dirname(d)) dirs.add(d);
  return dirs;
}

/**
 * `inFlight`: tolerate another run's temporary files (the check before taking the lock, while that run may be
 * writing); the check under the lock tolerates none.
 */
function holding(out: string, inFlight: boolean, writer: Writer): Holding {
  const where = `--out ${shown(out)}`;
  let st;
  try {
    st = statSync(out);
  } catch (e) {
    if (errno(e) === "ENOENT") return { files: [], exists: false };
    if (errno(e) === "ENOTDIR")
      return { refused: `${where}: a part of its path is not a directory (got ENOTDIR); ${FIX}` };
    throw e;
  }
  if (!st.isDirectory())
    return {
      refused: `${where}: is not a directory (got ${st.isFile() ? "a file" : "a device, FIFO or socket"}); ${FIX}`,
    };
  const entries = readdirSync(out).filter(
    (n) => n !== LOCK && !(inFlight && n.startsWith(TMP_PREFIX)),
  );
  if (entries.length === 0) return { files: [], exists: true };
  if (!entries.includes(MANIFEST))
    return {
      refused: `${where}: holds files ${writer} did not write, or wrote without a ${MANIFEST} manifest (got ${entries.length} entr${entries.length === 1 ? "y" : "ies"}: ${entries.sort().slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); ${FIX}`,
    };
  const sums = readManifest(out, writer);
  if (typeof sums === "string") return { refused: `${where}: ${sums}; ${FIX}` };
  const files = [...sums.keys()];
  const extra = foreign(out, new Set(files), parents(files), inFlight);
  if (extra.length > 0)
    return {
      refused: `${where}: holds ${extra.length} entr${extra.length === 1 ? "y" : "ies"} ${writer} did not write (got ${extra.slice(0, 3).join(", ")}${extra.length > 3 ? ", ..." : ""}); ${FIX}`,
    };
  const edited = changed(out, sums, writer);
  if (edited !== undefined) return { refused: `${where}: ${edited}; ${FIX}` };
  return { files, exists: true };
}

/** Returns a one-line message instead of writing when `out` holds anything that is not our own output. */
export function refusal(out: string, writer: Writer = PLAN_WRITER): string | undefined {
  const h = holding(out, true, writer);
  return "refused" in h ? h.refused : undefined;
}

/** Whether a process with this id runs (EPERM: it runs as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === "EPERM";
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A lock we cannot use: fail now, naming it and what to do (never spin on it, never wait with a wrong cause). */
function lockProblem(out: string, file: string, what: string): CliError {
  return new CliError(
    `--out ${shown(out)}: its lock ${shown(file)} ${what}; if no run of npm run plan or npm run status is writing ${shown(out)}, delete the lock and run again`,
  );
}

/** O_EXCL lock file beside `out`: one writer at a time; waits for a running writer, refuses a dead one's lock. */
function lock(out: string, writer: Writer): () => void {
  const file = lockFile(out);
  const until = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => unlinkSync(file);
    } catch (e) {
      if (errno(e) !== "EEXIST")
        throw new CliError(
          `--out ${shown(out)}: its lock ${shown(file)} cannot be created (got ${errno(e) ?? "an error"}); make ${shown(dirname(file))} writable or pass another --out`,
        );
    }
    // A link is no lock we made (O_EXCL never follows one, so a dangling link would be retried forever).
    let link: boolean;
    try {
      link = lstatSync(file).isSymbolicLink();
    } catch (e) {
      if (errno(e) === "ENOENT") continue; // released between our open and lstat: try again
      throw lockProblem(out, file, `cannot be examined (got ${errno(e) ?? "an error"})`);
    }
    if (link) throw lockProblem(out, file, "is a symbolic link (got not a lock file)");
    const r = readBounded(file, 64);
    if (!("text" in r)) {
      if (r.code === "ENOENT") continue; // released between our lstat and read: try again
      throw lockProblem(
        out,
        file,
        `${r.problem.replace(/^is /, "is ")} (got ${r.code ?? "not a lock file"})`,
      );
    }
    const owner = /^\d+\n?$/.test(r.text) ? Number.parseInt(r.text, 10) : NaN;
    if (r.text === "") {
      // A run writes its pid right after creating the lock; empty for longer: a run interrupted in between.
      let age = 0;
      try {
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (age > EMPTY_LOCK_MS)
        throw lockProblem(out, file, "is empty (got an interrupted run's lock)");
    } else if (!(Number.isInteger(owner) && owner > 0))
      throw lockProblem(out, file, `names no process (got ${JSON.stringify(r.text.slice(0, 20))})`);
    else if (!running(owner))
      throw new CliError(
        `--out ${shown(out)}: is locked by ${shown(file)} of process ${owner}, which no longer runs (got an interrupted run's lock); delete ${shown(file)} and run again`,
      );
    if (Date.now() > until)
      throw new CliError(
        `--out ${shown(out)}: another ${writer} (process ${Number.isNaN(owner) ? "starting" : owner}) has been writing it for ${WAIT_MS / 1000} s (got ${shown(file)}); wait for it or pass another --out`,
      );
    sleep(50);
  }
}

function manifestText(files: PlanFile[], writer: Writer): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  const sums = Object.fromEntries(sorted.map((f) => [f.path, sha256(f.content)]));
  return `${JSON.stringify({ writtenBy: writer, files: sorted.map((f) => f.path), sha256: sums }, null, 2)}\n`;
}

/** Removes what we wrote in a directory we are done with: its listed files, then its empty directories. */
function removeOurs(dir: string, files: string[]): void {
  for (const f of [...files, MANIFEST, LOCK]) {
    try {
      if (lstatSync(join(dir, f)).isFile()) unlinkSync(join(dir, f));
    } catch {
      // never written, or already gone
    }
  }
  for (const d of [...parents(files), "."].sort().reverse()) {
    try {
      rmdirSync(join(dir, d));
    } catch {
      // not empty (then not ours to empty) or already gone
    }
  }
}

/** A fresh name beside `out` for a temporary directory of this run. */
const beside = (out: string, prefix: string) =>
  join(dirname(out), `${prefix}${basename(out)}-${process.pid}-${Date.now().toString(36)}`);

/**
 * Writes the plan into `out` (creating it), replacing a previous plan there. Throws CliError when `out` holds
 * anything we did not write; checked again under the lock, since another run may have written meanwhile. The whole
 * plan or nothing: written into a directory beside `out`, then swapped in.
 */
export function writePlanDir(out: string, files: PlanFile[], writer: Writer = PLAN_WRITER): void {
  for (const f of files)
    if (!PLAN_PATH.test(f.path) || f.path.includes(".."))
      throw new CliError(`plan file ${JSON.stringify(f.path)}: is not a plain relative path`);
  const before = refusal(out, writer);
  if (before) throw new CliError(before);
  mkdirSync(dirname(out), { recursive: true });
  const unlock = lock(out, writer);
  try {
    const h = holding(out, false, writer);
    if ("refused" in h) throw new CliError(h.refused);
    // A link to the plan directory stays a link: the new plan is staged and swapped in where it points.
    const real = h.exists ? realpathSync(out) : out;
    const stage = beside(real, TMP_PREFIX);
    try {
      mkdirSync(stage, { mode: 0o755 });
      for (const f of files) {
        mkdirSync(join(stage, dirname(f.path)), { recursive: true });
        writeFileSync(join(stage, f.path), f.content, { flag: "wx", mode: 0o644 });
      }
      writeFileSync(join(stage, MANIFEST), manifestText(files, writer), {
        flag: "wx",
        mode: 0o644,
      });
    } catch (e) {
      removeOurs(
        stage,
        files.map((f) => f.path),
      );
      throw new CliError(
        `--out ${shown(out)}: the new plan could not be written (got ${errno(e) ?? (e as Error).message}); nothing changed there, fix the cause and run again`,
      );
    }
    // A directory that cannot be renamed (a mount point such as a CI volume: EBUSY/EXDEV, or a parent we may not
    // write) cannot be swapped: the staged plan goes, the old one stays, and the line says what to pass instead.
    const unswappable = (e: unknown): CliError => {
      removeOurs(
        stage,
        files.map((f) => f.path),
      );
      return new CliError(
        `--out ${shown(out)}: cannot be replaced by renaming (got ${errno(e) ?? "an error"}); nothing changed there; pass a directory inside it (a mount point cannot be renamed) or make ${shown(dirname(real))} writable`,
      );
    };
    if (!h.exists) {
      try {
        renameSync(stage, out);
      } catch (e) {
        throw unswappable(e);
      }
      return;
    }
    // Two renames: the old plan moves aside whole, the new one takes its name; then the old one's files go.
    const old = beside(real, OLD_PREFIX);
    try {
      renameSync(real, old);
    } catch (e) {
      throw unswappable(e);
    }
    try {
      renameSync(stage, real);
    } catch (e) {
      renameSync(old, real);
      throw unswappable(e);
    }
    removeOurs(old, h.files);
  } finally {
    unlock();
  }
}
