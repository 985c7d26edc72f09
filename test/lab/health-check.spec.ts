// The health gate on real FRR 8.4, BIRD 2 and OpenSSH (docs/commit-confirm.md): a neighbor whose session cannot
// come up makes its command fail naming the address, the rollback runs, and the switch's running and saved config
// are byte-identical to before; a neighbor whose node answers is confirmed (saved) once Established; an SSH session
// dropped during the wait still ends rolled back on the switch.
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

  before(async function () {
    this.timeout(240_000);
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => console.log(`      ${l}`),
    });
    sw = lab.topo.switches[0];
    const { spec, warnings } = parseSpec(
      {
        ...(readStackFile(STACK) as Record<string, unknown>),
        bgp: { healthCheckSeconds: SHORT_WAIT },
      },
      { requireSecrets: false },
    );
    short = buildPlan(spec, warnings).switches.find(
      (s) => s.zone === sw.zone && s.name === sw.name,
    )!;
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
});
