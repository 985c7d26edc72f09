// EOS and NX-OS transactions under the switch double (test/doubles/switch-double.sh): the rendered scripts run under
// real bash against `Cli` / `vsh` doubles whose state (running config, sessions, checkpoints) persists across runs.
// Every failure path: a run killed mid-transaction then run again, stale sessions and checkpoints, each refusal
// form, a failed health check, a failed commit, a failed abort or rollback. The double models the vendors' documented
// behaviour (docs/dialects.md#the-switch-doubles); it shows what the scripts do under it, not what a device does.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { eos } from "../../model/plan/dialects/eos";
import { nxos } from "../../model/plan/dialects/nxos";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { REFUSALS } from "../../model/plan/dialects/cli-transaction";
import type { Dialect } from "../../model/plan/dialects/dialect";
import { SwitchDouble } from "../helpers/switch-double";
import { baseInput } from "../helpers/switch-input";

const LABEL = "z1/sw1";
const ADDRESS = "10.0.0.21";
const NAME = /^bgp-fabric-z1-sw1-neighbor-10\.0\.0\.21-[0-9]{10}-[0-9a-f]{8}$/;

interface Case {
  dialect: Dialect;
  /** The switch with our peer group / template, before the neighbor. */
  before: string;
  /** ... and with the neighbor. */
  after: string;
  /** The name of the change in an invocation, if it names one. */
  nameIn: (call: string) => string | undefined;
}

const CASES: Case[] = [
  {
    dialect: eos,
    before:
      "hostname sw1\n!\nrouter bgp 65001\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n!\nend\n",
    after:
      "hostname sw1\n!\nrouter bgp 65001\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n   neighbor 10.0.0.21 peer group K8S-INGRESS\n   neighbor 10.0.0.21 description bgp-fabric ingress in1\n!\nend\n",
    nameIn: (c) => /^configure session (\S+)/.exec(c)?.[1],
  },
  {
    dialect: nxos,
    before:
      "hostname sw1\nrouter bgp 65001\n  no graceful-restart\n  template peer K8S-INGRESS\n    description bgp-fabric z1 ingress nodes\nline vty\n",
    after:
      "hostname sw1\nrouter bgp 65001\n  no graceful-restart\n  template peer K8S-INGRESS\n    description bgp-fabric z1 ingress nodes\n  neighbor 10.0.0.21\n    inherit peer K8S-INGRESS\n    description bgp-fabric ingress in1\nline vty\n",
    nameIn: (c) => /^(?:no )?checkpoint (\S+)$/.exec(c)?.[1],
  },
];

/** The neighbor command as the plan composes it: create + health gate (2 s) + confirm, and its delete. */
function command(d: Dialect, timeoutSeconds = 1) {
  const n = d.neighbor({
    label: LABEL,
    changeId: "z1-sw1-neighbor-10.0.0.21",
    asn: 65001,
    address: ADDRESS,
    peerGroup: "K8S-INGRESS",
    description: "bgp-fabric ingress in1",
    gracefulRestart: false,
  });
  const check = { addresses: [ADDRESS], timeoutSeconds, changeId: n.changeId! };
  return {
    create: gatedCreate(d, {
      label: LABEL,
      asn: 65001,
      changeId: n.changeId!,
      create: n.create,
      delete: n.delete,
      check,
    }),
    delete: n.delete,
  };
}

/** A switch where the neighbor's session comes up once the change is live. */
function healthy(c: Case): SwitchDouble {
  return new SwitchDouble(c.before).write("after", c.after).write("established", `${ADDRESS}\n`);
}

/** Nothing of bgp-fabric left that could be committed or rolled back to. */
function clean(sw: SwitchDouble): void {
  assert.deepEqual(sw.pending(), [], "pending EOS sessions");
  assert.deepEqual(sw.checkpoints(), [], "NX-OS checkpoints");
}

