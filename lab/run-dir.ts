// The run directory Lab.up empties before a run: only one a lab run made, or a new or empty one; never a folder of
// the user's that a mistyped `--run-dir` names (the lab writes only its own output, and deletes only that).
import { existsSync, lstatSync, readdirSync } from "node:fs";

/** Written into every run directory a lab run makes. */
export const RUN_DIR_MARK = ".bgp-fabric-lab-run";

/** Why the lab must not empty `dir` (one line naming it and the fix), or undefined when it may. */
export function runDirRefusal(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const fix = "pass --run-dir a new or empty directory";
  if (!lstatSync(dir).isDirectory())
    return `lab: run dir ${dir} is not a directory; the lab replaces its run dir whole, so ${fix}`;
  const entries = new Set(readdirSync(dir));
  if (entries.size === 0 || entries.has(RUN_DIR_MARK)) return undefined;
  // A run dir made before the mark: the lab's state file, or the plan and hosts folder every run writes first.
  if (entries.has("state.json") || (entries.has("plan.json") && entries.has("hosts")))
    return undefined;
  return `lab: run dir ${dir} holds files no lab run wrote (no ${RUN_DIR_MARK}); the lab empties its run dir, so ${fix}`;
}
