// The FRR scripts cut the default instance's `router bgp <asn>` stanza out of the running config at its `exit` line.
// FRR 8.1 and later print one after every block (FRRouting/frr#9331); FRR 8.0 and older print none, and a cut there
// would run on into the VRF stanzas that follow. Run in `sh` as the scripts run it: the prologue refuses such a
// switch in one line before anything is changed, and a switch without the instance is still told to configure it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  NOTHING_TO_DELETE,
  ROLLING_BACK,
  missingInstance,
  prologue,
  verify,
} from "../../model/plan/dialects/frr-shell";

/** The running config FRR prints: the default instance, a VRF's stanza after it, with or without `exit` lines. */
function running(exits: boolean, asn = 65201): string {
  const exit = exits ? ["exit"] : [];
  return [
    "frr version 8.4",
    "!",
    `router bgp ${asn}`,
    " bgp router-id 10.11.0.2",
    " !",
    " address-family ipv4 unicast",
    "  maximum-paths ibgp 4",
    " exit-address-family",
    ...exit,
    "!",
    `router bgp ${asn} vrf red`,
    " !",
    " address-family ipv4 unicast",
    "  maximum-paths ibgp 8",
    " exit-address-family",
    ...exit,
    "!",
    "end",
    "",
  ].join("\n");
}

/** The prologue with `vtysh` answering the given running config, then `$bgp` printed; the lock is skipped (as in a rollback). */
function runPrologue(shell: string, config: string, ifMissing: string) {
  const script = [
    `vtysh() { printf '%s' "$RUNNING"; }`,
    ...prologue(65201, ifMissing, "az1/core1"),
    `printf '%s' "$bgp"`,
  ].join("\n");
  return spawnSync(shell, ["-c", script], {
    env: { PATH: process.env.PATH, RUNNING: config, [ROLLING_BACK]: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

// The switch runs them in its login shell: dash (Debian's sh) and bash.
for (const shell of ["sh", "bash"])
  describe(`FRR: the default instance's stanza, cut at its exit line (${shell})`, () => {
    it("FRR 8.1 and later: $bgp holds the default instance only, never the VRF's stanza", () => {
      const r = runPrologue(shell, running(true), missingInstance("az1/core1", 65201));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        r.stdout,
        "\n bgp router-id 10.11.0.2\n !\n address-family ipv4 unicast\n  maximum-paths ibgp 4\n exit-address-family\n",
      );
    });

    // FRR prints an instance with nothing configured in it as `router bgp <asn>` and `exit` on the next line: the
    // newline between them is the stanza's end and the exit's start at once.
    it("FRR 8.1 and later, an empty instance before a VRF's stanza: $bgp is empty, never the VRF's lines", () => {
      const config =
        "frr version 8.4\n!\nrouter bgp 65201\nexit\n!\nrouter bgp 65201 vrf red\n !\n address-family ipv4 unicast\n  maximum-paths ibgp 8\n exit-address-family\nexit\n!\nend\n";
      const r = runPrologue(shell, config, missingInstance("az1/core1", 65201));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "\n");
    });

    it("FRR 8.1 and later, an empty instance as the last block before end: read, not refused as an old FRR", () => {
      const r = runPrologue(
        shell,
        "frr version 8.4\n!\nrouter bgp 65201\nexit\n!\nend\n",
        NOTHING_TO_DELETE,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "\n");
    });

    it("FRR 8.1 and later, the instance as the last block before end", () => {
      const r = runPrologue(
        shell,
        "frr version 8.4\n!\nrouter bgp 65201\n bgp router-id 10.11.0.2\nexit\n!\nend\n",
        NOTHING_TO_DELETE,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "\n bgp router-id 10.11.0.2\n");
    });

    for (const [what, ifMissing] of [
      ["a create", missingInstance("az1/core1", 65201)],
      ["a delete", NOTHING_TO_DELETE],
    ] as const) {
      it(`FRR older than 8.1 (no exit lines): ${what} is refused in one line, exit 1, nothing read`, () => {
        const r = runPrologue(shell, running(false), ifMissing);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.equal(
          r.stderr,
          "bgp-fabric: az1/core1 prints no exit after router bgp 65201 - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed\n",
        );
      });
    }

    it("a switch without the instance: a create is told to configure it, a delete has nothing to remove", () => {
      const other = running(true, 65999);
      const create = runPrologue(shell, other, missingInstance("az1/core1", 65201));
      assert.equal(create.status, 1);
      assert.match(
        create.stderr,
        /^bgp-fabric: az1\/core1 runs no router bgp 65201 - configure the zone AS/,
      );
      const del = runPrologue(shell, other, NOTHING_TO_DELETE);
      assert.equal(del.status, 0);
      assert.equal(del.stdout, "");
    });

    // A base delete can leave the zone's instance with nothing in it: the re-read after the change must still find it
    // (else the delete fails, "did not apply completely", and saves nothing).
    it("the re-read after a change: an emptied instance is ok, one without exit lines or gone is not", () => {
      const reread = (config: string) =>
        spawnSync(
          shell,
          [
            "-c",
            [
              `vtysh() { printf '%s' "$RUNNING"; }`,
              "ok=1",
              ...verify(65201, []),
              `printf '%s' "$ok"`,
            ].join("\n"),
          ],
          { env: { PATH: process.env.PATH, RUNNING: config }, encoding: "utf8" },
        ).stdout;
      assert.deepEqual(
        [
          reread("frr version 8.4\n!\nrouter bgp 65201\nexit\n!\nend\n"),
          reread(running(false)),
          reread(running(true, 65999)),
        ],
        ["1", "0", "0"],
      );
    });
  });
