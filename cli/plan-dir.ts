// Writes a plan directory beside the target and swaps it in, so it is never half old, half new.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PlanFile } from "../model/render";

/** Returns a message instead of writing when `out` holds something that is not a plan directory. */
export function refusal(out: string): string | undefined {
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, "plan.json")))
    return `${out}: exists and is not a plan directory; refusing to replace it (pass another --out)`;
  return undefined;
}

export function writePlanDir(out: string, files: PlanFile[]): void {
  const staging = `${out}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(staging, f.path)), { recursive: true });
    writeFileSync(join(staging, f.path), f.content);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(staging, out);
}