for (const c of CASES) {
  const os = c.dialect.name;
  describe(`${os} transactions under the switch double`, () => {
    it("two runs of the same command use different change names, each validated, and leave nothing behind", () => {
      const sw = healthy(c);
      const names: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        sw.write("running", c.before);
        const r = sw.run(command(c.dialect).create);
        assert.deepEqual([r.code, r.stderr], [0, ""]);
        assert.equal(sw.read("running"), c.after);
        assert.equal(sw.read("startup"), c.after);
        const used = [...new Set(r.calls.map(c.nameIn).filter((n) => n !== undefined))];
        assert.equal(used.length, 1, used.join(" "));
        assert.match(used[0], NAME);
        names.push(used[0]);
        clean(sw);
      }
      assert.notEqual(names[0], names[1]);
    });

    it("sends every line in one CLI invocation", () => {
      const sw = healthy(c);
      const r = sw.run(command(c.dialect).create);
      assert.equal(r.code, 0, r.stderr);
      const configs = r.calls.filter((x) => x.includes("\nrouter bgp 65001\n"));
      assert.equal(configs.length, 1, r.calls.join("\n--\n"));
    });

    it("fails when a line is refused, in each form EOS and NX-OS use, and leaves the switch as it was", () => {
      for (const form of REFUSALS) {
        const sw = healthy(c);
        sw.write("reject", "description bgp-fabric ingress in1$").write(
          "form",
          `${form.example}\n`,
        );
        const r = sw.run(command(c.dialect).create);
        assert.equal(r.code, 1, form.re);
        assert.match(r.stderr, /the switch refused the change:\n/, form.re);
        assert.ok(r.stderr.includes(form.example), `${form.re}: ${r.stderr}`);
        assert.equal(sw.read("running"), c.before, form.re);
        clean(sw);
      }
    });

    it("shows what the switch refused even when the undo of that refusal fails too", () => {
      const sw = healthy(c)
        .write("reject", "description bgp-fabric ingress in1$")
        .write(os === "eos" ? "fail-abort" : "fail-rollback", "% Error: busy\n");
      const r = sw.run(command(c.dialect).create);
      assert.equal(r.code, 1);
      const refusal =
        os === "eos" ? "% Invalid input (at token 2)" : "% Invalid command at '^' marker.";
      assert.ok(
        r.stderr.startsWith(`bgp-fabric: z1/sw1 - the switch refused the change:\n${refusal}\n`),
        r.stderr,
      );
      assert.match(
        r.stderr,
        os === "eos" ? /ABORT FAILED .*% Error: busy/ : /ROLLBACK FAILED .*% Error: busy/,
      );
    });

    it("fails when the session does not come up: rolls the change back and leaves nothing", () => {
      const sw = healthy(c).write("established", "");
      const r = sw.run(command(c.dialect).create);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /not Established after 1 s: 10\.0\.0\.21\n/);
      assert.match(r.stderr, /nothing saved\n$/);
      assert.equal(sw.read("running"), c.before);
      assert.equal(sw.read("startup"), c.before);
      clean(sw);
    });

    it("a run killed mid-transaction leaves what the next run cleans up before its own change", () => {
      // EOS: killed after the timed commit (the change live, unconfirmed); NX-OS: after the apply (checkpoint kept).
      const sw = healthy(c).write("kill-at", os === "eos" ? "commit timer" : "^configure terminal");
      const killed = sw.run(command(c.dialect).create);
      assert.equal(killed.signal, "SIGKILL");
      assert.equal(sw.read("running"), c.after);
      const left = os === "eos" ? sw.pending() : sw.checkpoints();
      assert.equal(left.length, 1);
      const again = sw.run(command(c.dialect).create);
      assert.deepEqual([again.code, again.stderr], [0, ""]);
      const stale = left[0].split(" ")[0];
      assert.ok(
        again.stdout.includes(
          os === "eos"
            ? `aborted the stale session ${stale} of an earlier run that did not finish (never committed)`
            : `dropped the stale checkpoint ${stale} of an earlier run that did not finish (never rolled back to)`,
        ),
        again.stdout,
      );
      assert.ok(
        !again.calls.some(
          (x) =>
            x.includes(`${stale} commit`) ||
            (x.endsWith(`checkpoint ${stale}`) && x.startsWith("rollback")),
        ),
      );
      assert.equal(sw.read("running"), c.after);
      clean(sw);
    });

    it("a dropped SSH session (SIGHUP, every write failing) runs the change to its end, confirmed or undone", async () => {
      // The drop comes once the change is live (EOS: the timed commit; NX-OS: the apply); an earlier run's leftover
      // is there too, so the cleanup's report also meets the closed output.
      const stale = "bgp-fabric-z1-sw1-neighbor-10.0.0.21-1700000000-0badc0de";
      const at = os === "eos" ? "commit timer" : "^configure terminal";
      for (const up of [true, false]) {
        const sw = healthy(c).write("hup-at", at);
        if (!up) sw.write("established", "");
        if (os === "eos") sw.staleSession(stale, "STALE\n", "pending");
        else sw.staleCheckpoint(stale, "STALE\n");
        const r = await sw.runDropped(command(c.dialect).create);
        assert.equal(sw.read("hup-at"), "", "the drop happened");
        assert.deepEqual([up, r.signal, r.code], [up, null, up ? 0 : 1]);
        assert.equal(sw.read("running"), up ? c.after : c.before);
        assert.equal(sw.read("startup"), up ? c.after : c.before);
        clean(sw);
      }
    });

    it("never commits or rolls back to a stale change, even when its own change fails", () => {
      const sw = healthy(c).write("reject", "description bgp-fabric ingress in1$");
      const stale = "bgp-fabric-z1-sw1-neighbor-10.0.0.21-1700000000-0badc0de";
      if (os === "eos") sw.staleSession(stale, "STALE\n", "pending");
      else sw.staleCheckpoint(stale, "STALE\n");
      // Another switch's change (another zone on the same device) is not ours to touch.
      const other = "bgp-fabric-z2-sw9-bgp-base-1700000000-00000000";
      if (os === "eos") sw.staleSession(other, "OTHER\n", "pending");
      else sw.staleCheckpoint(other, "OTHER\n");
      const r = sw.run(command(c.dialect).create);
      assert.equal(r.code, 1);
      assert.equal(sw.read("running"), c.before);
      assert.ok(!r.calls.some((x) => x.includes(other)));
      assert.ok(
        !r.calls.some((x) => /commit|^rollback/.test(x) && x.includes(stale)),
        r.calls.join("\n"),
      );
      if (os === "eos") assert.deepEqual(sw.pending(), [`${other} pending`]);
      else assert.deepEqual(sw.checkpoints(), [other]);
    });

    it("after creates, deletes and failures no session or checkpoint is left, and the operator's are untouched", () => {
      // The switch already holds the operator's 9 checkpoints (NX-OS keeps at most 10) or 4 pending sessions (EOS
      // keeps at most 5): one leaked by a cycle makes the next cycle's change fail.
      const sw = healthy(c);
      const theirs = Array.from({ length: os === "eos" ? 4 : 9 }, (_, i) => `operator-${i}`);
      for (const t of theirs)
        if (os === "eos") sw.staleSession(t, "X\n", "pending");
        else sw.staleCheckpoint(t, "X\n");
      for (let i = 0; i < 3; i += 1) {
        sw.write("after", c.after);
        if (i === 1) {
          sw.write("established", "");
          assert.equal(sw.run(command(c.dialect).create).code, 1);
          sw.write("established", `${ADDRESS}\n`);
        }
        const r = sw.run(command(c.dialect).create);
        assert.deepEqual([i, r.code, r.stderr], [i, 0, ""]);
        sw.write("after", c.before);
        const d = sw.run(command(c.dialect).delete);
        assert.deepEqual([i, d.code, d.stderr], [i, 0, ""]);
        assert.equal(sw.read("running"), c.before);
        assert.equal(sw.read("startup"), c.before);
      }
      if (os === "eos")
        assert.deepEqual(
          sw.pending(),
          theirs.map((t) => `${t} pending`),
        );
      else assert.deepEqual(sw.checkpoints(), theirs);
    });
  });
}

