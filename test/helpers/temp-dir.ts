// Temporary directories a test file makes, each removed after the describe block that asked for them (the file's
// root suite at its top level): a test run leaves nothing behind in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Call it where `after` can be (a describe block, or a test file's top level); it returns a maker of directories
 * `/tmp/bgp-fabric-<what>-XXXXXX`, each removed by that block's `after` hook with everything the tests wrote in it
 * (a symlink inside is removed, never followed).
 */
export function tempDirs(): (what: string) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (what) => {
    const dir = mkdtempSync(join(tmpdir(), `bgp-fabric-${what}-`));
    made.push(dir);
    return dir;
  };
}
