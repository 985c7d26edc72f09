// The FRR base command's own health check (model/plan/dialects/frr-base-check.ts): where it sits in the base's
// create, its grammar check, and its shell logic run in sh against a stand-in vtysh whose sessions the apply changes.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { frr } from "../../model/plan/dialects/frr";
import { keptBlock, survivedBlock } from "../../model/plan/dialects/frr-base-check";
import { saveLines } from "../../model/plan/dialects/frr-shell";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { planOf, stackConfig } from "../helpers/fixtures";
import { groups, prefixLists, routeMaps, baseInput } from "../helpers/switch-input";

const SPEC = {
  label: "z1/sw1",
  groups: ["K8S-RR", "K8S-INGRESS"],
  settleSeconds: 3,
  timeoutSeconds: 120,
};
const base = (sessionCheck: { settleSeconds: number; timeoutSeconds: number } | null) => {
  const r = frr.base({
    ...baseInput,
    ...(sessionCheck ? { sessionCheck } : {}),
  });
  const create = gatedCreate(frr, {
    label: "z1/sw1",
    asn: 65001,
    changeId: "z1-sw1-bgp-base",
    create: r.create,
    delete: r.delete,
  });
  return { create, delete: r.delete, stdin: r.stdinTemplate };
};

const BGP =
  "\nrouter bgp 65001\n neighbor K8S-RR peer-group\n neighbor K8S-INGRESS peer-group\n neighbor 10.0.0.11 peer-group K8S-RR\n neighbor 10.0.0.12 peer-group K8S-RR\n neighbor 10.0.0.21 peer-group K8S-INGRESS\n neighbor 192.0.2.1 peer-group CORE\n";
// What the stand-in switch answers: `BEFORE`/`AFTER` list the Established addresses before and after the apply
// (`configure terminal`); `write memory` confirms.
const STUBS = [
  'vtysh() { printf "%s\\n" "vtysh $*" >>"$LOG"; case "$*" in',
  '*"configure terminal"*) : >"$LOG.applied" ;;',
  '*"show bgp neighbors"*) if [ -e "$LOG.applied" ]; then up=$AFTER; else up=$BEFORE; fi; st=Active; for x in $up; do case "$* " in *" $x "*) st=Established ;; esac; done; echo "{\\"bgpState\\":\\"$st\\"}" ;;',
  '*"write memory"*) echo "Configuration saved to /etc/frr/frr.conf" ;;',
  "esac; }",
  'sleep() { printf "%s\\n" "sleep $*" >>"$LOG"; }',
].join("\n");