describe("EOS: failed commit and failed abort", () => {
  const c = CASES[0];
  it("fails when the commit is refused: the session is aborted, nothing changed", () => {
    const sw = healthy(c).write(
      "fail-commit",
      "% Commit failed: configuration lock held by another session\n",
    );
    const r = sw.run(command(eos).create);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /the commit failed: % Commit failed: configuration lock held by another session\n- session aborted - nothing changed\n$/,
    );
    assert.equal(sw.read("running"), c.before);
    clean(sw);
  });

  it("fails when the abort of a rollback is refused, says what to do, and the next run aborts the session", () => {
    const sw = healthy(c).write("established", "").write("fail-abort", "% Error: session busy\n");
    const r = sw.run(command(eos).create);
    assert.equal(r.code, 1);
    const [left] = sw.pending();
    const name = left.split(" ")[0];
    assert.equal(left, `${name} pendingCommitTimer`);
    assert.ok(
      r.stderr.includes(
        `bgp-fabric: z1/sw1 - ABORT FAILED for configuration session ${name}: % Error: session busy - abort it by hand: configure session ${name} abort (a committed change is also rolled back when its commit timer ends)`,
      ),
      r.stderr,
    );
    rmSync(join(sw.dir, "fail-abort"));
    sw.write("established", `${ADDRESS}\n`);
    const again = sw.run(command(eos).create);
    assert.deepEqual([again.code, again.stderr], [0, ""]);
    assert.ok(again.calls.includes(`configure session ${name} abort`));
    assert.equal(sw.read("running"), c.after);
    clean(sw);
  });

  it("a commit timer that runs out rolls the change back on the switch (the double's clock moved on)", () => {
    const sw = healthy(c).write("kill-at", "commit timer");
    sw.run(command(eos).create);
    assert.equal(sw.read("running"), c.after);
    sw.write("clock-offset", "601");
    sw.run("Cli -p 15 -c 'show running-config' >/dev/null");
    assert.equal(sw.read("running"), c.before);
    clean(sw);
  });
});

