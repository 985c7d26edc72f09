// Drift drill (issue 11) on real FRR 8.4 and OpenSSH: `npm run lab -- live` reads every core switch over SSH from
// the client namespace and finds no drift after `lab up`; a neighbor deleted by hand and one added by hand in our
// peer group show up with exit 2 and exact lines; after restoring both, it is back to exit 0.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { runAll } from "../../lab/remote-command";
import { vtysh } from "../../lab/switch-frr";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const REPO = resolve(__dirname, "../..");
const figure = (line: string) => console.log(`      > ${line}`);

/** The real CLI, as an operator runs it: exit code and stdout. */
function live(...extra: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "lab/cli.ts", "live", "--run-dir", RUN_DIR, ...extra],
    { cwd: REPO, encoding: "utf8", timeout: 120_000 },
  );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe("lab drift: plan --live against real FRR 8.4 over SSH", function () {
  let lab: Lab;

  before(async function () {
    this.timeout(180_000);
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => console.log(`      ${l}`),
    });
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("after lab up: no drift and every planned session Established (exit 0)", function () {
    this.timeout(120_000);
    const r = live();
    assert.equal(r.err, "");
    const lines = lab.plan.switches.map(
      (s) =>
        `${s.zone}/${s.name}: no drift, ${s.neighbors.length}/${s.neighbors.length} planned sessions Established`,
    );
    assert.equal(
      r.out,
      [...lines, `live: ${lab.plan.switches.length} switches match the plan`, ""].join("\n"),
    );
    assert.equal(r.code, 0);
    const json = JSON.parse(live("--format", "json").out) as { drift: boolean };
    assert.equal(json.drift, false);
  });

  it("drill: a neighbor deleted by hand and one added by hand in our peer group: exit 2, exact lines, then restored", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[0];
    const gone = sw.plan.neighbors[0];
    const stranger = `${sw.plan.address.split(".").slice(0, 3).join(".")}.99`;
    assert.ok(!sw.plan.neighbors.some((n) => n.address === stranger));
    vtysh(lab.state, sw, [
      "configure terminal",
      `router bgp ${sw.plan.asn}`,
      `no neighbor ${gone.address}`,
      `neighbor ${stranger} peer-group ${gone.peerGroup}`,
      "end",
    ]);
    const r = live();
    const label = `${sw.plan.zone}/${sw.plan.name}`;
    const n = sw.plan.neighbors.length;
    const expected = [
      ...lab.plan.switches.map((s) =>
        `${s.zone}/${s.name}` === label
          ? [
              `${label}: 2 differences, ${n - 1}/${n} planned sessions Established`,
              `  missing  neighbor ${gone.address}: ${gone.node}, peer-group ${gone.peerGroup}: not on the switch`,
              `  unknown  neighbor ${stranger}: in peer-group ${gone.peerGroup}, not in the plan`,
            ].join("\n")
          : `${s.zone}/${s.name}: no drift, ${s.neighbors.length}/${s.neighbors.length} planned sessions Established`,
      ),
      `live: drift on 1 of ${lab.plan.switches.length} switches`,
      "",
    ].join("\n");
    for (const l of r.out.trimEnd().split("\n")) figure(l);
    assert.equal(r.out, expected);
    assert.equal(r.code, 2);

    // Restore: the stranger removed by hand, the deleted neighbor re-added by its own plan command.
    vtysh(lab.state, sw, [
      "configure terminal",
      `router bgp ${sw.plan.asn}`,
      `no neighbor ${stranger}`,
      "end",
    ]);
    await runAll(lab.ssh, [sw.plan], "create", (c) => c.name === gone.command);
    await lab.waitConverged(90_000);
    const back = live();
    assert.equal(back.code, 0, back.out);
    figure(`restored: ${back.out.trimEnd().split("\n").pop()}`);
  });
});