/** kept, the apply, survived, the save: as the base's create orders them. */
function run(before: string, after: string, spec = SPEC) {
  const log = `/tmp/bgp-fabric-base-check-test-${process.pid}.log`;
  execFileSync("sh", ["-c", `: >${log}; rm -f ${log}.applied`]);
  const script = [
    STUBS,
    `bgp='${BGP}'`,
    keptBlock(spec),
    "vtysh -c 'configure terminal' -c 'end'",
    survivedBlock(spec),
    ...saveLines(spec.label),
  ].join("\n");
  let code = 0;
  let stderr = "";
  try {
    execFileSync("sh", ["-c", script], {
      env: { ...process.env, LOG: log, BEFORE: before, AFTER: after },
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    code = (e as { status: number }).status;
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  const calls = execFileSync("cat", [log]).toString().trim().split("\n").filter(Boolean);
  execFileSync("rm", ["-f", log, `${log}.applied`]);
  return { calls, code, stderr };
}

const SHOW = (a: string) => `vtysh -c show bgp neighbors ${a} json`;

describe("FRR base command: its existing sessions must survive an update", () => {
  it("notes the Established members before its transaction and waits for them before its save, only with a bounded wait", () => {
    const b = base({ settleSeconds: 3, timeoutSeconds: 120 });
    assert.ok(b.create.includes(`\n${keptBlock(SPEC)}\nset -- -c 'configure terminal'`));
    assert.ok(b.create.endsWith(`\n${survivedBlock(SPEC)}\n${saveLines("z1/sw1").join("\n")}`));
    assert.deepEqual(frr.check(b), []);
    assert.ok(!base(null).create.includes("kept="));
    assert.deepEqual(frr.check(base(null)), []);
    // The plan: every switch's base checks with healthCheckSeconds; none with 0.
    const plan = planOf(stackConfig("lab"));
    const [sw] = plan.switches;
    const lab = sw.commands.find((c) => c.kind === "base")!;
    assert.ok(
      lab.create.includes(
        `\n${survivedBlock({ label: "az1/core1", groups: SPEC.groups, settleSeconds: 3, timeoutSeconds: sw.healthCheckSeconds })}\n`,
      ),
    );
    const unchecked = planOf({ ...stackConfig("lab"), bgp: { healthCheckSeconds: 0 } });
    assert.ok(!unchecked.switches[0].commands.some((c) => c.create.includes("kept=")));
  });

  it("fails its grammar check on a check of other groups, only half a check, or a check after the save", () => {
    const b = base({ settleSeconds: 3, timeoutSeconds: 120 });
    const problem = [
      "create: has a session check that is not exactly the one its peer groups give, before its apply and before its save",
    ];
    const other = { ...b, create: b.create.replace("peer-group K8S-RR$", "peer-group CORE$") };
    assert.deepEqual(frr.check(other), problem);
    const save = saveLines("z1/sw1").join("\n");
    const late = {
      ...b,
      create: b.create.replace(
        `\n${survivedBlock(SPEC)}\n${save}`,
        `\n${save}\n${survivedBlock(SPEC)}`,
      ),
    };
    assert.deepEqual(frr.check(late), problem);
    const half = { ...b, create: b.create.replace(`\n${survivedBlock(SPEC)}\n`, "\n") };
    assert.deepEqual(frr.check(half), [
      "create: has a session check that is not the dialect's base check",
    ]);
  });

  it("passes when the sessions survive: one look after the settle, then the save", () => {
    const r = run("10.0.0.11 10.0.0.12 10.0.0.21", "10.0.0.11 10.0.0.12 10.0.0.21");
    assert.deepEqual(r, {
      calls: [
        SHOW("10.0.0.11"),
        SHOW("10.0.0.12"),
        SHOW("10.0.0.21"),
        "vtysh -c configure terminal -c end",
        "sleep 3",
        SHOW("10.0.0.11"),
        SHOW("10.0.0.12"),
        SHOW("10.0.0.21"),
        "vtysh -c write memory",
      ],
      code: 0,
      stderr: "",
    });
  });

  it("ignores members that were not Established before; passes at once on a fresh switch", () => {
    const r = run("10.0.0.11", "10.0.0.11");
    assert.deepEqual(r.calls.slice(3), [
      "vtysh -c configure terminal -c end",
      "sleep 3",
      SHOW("10.0.0.11"),
      "vtysh -c write memory",
    ]);
    assert.equal(r.code, 0);
    const fresh = run("", "");
    assert.deepEqual(fresh.calls.slice(3), [
      "vtysh -c configure terminal -c end",
      "vtysh -c write memory",
    ]);
    assert.equal(fresh.code, 0);
  });

  it("fails naming the sessions the change broke, and saves nothing", () => {
    const r = run("10.0.0.11 10.0.0.12 10.0.0.21", "10.0.0.21", { ...SPEC, timeoutSeconds: 1 });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - the base change is in the running config but NOT saved - fix the peer-group settings and re-run pulumi up or restart frr to load the saved config - sessions not Established again after 1 s: 10.0.0.11 (Active) 10.0.0.12 (Active)\n",
    );
    assert.ok(!r.calls.includes("vtysh -c write memory"));
    assert.deepEqual(r.calls.slice(0, 8), [
      SHOW("10.0.0.11"),
      SHOW("10.0.0.12"),
      SHOW("10.0.0.21"),
      "vtysh -c configure terminal -c end",
      "sleep 3",
      SHOW("10.0.0.11"),
      SHOW("10.0.0.12"),
      SHOW("10.0.0.21"),
    ]);
  });
});
