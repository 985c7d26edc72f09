// The FRR base command's drain around a password change (model/plan/dialects/frr-switch-drain.ts): the exact commands, the
// grammar check of them, and the shell logic run in sh against a recording vtysh.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import type { SwitchPeerGroup } from "../../model/core/types";
import { frr } from "../../model/plan/dialects/frr";
import {
  drainBlock,
  drainCommand,
  undrainBlock,
  type DrainSpec,
} from "../../model/plan/dialects/frr-switch-drain";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { planOf, stackConfig } from "../helpers/fixtures";
import { assertGolden } from "../helpers/golden";
import { groups, prefixLists, routeMaps, baseInput } from "../helpers/switch-input";

const DRAIN = { settleSeconds: 3, timeoutSeconds: 120 };
const raw = (drain: typeof DRAIN | null = DRAIN, peerGroups: SwitchPeerGroup[] = groups) =>
  frr.base({
    ...baseInput,
    peerGroups,
    ...(drain ? { drain } : {}),
  });
const base = (drain: typeof DRAIN | null = DRAIN) => {
  const r = raw(drain);
  const create = gatedCreate(frr, {
    label: "z1/sw1",
    asn: 65001,
    changeId: "z1-sw1-bgp-base",
    create: r.create,
    delete: r.delete,
  });
  return { create, delete: r.delete, stdin: r.stdinTemplate };
};
const SPEC: DrainSpec = {
  asn: 65001,
  label: "z1/sw1",
  groups: ["K8S-RR", "K8S-INGRESS"],
  // The helper's inbound maps: only the ingress group has one (a group without one gets no marking).
  entries: [{ map: "bgp-fabric-z1-ingress-in", seq: 10 }],
  ...DRAIN,
};

