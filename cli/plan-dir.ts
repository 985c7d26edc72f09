// The plan directory `--out`: written only where every entry is ours, named in the manifest `.bgp-fabric-plan` that
// each run writes. A refresh replaces the files it lists and removes only those of them the new plan no longer has;
// anything else in the directory (`--out .` in a checkout, an old plan without a manifest) stops the run untouched.
// Each file is written to a temporary name beside it and renamed; one lock file (O_EXCL) serializes runs.
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { PlanFile } from "../model/present/render";
import { CliError } from "./input";
import { shown } from "./load";

export const MANIFEST = ".bgp-fabric-plan";
export const LOCK = ".bgp-fabric-plan.lock";
const TMP_PREFIX = ".bgp-fabric-tmp-";
/** Who writes a directory: its manifest names it, and one tool never refreshes (or deletes) the other's files. */
export type Writer = "npm run plan" | "npm run status";
const PLAN_WRITER: Writer = "npm run plan";
/** Relative paths of plan files: no absolute path, no `..`, no hidden name (the manifest and lock are ours). */
const PLAN_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
/** How long a run waits for another run writing the same directory. */
const WAIT_MS = 120_000;

/** What `out` holds: nothing (absent or empty), our files (the manifest's list), or a reason to refuse. */
type Holding = { files: string[] } | { refused: string };

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

const FIX =
  "pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)";

function readManifest(out: string, writer: Writer): string[] | string {
  let parsed: unknown;
  try {
    const file = join(out, MANIFEST);
    if (!lstatSync(file).isFile()) return `${MANIFEST} is not a regular file`;
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    return `${MANIFEST} cannot be read (${errno(e) ?? "not JSON"})`;
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (
    (parsed as { writtenBy?: unknown } | null)?.writtenBy !== writer ||
    !Array.isArray(files) ||
    !files.every((f) => typeof f === "string" && PLAN_PATH.test(f) && !f.includes(".."))
  )
    return `${MANIFEST} is not a manifest written by ${writer}`;
  return files as string[];
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
    if (errno(e) === "ENOENT") return { files: [] };
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
  if (entries.length === 0) return { files: [] };
  if (!entries.includes(MANIFEST))
    return {
      refused: `${where}: holds files ${writer} did not write, or wrote without a ${MANIFEST} manifest (got ${entries.length} entr${entries.length === 1 ? "y" : "ies"}: ${entries.sort().slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); ${FIX}`,
    };
  const files = readManifest(out, writer);
  if (typeof files === "string") return { refused: `${where}: ${files}; ${FIX}` };
  const extra = foreign(out, new Set(files), parents(files), inFlight);
  if (extra.length > 0)
    return {
      refused: `${where}: holds ${extra.length} entr${extra.length === 1 ? "y" : "ies"} ${writer} did not write (got ${extra.slice(0, 3).join(", ")}${extra.length > 3 ? ", ..." : ""}); ${FIX}`,
    };
  return { files };
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

/** O_EXCL lock file in `out`: one writer at a time; waits for a running writer, refuses a dead one's lock. */
function lock(out: string, writer: Writer): () => void {
  const file = join(out, LOCK);
  const until = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => unlinkSync(file);
    } catch (e) {
      if (errno(e) !== "EEXIST") throw e;
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(file, "utf8"), 10);
    } catch {
      continue; // released between our open and read: try again
    }
    if (Number.isInteger(owner) && owner > 0 && !running(owner))
      throw new CliError(
        `--out ${shown(out)}: is locked by ${LOCK} of process ${owner}, which no longer runs (got an interrupted run's lock); delete ${shown(file)} and run again`,
      );
    if (Date.now() > until)
      throw new CliError(
        `--out ${shown(out)}: another ${writer} (process ${Number.isNaN(owner) ? "starting" : owner}) has been writing it for ${WAIT_MS / 1000} s (got ${LOCK}); wait for it or pass another --out`,
      );
    sleep(50);
  }
}

/** Same directory, then rename: a reader sees the old file or the new one, never half of one. */
function writeAtomic(file: string, content: string): void {
  const tmp = join(dirname(file), `${TMP_PREFIX}${process.pid}`);
  try {
    writeFileSync(tmp, content, { flag: "wx", mode: 0o644 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw e;
  }
}

function writeManifest(out: string, files: string[], writer: Writer): void {
  writeAtomic(
    join(out, MANIFEST),
    `${JSON.stringify({ writtenBy: writer, files: [...new Set(files)].sort() }, null, 2)}\n`,
  );
}

/**
 * Writes the plan into `out` (creating it), refreshing a previous plan there. Throws CliError when `out` holds
 * anything we did not write; checked again under the lock, since another run may have written meanwhile.
 */
export function writePlanDir(out: string, files: PlanFile[], writer: Writer = PLAN_WRITER): void {
  for (const f of files)
    if (!PLAN_PATH.test(f.path) || f.path.includes(".."))
      throw new CliError(`plan file ${JSON.stringify(f.path)}: is not a plain relative path`);
  const before = refusal(out, writer);
  if (before) throw new CliError(before);
  mkdirSync(out, { recursive: true });
  const unlock = lock(out, writer);
  try {
    const h = holding(out, false, writer);
    if ("refused" in h) throw new CliError(h.refused);
    const paths = files.map((f) => f.path);
    // The manifest lists old and new files while both may exist, so an interrupted run leaves a directory that is
    // still ours and that the next run refreshes.
    writeManifest(out, [...h.files, ...paths], writer);
    for (const f of files) {
      mkdirSync(join(out, dirname(f.path)), { recursive: true });
      writeAtomic(join(out, f.path), f.content);
    }
    const gone = h.files.filter((f) => !paths.includes(f));
    for (const f of gone) {
      try {
        if (lstatSync(join(out, f)).isFile()) unlinkSync(join(out, f));
      } catch (e) {
        if (errno(e) !== "ENOENT") throw e;
      }
    }
    const keep = parents(paths);
    for (const d of [...parents(gone)]
      .filter((x) => !keep.has(x))
      .sort()
      .reverse()) {
      try {
        rmdirSync(join(out, d));
      } catch {
        // not empty (then not ours to empty) or already gone
      }
    }
    writeManifest(out, paths, writer);
  } finally {
    unlock();
  }
}
