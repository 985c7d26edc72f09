// Every file the plan reads (stack files, Chart.yaml, baselines, manifests, locks) goes through here: a regular file
// below a size bound, never a FIFO (opened non-blocking, so it is refused instead of waiting for a writer), a device
// (`/dev/zero` would fill memory) or a directory, and never read past the bound whatever its size claims.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** Stack files, Chart.yaml and plan.json files are kilobytes; the bound keeps a huge file from filling memory. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** The text, or why not: a problem phrased to follow the file's name, and the errno when the system gave one. */
export type BoundedRead = { text: string } | { problem: string; code?: string };

const KIND = (st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean }) =>
  st.isDirectory()
    ? "a directory"
    : st.isFIFO()
      ? "a FIFO"
      : st.isCharacterDevice()
        ? "a character device"
        : "a device or socket";

const REASON: Record<string, string> = {
  ENOENT: "no such file",
  ENOTDIR: "a part of its path is not a directory",
  EISDIR: "is a directory",
  EACCES: "cannot be read (permission denied)",
  EPERM: "cannot be read (permission denied)",
  ELOOP: "has a symbolic link loop",
  EBUSY: "is busy",
  ENAMETOOLONG: "has too long a name",
};

function failed(e: unknown, verb: string): BoundedRead {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  return { problem: REASON[code] ?? `cannot be ${verb} (${code})`, code };
}

/** `file`'s UTF-8 text if it is a regular file of at most `max` bytes. */
export function readBounded(file: string, max = MAX_INPUT_BYTES): BoundedRead {
  const tooLarge = `is larger than ${max % 1048576 === 0 ? `${max / 1048576} MiB` : `${max} bytes`}`;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return failed(e, "opened");
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: `is not a regular file but ${KIND(st)}` };
    if (st.size > max) return { problem: tooLarge };
    // Up to the bound whatever the size claims (/proc files claim 0, a file may grow while read).
    const buf = Buffer.alloc(Math.min(max, Math.max(st.size, 65536)) + 1);
    let n = 0;
    let big = buf;
    for (let r; n < big.length && (r = readSync(fd, big, n, big.length - n, null)) > 0;) {
      n += r;
      if (n === big.length && big.length <= max) {
        const next = Buffer.alloc(Math.min(max + 1, big.length * 2));
        big.copy(next, 0, 0, n);
        big = next;
      }
    }
    if (n > max) return { problem: tooLarge };
    return { text: big.subarray(0, n).toString("utf8") };
  } catch (e) {
    return failed(e, "read");
  } finally {
    closeSync(fd);
  }
}