describe("NX-OS: failed rollback", () => {
  const c = CASES[1];
  it("keeps the checkpoint, says what to do, and refuses every later run until the operator has done it", () => {
    const sw = healthy(c).write("established", "").write("fail-rollback", "Rollback failed.\n");
    const r = sw.run(command(nxos).create);
    assert.equal(r.code, 1);
    const [kept] = sw.checkpoints();
    assert.match(kept, NAME);
    assert.ok(
      r.stderr.includes(
        `bgp-fabric: z1/sw1 - ROLLBACK FAILED - the running config may still hold the change - checkpoint ${kept} is kept as the only way back: run rollback running-config checkpoint ${kept} and check show running-config, then no checkpoint ${kept} and rm ${sw.dir}/tmp-bgp-fabric-z1-sw1-rollback-failed - no bgp-fabric change runs on this switch until then: Rollback failed.`,
      ),
      r.stderr,
    );
    assert.ok(!r.calls.includes(`no checkpoint ${kept}`));
    const later = sw.run(command(nxos).create);
    assert.equal(later.code, 1);
    assert.match(
      later.stderr,
      new RegExp(`an earlier rollback failed and kept checkpoint ${kept} `),
    );
    assert.deepEqual(later.calls, []);
    assert.deepEqual(sw.run(command(nxos).delete).calls, []);
    assert.deepEqual(sw.checkpoints(), [kept]);
  });

  it("reports a failed save even when the drop of the checkpoint fails too", () => {
    const sw = healthy(c)
      .write("fail-save", "% Error: bootflash full\n")
      .write("fail-nocheckpoint", "% Error: busy\n");
    const r = sw.run(command(nxos).create);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /copy running-config startup-config failed - the change is in the running config but not saved: % Error: bootflash full\n.*could not drop checkpoint \S+ \(the next run drops it\): % Error: busy\n$/,
    );
    assert.equal(sw.read("running"), c.after);
    assert.equal(sw.read("startup"), c.before);
  });

  it("fails when the checkpoint cannot be taken (the 10 are in use), having changed nothing", () => {
    const sw = healthy(c);
    for (let i = 0; i < 10; i += 1) sw.staleCheckpoint(`operator-${i}`, "X\n");
    const r = sw.run(command(nxos).create);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /could not take checkpoint \S+: ERROR: Maximum number of checkpoints \(10\) reached - nothing changed/,
    );
    assert.equal(sw.read("running"), c.before);
    assert.equal(sw.checkpoints().length, 10);
  });
});

describe("EOS and NX-OS base: health-checked like a neighbor change", () => {
  const withMember = {
    eos: "hostname sw1\n!\nrouter bgp 65001\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n   neighbor 10.0.0.21 peer group K8S-INGRESS\n   neighbor 10.0.0.21 description bgp-fabric ingress in1\n!\nend\n",
    nxos: "hostname sw1\nrouter bgp 65001\n  no graceful-restart\n  template peer K8S-INGRESS\n    description bgp-fabric z1 ingress nodes\n  neighbor 10.0.0.21\n    inherit peer K8S-INGRESS\n    description bgp-fabric ingress in1\nline vty\n",
  };
  const changed = (os: "eos" | "nxos") =>
    withMember[os].replace(
      os === "eos" ? "router bgp 65001\n" : "router bgp 65001\n",
      os === "eos"
        ? "router bgp 65001\n   neighbor K8S-RR password 7 x\n   neighbor K8S-INGRESS password 7 y\n"
        : "router bgp 65001\n  template peer K8S-RR\n",
    );
  for (const d of [eos, nxos]) {
    const os = d.name as "eos" | "nxos";
    const base = () =>
      d.base({ ...baseInput, sessionCheck: { settleSeconds: 0, timeoutSeconds: 1 } });
    const stdin = () => base().stdinTemplate!.replaceAll("<secret>", "pw-test");
    const create = () =>
      gatedCreate(d, {
        label: LABEL,
        asn: 65001,
        changeId: base().changeId!,
        create: base().create,
        delete: base().delete,
      });

    it(`${os}: undoes a base change after which a session that was up does not come back`, () => {
      const sw = new SwitchDouble(withMember[os])
        .write("after", changed(os))
        .write("established", `${ADDRESS}\n`)
        .write("drop-on-change", `${ADDRESS}\n`);
      const r = sw.run(create(), stdin());
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /bgp-fabric: z1\/sw1 - the base change was undone - sessions not Established again after 1 s: 10\.0\.0\.21\n/,
      );
      assert.equal(sw.read("running"), withMember[os]);
      assert.equal(sw.read("startup"), withMember[os]);
      assert.ok(!r.stdout.includes("pw-test") && !r.stderr.includes("pw-test"));
      clean(sw);
    });

    it(`${os}: confirms a base change after which the sessions are up again`, () => {
      const sw = new SwitchDouble(withMember[os])
        .write("after", changed(os))
        .write("established", `${ADDRESS}\n`);
      const r = sw.run(create(), stdin());
      assert.deepEqual([r.code, r.stderr], [0, ""]);
      assert.equal(sw.read("startup"), changed(os));
      clean(sw);
    });
  }
});
