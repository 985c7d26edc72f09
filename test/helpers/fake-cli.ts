// A stand-in switch CLI for running the EOS and NX-OS scripts under real bash: `Cli` and `vsh` on PATH serve a
// running config, log every call, answer `% Invalid input` to calls matching a pattern (the way both CLIs reject a
// line and still exit 0) and switch to the "after" config once a change is committed.
import { installFakeClock } from "./fake-clock";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FAKE = `#!/bin/bash
[ "$1" = -p ] && shift 2
if [ "$1" = -c ]; then text=$2; else text=$(cat); fi
case "$text" in
  "show running-config") cat "$FAKE/running"; exit 0 ;;
  "show checkpoint summary") cat "$FAKE/checkpoints"; exit 0 ;;
  "show ip bgp neighbors "*) grep -qxF "\${text#show ip bgp neighbors }" "$FAKE/established" && cat "$FAKE/state"; exit 0 ;;
esac
printf '%s\\n--\\n' "$text" >> "$FAKE/log"
if [ -s "$FAKE/reject" ] && printf '%s\\n' "$text" | grep -qE -f "$FAKE/reject"; then echo "% Invalid input (at token 2)"; exit 0; fi
case "$text" in *"commit timer"*|*"commit"|*"configure terminal"*) [ -s "$FAKE/after" ] && cp "$FAKE/after" "$FAKE/running" ;; esac
exit 0
`;

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every CLI call except show running-config, in order. */
  calls: string[];
}

export function runOnFakeSwitch(
  script: string,
  opts: {
    running: string;
    after?: string;
    reject?: string;
    stdin?: string;
    checkpoints?: string;
    /** Neighbors whose `show ip bgp neighbors A` prints `state`. */
    established?: { addresses: string[]; state: string };
  },
): FakeRun {
  const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-fake-"));
  for (const cli of ["Cli", "vsh"]) {
    writeFileSync(join(dir, cli), FAKE);
    chmodSync(join(dir, cli), 0o755);
  }
  writeFileSync(join(dir, "running"), opts.running);
  writeFileSync(join(dir, "after"), opts.after ?? "");
  writeFileSync(join(dir, "reject"), opts.reject ?? "");
  writeFileSync(join(dir, "checkpoints"), opts.checkpoints ?? "");
  writeFileSync(join(dir, "log"), "");
  // A health check's bounded wait runs on the test's clock, not waited out.
  installFakeClock(dir);
  writeFileSync(join(dir, "established"), (opts.established?.addresses ?? []).join("\n"));
  writeFileSync(join(dir, "state"), opts.established?.state ?? "");
  // The lock file of the script lives in /tmp on the switch; here it is per run.
  const r = spawnSync(
    "bash",
    ["--norc", "--noprofile", "-c", script.replaceAll("/tmp/bgp-fabric-", `${dir}/lock-`)],
    {
      input: opts.stdin ?? "",
      env: { PATH: `${dir}:${process.env.PATH}`, FAKE: dir, HOME: dir },
      encoding: "utf8",
    },
  );
  const log = readFileSync(join(dir, "log"), "utf8");
  rmSync(dir, { recursive: true, force: true }); // this run's own directory, made above
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    calls: log === "" ? [] : log.split("\n--\n").filter((c) => c !== ""),
  };
}
