// Drift and status drills (issue 11) on real FRR 8.4, BIRD 2 and OpenSSH: `npm run lab -- live` reads every core
// switch over SSH from the client namespace and finds no drift after `lab up`; a neighbor deleted by hand and one
// added by hand in our peer group show up with exit 2 and exact lines; after restoring both, it is back to exit 0.
// `npm run lab -- status` says every zone OK (exit 0); with one ingress node's BIRD stopped, its zone is DEGRADED
// and the verdict names the node (exit 2); restarted, OK again. On the `--md5` lab both read the passwords as set,
// match the plan, and never print one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { perSwitchPasswords } from "../../lab/passwords";
import { planFromStack } from "../../lab/plan-source";
import { runAll } from "../../lab/remote-command";
import { vtysh } from "../../lab/switch-frr";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const REPO = resolve(__dirname, "../..");
const figure = (line: string) => console.log(`      > ${line}`);

/** The real CLI, as an operator runs it: exit code and stdout. */
function labCli(
  command: "live" | "status",
  ...extra: string[]
): { code: number; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "lab/cli.ts",
      command,
      "--run-dir",
      RUN_DIR,
      ...extra,
    ],
    { cwd: REPO, encoding: "utf8", timeout: 120_000 },
  );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const live = (...extra: string[]) => labCli("live", ...extra);
const status = (...extra: string[]) => labCli("status", ...extra);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each zone's OK line: every planned session of its switches, each LB /32 via all its ingress nodes. */
function okLines(lab: Lab): string[] {
  return lab.plan.zones.map((z) => {
    const sessions = lab.plan.switches
      .filter((s) => s.zone === z.name)
      .reduce((n, s) => n + s.neighbors.length, 0);
    return `${z.name}: OK — ${sessions}/${sessions} sessions Established, ${lab.loadBalancerIps().join(", ")} via ${z.ingressNodes.length}/${z.ingressNodes.length} ingress nodes`;
  });
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

  it("status: every zone OK (exit 0); one ingress node's BIRD stopped: its zone DEGRADED, named (exit 2); back to OK", async function () {
    this.timeout(180_000);
    const ok = status();
    assert.equal(
      ok.out,
      [...okLines(lab), `status: ${lab.plan.zones.length} zones OK`, ""].join("\n"),
    );
    assert.equal(ok.code, 0);
    const picture = join(RUN_DIR, "status");
    assert.equal(
      ok.err,
      `status picture -> ${picture} (status.svg, status.dot, status.txt, status.json)\n`,
    );
    for (const l of ok.out.trimEnd().split("\n")) figure(l);

    const zone = lab.plan.zones[0];
    const node = zone.ingressNodes[0];
    await lab.stopNodeProcesses(node.name);
    // BIRD's orderly stop closes its sessions at once; the switches withdraw its /32 next hop.
    let down = status();
    for (let i = 0; i < 30 && down.code !== 2; i++) {
      await sleep(1000);
      down = status();
    }
    for (const l of down.out.trimEnd().split("\n")) figure(l);
    const switches = lab.plan.switches.filter((s) => s.zone === zone.name);
    const sessions = switches.reduce((n, s) => n + s.neighbors.length, 0);
    const others = zone.ingressNodes.filter((n) => n !== node);
    const verdict = new RegExp(
      `^${zone.name}: DEGRADED — ${sessions - switches.length}/${sessions} sessions Established \\(${switches
        .map((s) => `${s.name} ${node.name} (Active|Connect|Idle)`)
        .join(
          ", ",
        )}\\), ${lab.loadBalancerIps()[0].replace(/\./g, "\\.")} via ${others.length}/${zone.ingressNodes.length} ingress nodes \\(${node.name} drained\\)$`,
    );
    assert.match(down.out.split("\n")[0], verdict);
    assert.equal(
      down.out.trimEnd().split("\n").pop(),
      `status: 1 of ${lab.plan.zones.length} zones DEGRADED`,
    );
    assert.equal(down.code, 2);
    const svg = readFileSync(join(picture, "status.svg"), "utf8");
    assert.match(svg, /DRAINED: no \/32 next hop/);
    assert.match(svg, />down</);

    await lab.restartNode(node.name);
    await lab.waitConverged(90_000);
    const back = status();
    assert.equal(back.code, 0, back.out);
    figure(`restarted: ${back.out.trimEnd().split("\n").pop()}`);
  });
});

describe("lab drift and status with TCP-MD5 (--md5): passwords read as set, never printed", function () {
  let passwords: string[];
  let lab: Lab;

  before(async function () {
    this.timeout(180_000);
    const byZone = perSwitchPasswords(planFromStack(STACK));
    passwords = Object.values(byZone).flatMap((z) =>
      typeof z === "string" ? [z] : Object.values(z),
    );
    lab = await Lab.up({ stackFile: STACK, runDir: RUN_DIR, passwords: byZone });
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("live: no drift, the plan's passwords set on every group; status: every zone OK; no password in any output", function () {
    this.timeout(120_000);
    const plan = JSON.parse(readFileSync(join(RUN_DIR, "plan.json"), "utf8")) as Lab["plan"];
    assert.ok(plan.switches.every((s) => s.peerGroups.every((g) => g.passwordRef !== undefined)));
    const l = live();
    assert.equal(l.code, 0, l.out);
    assert.match(l.out, /^live: 4 switches match the plan$/m);
    const j = live("--format", "json");
    const st = status();
    assert.equal(st.code, 0, st.out);
    figure(st.out.trimEnd().split("\n").pop()!);
    const files = ["status.txt", "status.json", "status.dot", "status.svg"].map((f) =>
      readFileSync(join(RUN_DIR, "status", f), "utf8"),
    );
    for (const text of [l.out, l.err, j.out, st.out, st.err, ...files])
      for (const p of passwords) assert.ok(!text.includes(p), "a password was printed");
    assert.ok(existsSync(join(RUN_DIR, "status", "status.svg")));
  });

  it("live: a password removed by hand on a switch reads as unset against the plan's set, still without a value", function () {
    this.timeout(60_000);
    const sw = lab.topo.switches[0];
    const group = sw.plan.peerGroups[0].name;
    vtysh(lab.state, sw, [
      "configure terminal",
      `router bgp ${sw.plan.asn}`,
      `no neighbor ${group} password`,
      "end",
    ]);
    const r = live();
    const block = r.out
      .split(/\n(?=\S)/)
      .find((b) => b.startsWith(`${sw.plan.zone}/${sw.plan.name}:`))!;
    figure(block.split("\n").find((l) => l.includes("password"))!);
    assert.ok(
      block.split("\n").includes(`  changed  peer-group ${group}: password unset (plan (set))`),
      block,
    );
    assert.equal(r.code, 2);
    for (const p of passwords)
      assert.ok(!r.out.includes(p) && !r.err.includes(p), "a password was printed");
  });
});
