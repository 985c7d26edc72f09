// The health gate on real FRR 8.4, BIRD 2 and OpenSSH (docs/commit-confirm.md): a neighbor whose session cannot
// come up makes its command fail naming the address, the rollback runs, and the switch's running and saved config
// are byte-identical to before; a neighbor whose node answers is confirmed (saved) once Established; an SSH session
// dropped during the wait still ends rolled back on the switch. A base update that breaks the switch's sessions fails
// naming them and saves nothing; a harmless one passes and is saved.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { ssh } from "../../lab/remote-command";
import { waitFor } from "../../lab/sh";
import { runningConfig, vtysh } from "../../lab/switch-frr";
import type { LabSwitch } from "../../lab/topology";
import { buildPlan } from "../../model/plan/plan";
import { parseSpec } from "../../model/spec/spec";
import { readStackFile } from "../../model/spec/stack-file";
import type { SwitchCommand, SwitchPlan } from "../../model/core/types";
import type { ZonePasswords } from "../../model/spec/secrets";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const figure = (line: string) => console.log(`      > ${line}`);
/** The failing drills use a short wait; the lab stack's own plan (default 120 s) runs the passing path. */
const SHORT_WAIT = 15;

describe("lab health gate (real FRR 8.4, BIRD 2, OpenSSH)", function () {
  let lab: Lab;
  let sw: LabSwitch;
  let short: SwitchPlan;
  const cfg = () => runningConfig(lab.state, sw);
  /** The saved config files, byte for byte (FRR keeps the previous save as frr.conf.sav). */
  const saved = () =>
    ["frr.conf", "frr.conf.sav"].map((f) => {
      const p = join(RUN_DIR, "hosts", sw.ns, "etc", f);
      return existsSync(p) ? readFileSync(p) : Buffer.from("<absent>");
    });
  const master = () => lab.plan.zones.find((z) => z.name === sw.zone)!.reflectors[0];
  const command = (plan: SwitchPlan) =>
    plan.commands.find(
      (c) => c.kind === "neighbor" && c.healthCheck?.addresses[0] === master().address,
    )!;
  const state = (address: string) =>
    /"bgpState":"([A-Za-z]+)"/.exec(
      vtysh(lab.state, sw, [`show bgp neighbors ${address} json`]),
    )?.[1] ?? "absent";
  const run = (c: SwitchCommand, phase: "create" | "delete", timeoutMs = 90_000) =>
    ssh(lab.ssh, sw.plan, c[phase], phase === "create" ? c.stdin : undefined, timeoutMs);

  /** The lab switch's plan with the short wait and `extra` settings. */
  const variant = (extra: Record<string, unknown>) => {
    const { spec, warnings } = parseSpec(
      {
        ...(readStackFile(STACK) as Record<string, unknown>),
        ...extra,
        bgp: { healthCheckSeconds: SHORT_WAIT, ...(extra.bgp as object) },
      },
      { requireSecrets: false },
    );
    return buildPlan(spec, warnings).switches.find((s) => s.zone === sw.zone && s.name === sw.name);
  };
  const baseOf = (plan: SwitchPlan) => plan.commands.find((c) => c.kind === "base")!;
  const members = () =>
    [...cfg().matchAll(/^ neighbor (\S+) peer-group K8S-(?:RR|INGRESS)$/gm)].map((m) => m[1]);

  before(async function () {
    this.timeout(240_000);
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => console.log(`      ${l}`),
    });
    sw = lab.topo.switches[0];
    short = variant({})!;
    // The plan's neighbor commands carry the check; the variant differs from the lab plan only by its wait.
    assert.deepEqual(command(sw.plan).healthCheck, {
      addresses: [master().address],
      timeoutSeconds: 120,
      changeId: command(sw.plan).name,
    });
    assert.equal(command(short).healthCheck?.timeoutSeconds, SHORT_WAIT);
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("a neighbor that cannot come up fails the command naming its address, rolls back, and leaves running and saved config byte-identical", async function () {
    this.timeout(180_000);
    const m = master();
    // The change: the master's neighbor is not on the switch yet (its delete, as Pulumi would run it).
    const del = await run(command(short), "delete");
    assert.equal(del.code, 0, del.stderr);
    await lab.stopNodeProcesses(m.name);
    const running = cfg();
    const files = saved();
    const t0 = Date.now();
    const r = await run(command(short), "create");
    const took = (Date.now() - t0) / 1000;
    assert.notEqual(r.code, 0, "the create passed with the master's BIRD down");
    assert.match(
      r.stderr,
      new RegExp(
        `bgp-fabric: AS ${sw.asn} - BGP sessions not Established after ${SHORT_WAIT} s: ${m.address.replace(/\./g, "\\.")} \\([A-Za-z]+\\)`,
      ),
    );
    assert.match(
      r.stderr,
      new RegExp(`rolled back ${command(short).name}: removed from the running config`),
    );
    assert.equal(cfg(), running, "running config differs from before the change");
    assert.deepEqual(saved(), files, "saved config differs from before the change");
    assert.equal(state(m.address), "absent");
    // The gate's deadline is in whole seconds (`date +%s`): it ends up to 1 s short of the wait, never earlier.
    assert.ok(took >= SHORT_WAIT - 1 && took < SHORT_WAIT + 20, `took ${took} s`);
    figure(
      `${sw.ns}: neighbor ${m.address} (${m.name}, BIRD down) failed after ${took.toFixed(1)} s: ${r.stderr.trim().split("\n").join(" | ")}; running and saved config byte-identical`,
    );
  });

  it("an SSH session dropped during the wait still ends rolled back on the switch", async function () {
    this.timeout(180_000);
    const m = master();
    const running = cfg();
    const files = saved();
    // The client dies 3 s into the wait (SIGKILL, as a lost link would end it).
    const r = await run(command(short), "create", 3000);
    assert.notEqual(r.code, 0);
    assert.notEqual(state(m.address), "absent", "the neighbor was not applied before the drop");
    await waitFor(
      "the switch's own rollback",
      () => (state(m.address) === "absent" ? true : undefined),
      (SHORT_WAIT + 20) * 1000,
      500,
    );
    assert.equal(cfg(), running);
    assert.deepEqual(saved(), files);
    figure(
      `${sw.ns}: SSH client killed 3 s into the ${SHORT_WAIT} s wait; the switch rolled ${m.address} back on its own, running and saved config byte-identical`,
    );
  });

  it("a neighbor whose node answers is confirmed: Established, then saved", async function () {
    this.timeout(240_000);
    const m = master();
    await lab.restartNode(m.name);
    const files = saved();
    const t0 = Date.now();
    const r = await run(command(sw.plan), "create", 200_000);
    const took = (Date.now() - t0) / 1000;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(state(m.address), "Established");
    const now = saved();
    assert.notDeepEqual(now[0], files[0], "nothing was saved");
    assert.ok(now[0].toString().includes(`neighbor ${m.address} peer-group`));
    await lab.waitConverged(90_000);
    figure(
      `${sw.ns}: neighbor ${m.address} (${m.name}) Established and saved ${took.toFixed(1)} s after its create started`,
    );
  });
  it("a base update that breaks the switch's sessions fails naming them and saves nothing; a harmless one is saved", async function () {
    this.timeout(300_000);
    await lab.waitConverged(90_000);
    const up = members().filter((a) => state(a) === "Established");
    assert.ok(up.length >= 4, `only ${up.join(" ")} Established before the change`);
    // Breaking: a password on the switch's peer groups that the nodes do not have (TCP-MD5 drops every session).
    const signed = variant({ bgpPasswords: { [sw.zone]: { secure: "x" } } })!;
    const wrong: Record<string, ZonePasswords> = { [sw.zone]: "Wrong.pass1" };
    const files = saved();
    const t0 = Date.now();
    const r = await ssh(
      { ...lab.ssh, passwords: wrong },
      signed,
      baseOf(signed).create,
      baseOf(signed).stdin,
      200_000,
    );
    const took = (Date.now() - t0) / 1000;
    assert.equal(r.code, 1, r.stderr);
    // Each session it had kept, with its state word (one session wait for every FRR check: frr-shell.ts).
    assert.match(
      r.stderr,
      new RegExp(
        `bgp-fabric: ${sw.zone}/${sw.name} - the base change is in the running config but NOT saved - fix the peer-group settings and re-run pulumi up or restart frr to load the saved config - sessions not Established again after ${SHORT_WAIT} s: ${up.map((a) => `${a.replace(/\./g, "\\.")} \\([A-Za-z]+\\)`).join(" ")}\n`,
      ),
    );
    assert.deepEqual(saved(), files, "saved config differs from before the change");
    assert.ok(
      cfg().includes(" neighbor K8S-RR password Wrong.pass1\n"),
      "the change did not apply",
    );
    figure(
      `${sw.ns}: base update with a password the nodes lack failed after ${took.toFixed(1)} s naming ${up.length} sessions; saved config byte-identical`,
    );
    // The operator's fix: the plan's own base again (no password). Nothing was Established before it: passes at once.
    const fix = await run(baseOf(sw.plan), "create", 200_000);
    assert.equal(fix.code, 0, fix.stderr);
    await lab.waitConverged(120_000);
    // Harmless: other timers. The sessions survive; the change is saved.
    const timers = variant({ bgp: { keepaliveSeconds: 2 } })!;
    const before = saved();
    const t1 = Date.now();
    const h = await run(baseOf(timers), "create", 200_000);
    assert.equal(h.code, 0, h.stderr);
    assert.notDeepEqual(saved()[0], before[0], "the harmless change was not saved");
    assert.ok(saved()[0].toString().includes(" neighbor K8S-RR timers 2 "));
    for (const a of up) assert.equal(state(a), "Established", a);
    figure(
      `${sw.ns}: base update keepalive 3 -> 2 s: ${up.length} sessions kept, saved ${((Date.now() - t1) / 1000).toFixed(1)} s after its create started`,
    );
    const back = await run(baseOf(sw.plan), "create", 200_000);
    assert.equal(back.code, 0, back.stderr);
  });
});
