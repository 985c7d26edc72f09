// `npm run plan -- --live` refusals: a key file that does not exist, unpinned host keys (all listed at once, before any connection), and
// nothing written. The connected path is the lab drill (test/lab/live-drift.spec.ts).
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./run";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

describe("npm run plan -- --live", function () {
  this.timeout(60_000);
  const dir = temp("live-cli");
  const out = join(dir, "plan");
  const key = join(dir, "key");
  writeFileSync(key, "not a key\n", { mode: 0o600 });

  it("refuses an --ssh-key that does not exist (without one, the stack's secret: test/cli/status.test.ts)", () => {
    const r = runCli("plan", [
      "--stack",
      "lab",
      "--live",
      "--ssh-key",
      join(dir, "nope"),
      "--out",
      out,
    ]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      `--ssh-key ${join(dir, "nope")}: no such file; pass the switches' SSH private key\n`,
    );
    assert.equal(existsSync(out), false);
  });

  it("refuses every switch without a pinned host key, before connecting, and writes nothing", () => {
    const r = runCli("plan", ["--stack", "lab", "--live", "--ssh-key", key, "--out", out]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      [
        ["az1", "core1", "10.11.0.2"],
        ["az1", "core2", "10.11.0.3"],
        ["az2", "core1", "10.12.0.2"],
        ["az2", "core2", "10.12.0.3"],
      ]
        .map(
          ([z, s, h]) =>
            `zones.${z}.switches.${s}.sshHostKey: not pinned, so --live will not connect to ${h}; set it from ssh-keyscan -t ed25519 ${h}, or pass --insecure-host-keys\n`,
        )
        .join(""),
    );
    assert.equal(r.stdout, "");
    assert.equal(existsSync(out), false);
  });
});
