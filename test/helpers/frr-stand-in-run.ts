// Runs an FRR script in sh against a stand-in vtysh whose running config the stand-in model
// (test/helpers/frr-running-config.ts) changes as each transaction asks: shows answer from $RUNNING, `write memory`
// confirms, every session is Established, a transaction is logged one argument a line (ended by `--`) and applied
// by the model after the run (the scripts re-read only the BGP instance after it). Not a model of FRR beyond that.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyTransaction } from "./frr-running-config";

const VTYSH = [
  "vtysh() {",
  'case "$2" in',
  "'show running-config') cat \"$RUNNING\" ;;",
  "'write memory') echo 'Configuration saved to /etc/frr/frr.conf' ;;",
  "'show bgp neighbors '*) echo '{\"bgpState\":\"Established\"}' ;;",
  '\'configure terminal\') for a; do [ "$a" = -c ] || printf \'%s\\n\' "$a"; done >>"$TX"; echo -- >>"$TX" ;;',
  '*) echo "stand-in: unmodelled vtysh $*" >&2; return 1 ;;',
  "esac",
  "}",
].join("\n");

/** Runs `script` on a switch whose running config is `running`; returns the config after its transactions. */
export function runOnStandIn(
  script: string,
  running: string,
): { code: number; stderr: string; after: string; tx: string[][] } {
  const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-frr-run-"));
  try {
    writeFileSync(join(dir, "running"), running);
    writeFileSync(join(dir, "tx"), "");
    let code = 0;
    let stderr = "";
    try {
      execFileSync(
        "sh",
        ["-c", `${VTYSH}\n${script.replaceAll("/tmp/bgp-fabric-", `${dir}/lock-`)}`],
        {
          env: { PATH: process.env.PATH, RUNNING: join(dir, "running"), TX: join(dir, "tx") },
          stdio: ["pipe", "pipe", "pipe"],
        },
      );
    } catch (e) {
      code = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    const tx = readFileSync(join(dir, "tx"), "utf8")
      .split("--\n")
      .filter(Boolean)
      .map((t) => t.trimEnd().split("\n"));
    return { code, stderr, tx, after: tx.reduce(applyTransaction, running) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
