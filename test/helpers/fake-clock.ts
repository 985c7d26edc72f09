// A clock of the test's for a shell script under test: `date +%s` (or `date -u +%s`) reads it and `sleep N` moves it
// N seconds on at once, so a script's bounded wait is checked in its own seconds and the unit tier does not wait them
// out. Any other use of date or sleep fails the script, so a script that needs real time cannot pass by accident.
import { readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";

// A time of the right width: scripts check a timestamp has ten digits.
const START = 1_800_000_000;

/** Installs `date` and `sleep` into `dir` (put it first on PATH); returns the seconds slept so far. */
export function installFakeClock(dir: string): () => number {
  const clock = join(dir, "clock");
  writeFileSync(clock, `${START}\n`);
  writeFileSync(
    join(dir, "date"),
    `#!/bin/sh\ncase "$*" in "+%s"|"-u +%s") cat '${clock}' ;; *) echo "date: only +%s here (got $*)" >&2; exit 2 ;; esac\n`,
  );
  writeFileSync(
    join(dir, "sleep"),
    `#!/bin/sh\ncase "$1" in ''|*[!0-9]*) echo "sleep: whole seconds only here (got $*)" >&2; exit 2 ;; esac\nc=$(cat '${clock}'); echo $((c + $1)) > '${clock}'\n`,
  );
  for (const f of ["date", "sleep"]) chmodSync(join(dir, f), 0o755);
  return () => Number(readFileSync(clock, "utf8")) - START;
}