/** Runs `script` in sh with vtysh, sleep and date replaced by recorders; returns what vtysh was asked, and the exit. */
function run(script: string, stdin: string): { calls: string[]; code: number; stderr: string } {
  const stubs = [
    'vtysh() { printf "%s\\n" "vtysh $*" >>"$LOG"; case "$*" in *"show bgp neighbors"*) echo \'{"bgpState":"Established"}\' ;; esac; }',
    'sleep() { printf "%s\\n" "sleep $*" >>"$LOG"; }',
  ].join("\n");
  const log = `/tmp/bgp-fabric-drain-test-${process.pid}.log`;
  execFileSync("sh", ["-c", `: >${log}`]);
  let code = 0;
  let stderr = "";
  try {
    execFileSync("sh", ["-c", `${stubs}\n${script}`], {
      input: stdin,
      env: { ...process.env, LOG: log },
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    code = (e as { status: number }).status;
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  const calls = execFileSync("cat", [log]).toString().trim().split("\n").filter(Boolean);
  execFileSync("rm", ["-f", log]);
  return { calls, code, stderr };
}

const RUNNING = (pw: string) =>
  `\nrouter bgp 65001\n neighbor K8S-RR peer-group\n neighbor K8S-RR password ${pw}\n neighbor K8S-INGRESS peer-group\n neighbor K8S-INGRESS password ${pw}\n neighbor 10.0.0.11 peer-group K8S-RR\n neighbor 10.0.0.21 peer-group K8S-INGRESS\n`;
const STDIN = (pw: string) =>
  `router bgp 65001\n neighbor K8S-RR password ${pw}\n neighbor K8S-INGRESS password ${pw}\n`;
const MARK = [
  "vtysh -c configure terminal -c route-map bgp-fabric-z1-ingress-in permit 10 -c set community graceful-shutdown additive -c exit -c end",
  "vtysh -c clear bgp ipv4 unicast peer-group K8S-RR soft in -c clear bgp ipv4 unicast peer-group K8S-INGRESS soft in",
  "sleep 3",
];

describe("FRR drain around a password change", () => {
  it("renders the drain as its own command reading the base's password lines, and the undrain before the base's save (golden)", () => {
    const b = base();
    const d = frr.drain!({
      ...baseInput,
      drain: DRAIN,
    })!;
    assertGolden("frr/z1-sw1-drain.create.sh", `${d.create}\n`);
    assertGolden("frr/z1-sw1-base-undrain.create.sh", `${b.create}\n`);
    assert.equal(d.create, drainCommand(SPEC).create);
    assert.ok(
      d.create.endsWith(
        `\ncase "$bgp" in *'\n neighbor K8S-RR peer-group\n'*) fresh=0 ;; *) fresh=1 ;; esac\n${drainBlock(SPEC)}`,
      ),
    );
    assert.equal(d.delete, "exit 0");
    assert.equal(d.stdinTemplate, b.stdin);
    assert.ok(b.create.includes(`\n${undrainBlock(SPEC)}\ncase "\${bgp_fabric_rollback-}"`));
    assert.ok(!b.create.includes("pwin"));
    assert.equal(
      b.stdin,
      "router bgp 65001\n neighbor K8S-RR password <secret>\n neighbor K8S-INGRESS password <secret>\n",
    );
    assert.deepEqual(frr.check(b), []);
    assert.deepEqual(frr.check({ ...d, stdin: d.stdinTemplate }), []);
  });

  it("renders no drain without a bounded session wait or without passwords", () => {
    assert.ok(!base(null).create.includes("drained=0"));
    const plain = raw(
      DRAIN,
      groups.map(({ passwordRef: _, ...g }) => g),
    );
    assert.ok(!plain.create.includes("graceful-shutdown"));
    assert.equal(
      frr.drain!({
        label: "z1/sw1",
        changeId: "x",
        asn: 65001,
        maximumPaths: 16,
        prefixLists,
        routeMaps,
        peerGroups: groups.map(({ passwordRef: _, ...g }) => g),
        drain: DRAIN,
      }),
      undefined,
    );
    // The plan: drains where a switch has passwords and health checks; none with healthCheckSeconds 0.
    const signed = { ...stackConfig("lab"), bgpPasswords: { az1: { secure: "x" } } };
    const plan = planOf(signed);
    const [sw] = plan.switches;
    assert.equal(sw.drainSeconds, 3);
    // First in the switch's chain, the base after it; the zone's Secret waits for both switches' drains.
    assert.deepEqual(
      sw.commands.slice(0, 2).map((c) => [c.name, c.kind, c.after]),
      [
        ["az1-core1-bgp-drain", "drain", undefined],
        ["az1-core1-bgp-base", "base", "az1-core1-bgp-drain"],
      ],
    );
    assert.deepEqual(
      plan.ordering.find((e) => e.key === "az1-bgp-passwords"),
      { key: "az1-bgp-passwords", after: ["az1-core1-bgp-drain", "az1-core2-bgp-drain"] },
    );
    assert.ok(
      sw.commands[0].create.includes(
        drainBlock({
          ...SPEC,
          asn: sw.asn,
          label: "az1/core1",
          groups: ["K8S-RR", "K8S-INGRESS"],
          entries: [
            { map: "bgp-fabric-az1-rr-in", seq: 10 },
            { map: "bgp-fabric-az1-ingress-in", seq: 10 },
          ],
          timeoutSeconds: sw.healthCheckSeconds,
        }),
      ),
    );
    const unchecked = planOf({ ...signed, bgp: { healthCheckSeconds: 0 } });
    assert.deepEqual(
      unchecked.switches[0].commands.filter((c) => c.create.includes("graceful-shutdown")),
      [],
    );
    assert.equal(
      unchecked.ordering.find((e) => e.key === "az1-bgp-passwords"),
      undefined,
    );
  });

  it("bgp.switchDrainSeconds sets the drain's and the undrain's settle; 0 renders no drain and no Secret edge", () => {
    const signed = { ...stackConfig("lab"), bgpPasswords: { az1: { secure: "x" } } };
    const slow = planOf({ ...signed, bgp: { switchDrainSeconds: 20 } }).switches[0];
    assert.equal(slow.drainSeconds, 20);
    const [drain, base] = slow.commands;
    assert.equal(drain.name, "az1-core1-bgp-drain");
    assert.ok(drain.create.includes("waiting 20 s for the upstream to move the traffic'"));
    assert.ok(drain.create.includes("\nsleep 20\n"));
    assert.ok(base.create.includes("\nsleep 20\n"));
    assert.ok(!drain.create.includes("\nsleep 3\n"));
    const none = planOf({ ...signed, bgp: { switchDrainSeconds: 0 } });
    assert.deepEqual(
      none.switches.flatMap((s) => s.commands.filter((c) => c.kind === "drain").map((c) => c.name)),
      [],
    );
    assert.ok(!none.switches[0].commands[0].create.includes("graceful-shutdown"));
    assert.equal(
      none.ordering.find((e) => e.key === "az1-bgp-passwords"),
      undefined,
    );
  });

  it("drains (marks our inbound maps, refreshes, waits) only when a password on stdin differs from the running config", () => {
    const drain = drainBlock(SPEC);
    const changed = run(`fresh=0\nbgp='${RUNNING("Old.pass1")}'\n${drain}`, STDIN("New.pass2"));
    assert.deepEqual(changed, {
      calls: MARK,
      code: 0,
      stderr: "",
    });
    // The same password (a re-run), a new switch, or a password with glob characters that match literally only.
    assert.deepEqual(
      run(`fresh=0\nbgp='${RUNNING("Old.pass1")}'\n${drain}`, STDIN("Old.pass1")).calls,
      [],
    );
    assert.deepEqual(run(`fresh=1\nbgp=''\n${drain}`, STDIN("New.pass2")).calls, []);
    assert.deepEqual(
      run(`fresh=0\nbgp='${RUNNING("Old*pass")}'\n${drain}`, STDIN("Old?pass")).calls,
      MARK,
    );
  });

  it("undrains after every member of our groups is Established and the routes settled, only when drained", () => {
    const undrain = undrainBlock(SPEC);
    const cfg = (marked: boolean) =>
      `\nroute-map bgp-fabric-z1-ingress-in permit 10\n description bgp-fabric z1 from ingress nodes\n${marked ? " set community graceful-shutdown additive\n" : ""} set local-preference 100\nexit\n`;
    const drained = run(`cfg='${cfg(true)}'\nbgp='${RUNNING("New.pass2")}'\n${undrain}`, "");
    assert.deepEqual(drained.calls, [
      "vtysh -c show bgp neighbors 10.0.0.11 json",
      "vtysh -c show bgp neighbors 10.0.0.21 json",
      "sleep 3",
      "vtysh -c configure terminal -c route-map bgp-fabric-z1-ingress-in permit 10 -c no set community graceful-shutdown additive -c exit -c end",
      "vtysh -c clear bgp ipv4 unicast peer-group K8S-RR soft in -c clear bgp ipv4 unicast peer-group K8S-INGRESS soft in",
    ]);
    assert.equal(drained.code, 0);
    assert.deepEqual(
      run(`cfg='${cfg(false)}'\nbgp='${RUNNING("New.pass2")}'\n${undrain}`, "").calls,
      [],
    );
    // Our entry with nothing in it prints `exit` on the next line: the cut ends there, never in the next entry's lines.
    const emptyThenMarked =
      "\nroute-map bgp-fabric-z1-ingress-in permit 10\nexit\n!\nroute-map other permit 10\n set community graceful-shutdown additive\nexit\n";
    assert.deepEqual(
      run(`cfg='${emptyThenMarked}'\nbgp='${RUNNING("New.pass2")}'\n${undrain}`, "").calls,
      [],
    );
    // A session that does not come back: the switch stays drained and the command fails naming it.
    const short = undrainBlock({ ...SPEC, timeoutSeconds: 1 });
    const down = run(
      `vtysh() { case "$*" in *10.0.0.21*) echo '{"bgpState":"Active"}' ;; *) echo '{"bgpState":"Established"}' ;; esac; }\ncfg='${cfg(true)}'\nbgp='${RUNNING("New.pass2")}'\n${short}`,
      "",
    );
    assert.equal(down.code, 1);
    assert.equal(
      down.stderr,
      "bgp-fabric: z1/sw1 - the switch stays drained with graceful-shutdown - sessions not Established after 1 s: 10.0.0.21 (Active)\n",
    );
  });

  it("fails its grammar check on a drain that marks another route map or group, or an undrain that unmarks another map", () => {
    const d = drainCommand(SPEC);
    const cmd = { ...d, stdin: base().stdin };
    assert.deepEqual(frr.check(cmd), []);
    const other = {
      ...cmd,
      create: cmd.create.replace(
        "-c 'route-map bgp-fabric-z1-ingress-in permit 10' -c 'set community",
        "-c 'route-map bgp-fabric-z1-ingress-out permit 10' -c 'set community",
      ),
    };
    assert.deepEqual(frr.check(other), [
      "create: is not exactly the drain its router bgp instance, peer groups and inbound route maps give",
    ]);
    const operator = {
      ...cmd,
      create: cmd.create.replaceAll("peer-group K8S-RR", "peer-group CORE"),
    };
    assert.deepEqual(frr.check(operator), [
      "create: is not exactly the drain its router bgp instance, peer groups and inbound route maps give",
    ]);
    assert.deepEqual(
      frr.check({ ...cmd, stdin: "router bgp 65001\n neighbor K8S-RR password <secret>\n" }),
      ["stdin: is not exactly the password lines of the drained groups"],
    );
    const b = base();
    // An undrain that unmarks another map than the base's inbound ones (the base alone, without passwords or with
    // healthCheckSeconds 0, has none: that is not a fault).
    const other2 = {
      ...b,
      create: b.create.replace(
        "-c 'route-map bgp-fabric-z1-ingress-in permit 10' -c 'no set community",
        "-c 'route-map bgp-fabric-z1-ingress-out permit 10' -c 'no set community",
      ),
    };
    assert.deepEqual(frr.check(other2), [
      "create: has an undrain that is not exactly the one its password groups and inbound route maps give",
    ]);
  });
});
