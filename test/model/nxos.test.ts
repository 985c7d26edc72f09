// The NX-OS dialect: the exact lines it sends (running-config form), and its scripts run under bash against a
// stand-in `vsh` that answers the way NX-OS does (`% ...` and exit 0 for a rejected line).
import assert from "node:assert/strict";
import type { RenderedCommand } from "../../model/plan/dialects/dialect";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { nxos } from "../../model/plan/dialects/nxos";
import { runOnFakeSwitch } from "../helpers/fake-cli";
import { groups, prefixLists, routeMaps, baseInput } from "../helpers/switch-input";
import { sentLines } from "../helpers/sent-lines";
import { SwitchDouble } from "../helpers/switch-double";

const SECRET = "Zq8!pw-test-secret";
const base = () =>
  nxos.base({
    ...baseInput,
  });
const neighbor = () =>
  nxos.neighbor({
    label: "z1/sw1",
    changeId: "z1-sw1-neighbor-10.0.0.21",
    asn: 65001,
    address: "10.0.0.21",
    peerGroup: "K8S-INGRESS",
    description: "bgp-fabric ingress in1",
    gracefulRestart: false,
  });

const BASE_LINES = [
  "ip prefix-list bgp-fabric-z1-pools description bgp-fabric z1 loadbalancer pools",
  "ip prefix-list bgp-fabric-z1-pools seq 5 permit 192.0.2.0/28 ge 32",
  "ip prefix-list bgp-fabric-z1-next-hops description bgp-fabric z1 node next hops",
  "ip prefix-list bgp-fabric-z1-next-hops seq 5 permit 10.0.0.0/24 le 32",
  "route-map bgp-fabric-z1-ingress-in permit 10",
  "  description bgp-fabric z1 from ingress nodes",
  "  match ip address prefix-list bgp-fabric-z1-pools",
  "  match ip next-hop prefix-list bgp-fabric-z1-next-hops",
  "  set local-preference 100",
  "  set metric 0",
  "  set origin igp",
  "route-map bgp-fabric-z1-ingress-out deny 10",
  "  description bgp-fabric z1 to ingress nodes",
  "router bgp 65001",
  "  address-family ipv4 unicast",
  "    maximum-paths ibgp 16",
  "  template peer K8S-RR",
  "    remote-as 65001",
  "    description bgp-fabric z1 route reflectors restore-maximum-paths $mp",
  "    no update-source",
  "    timers 3 9",
  "    address-family ipv4 unicast",
  "      capability additional-paths receive",
  "      next-hop-self",
  "      route-map bgp-fabric-z1-rr-in in",
  "      route-map bgp-fabric-z1-rr-out out",
  "      maximum-prefix 20000 restart 5",
  "  template peer K8S-INGRESS",
  "    remote-as 65001",
  "    description bgp-fabric z1 ingress nodes",
  "    no update-source",
  "    timers 3 9",
  "    address-family ipv4 unicast",
  "      capability additional-paths receive",
  "      next-hop-self",
  "      route-map bgp-fabric-z1-ingress-in in",
  "      route-map bgp-fabric-z1-ingress-out out",
  "      maximum-prefix 2000 90 restart 5",
];

const EMPTY =
  "hostname sw1\nfeature bgp\nrouter bgp 65001\n  router-id 10.0.0.1\n  no graceful-restart\nline vty\n";
const AFTER =
  "hostname sw1\nrouter bgp 65001\n  template peer K8S-RR\n    password 3 x\n  template peer K8S-INGRESS\n    password 3 y\nline vty\n";
const stdin = () => base().stdinTemplate!.replace(/<secret>/g, SECRET);
/** The run's checkpoint in its first invocation: the change's name and the nonce made on the switch. */
const runName = (call: string, id: string) => {
  const name = /^checkpoint (\S+)$/.exec(call)?.[1] ?? "";
  assert.match(name, new RegExp(`^bgp-fabric-${id.replaceAll(".", "\\.")}-[0-9]{10}-[0-9a-f]{8}$`));
  return name;
};
/** BASE_LINES as the one invocation sends them: without indentation, an `exit` for each mode a line leaves. */
const ONE_INVOCATION = (() => {
  const out: string[] = [];
  let depth = 0;
  for (const line of BASE_LINES) {
    const d = (line.length - line.trimStart().length) / 2;
    for (; depth > d; depth--) out.push("exit");
    out.push(line.trimStart().replace("$mp", "none"));
    depth = d;
  }
  for (; depth > 0; depth--) out.push("exit");
  return out;
})();
const lineOf = (script: string, needle: string) =>
  script.split("\n").findIndex((l) => l.includes(needle)) + 1;

/** A command as the plan composes it (gate.ts): the dialect's create, then its confirm. */
const gated = (c: RenderedCommand) => ({
  ...c,
  create: gatedCreate(nxos, {
    label: "z1/sw1",
    asn: 65001,
    changeId: c.changeId!,
    create: c.create,
    delete: c.delete,
  }),
});

describe("NX-OS dialect", () => {
  it("sends the base in the form show running-config prints (2-space modes, template peer)", () => {
    assert.deepEqual(sentLines(base().create), BASE_LINES);
  });

  it("puts the password lines only on stdin, under their templates", () => {
    assert.equal(
      base().stdinTemplate,
      "router bgp 65001\n  template peer K8S-RR\n    password 0 <secret>\n  template peer K8S-INGRESS\n    password 0 <secret>\n",
    );
  });

  it("takes the run's own checkpoint, then sends every line and the passwords in one invocation", () => {
    const sw = new SwitchDouble(EMPTY, { clock: "fake" }).write("after", AFTER);
    const r = sw.run(base().create, stdin());
    assert.deepEqual([r.code, r.stderr], [0, ""]);
    const name = runName(r.calls[0], base().changeId!);
    assert.deepEqual(r.calls, [
      `checkpoint ${name}`,
      ["configure terminal", ...ONE_INVOCATION, stdin().trimEnd()].join("\n"),
    ]);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
    assert.deepEqual([sw.read("running"), sw.checkpoints()], [AFTER, [name]]);
  });

  it("neither requires nor sends a graceful-restart line: the instance's setting stays the network team's", () => {
    const r = runOnFakeSwitch(base().create, {
      running: EMPTY.replace("  no graceful-restart\n", ""),
      after: AFTER,
      stdin: stdin(),
    });
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.deepEqual(
      r.calls.filter((c) => c.includes("graceful-restart")),
      [],
    );
    assert.doesNotMatch(base().create + base().delete, /graceful-restart/);
  });

  it("refuses an operator's template of the same name", () => {
    const running = EMPTY.replace(
      "line vty",
      "  template peer K8S-RR\n    remote-as 65001\nline vty",
    );
    const r = runOnFakeSwitch(base().create, { running, stdin: stdin() });
    assert.deepEqual(
      [r.code, r.stderr, r.calls],
      [
        1,
        "bgp-fabric: z1/sw1 - template peer K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed\n",
        [],
      ],
    );
  });

  it("rolls back to the checkpoint, drops it and shows what the switch answered to a refused line", () => {
    const sw = new SwitchDouble(EMPTY, { clock: "fake" })
      .write("after", AFTER)
      .write("reject", "maximum-prefix 2000 90 restart 5$");
    const r = sw.run(base().create, stdin());
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - the switch refused the change:\n% Invalid command at '^' marker.\n- rolled back to the checkpoint taken before - nothing changed\n",
    );
    const name = runName(r.calls[0], base().changeId!);
    assert.deepEqual(r.calls.slice(2), [
      `rollback running-config checkpoint ${name}`,
      `no checkpoint ${name}`,
    ]);
    assert.deepEqual([sw.read("running"), sw.checkpoints()], [EMPTY, []]);
  });

  it("adds a neighbor inheriting our template; the delete removes only a neighbor of ours", () => {
    assert.deepEqual(sentLines(neighbor().create), [
      "router bgp 65001",
      "  neighbor 10.0.0.21",
      "    inherit peer K8S-INGRESS",
      "    description bgp-fabric ingress in1",
      "    address-family ipv4 unicast",
    ]);
    const withTemplate =
      "!\nrouter bgp 65001\n  template peer K8S-INGRESS\n    remote-as 65001\n    description bgp-fabric z1 ingress nodes\nline vty\n";
    const foreign = withTemplate.replace(
      "line vty",
      "  neighbor 10.0.0.21\n    inherit peer K8S-INGRESS\nline vty",
    );
    const d = runOnFakeSwitch(neighbor().delete, { running: foreign });
    assert.deepEqual([d.code, d.calls], [0, []]);
    const r = runOnFakeSwitch(neighbor().create, { running: foreign });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - neighbor 10.0.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed\n",
    );
  });

  it("refuses to delete a template a foreign neighbor inherits", () => {
    const running =
      "!\nrouter bgp 65001\n  template peer K8S-RR\n    description bgp-fabric z1 route reflectors restore-maximum-paths none\n  neighbor 10.9.9.9\n    inherit peer K8S-RR\nline vty\n";
    const r = runOnFakeSwitch(base().delete, { running });
    assert.deepEqual(
      [r.code, r.stderr, r.calls],
      [
        1,
        "bgp-fabric: z1/sw1 - template peer K8S-RR has a neighbor that is not ours: 10.9.9.9 - nothing changed\n",
        [],
      ],
    );
  });

  it("renders the configured update-source interface on the node sessions' group, which its grammar accepts in canonical form only", () => {
    const withSource = (name: string) =>
      gated(
        nxos.base({
          ...baseInput,
          peerGroups: groups.map((g) => ({ ...g, updateSourceInterface: name })),
        }),
      );
    const b = withSource("Vlan101");
    assert.ok(sentLines(b.create).includes("    update-source Vlan101"));
    assert.deepEqual(nxos.check({ ...b, stdin: b.stdinTemplate }), []);
    const bad = withSource("loopback01");
    assert.notDeepEqual(nxos.check({ ...bad, stdin: bad.stdinTemplate }), []);
    // Without one, a re-run clears one removed from the config.
    assert.deepEqual(
      sentLines(base().create).filter((l) => l.includes("update-source")),
      ["    no update-source", "    no update-source"],
    );
  });

  it("passes its own grammar check, and names a mangled line", () => {
    const b = gated(base());
    assert.deepEqual(nxos.check({ ...b, stdin: b.stdinTemplate }), []);
    assert.deepEqual(nxos.check(gated(neighbor())), []);
    const n = gated(neighbor());
    const at = lineOf(n.create, "'router bgp 65001'");
    const bad = (create: string) => nxos.check({ ...n, create });
    assert.deepEqual(
      bad(
        n.create.replace(
          "'    inherit peer K8S-INGRESS'",
          "'    inherit peer-session K8S-INGRESS'",
        ),
      ),
      [
        `create: line ${at} "    inherit peer-session K8S-INGRESS" is not an NX-OS command this dialect emits`,
      ],
    );
    assert.deepEqual(
      bad(n.create.replace("'    inherit peer K8S-INGRESS'", "'  inherit peer K8S-INGRESS'")),
      [`create: line ${at} "  inherit peer K8S-INGRESS" appears directly under router bgp`],
    );
    const mangled = b.create.replace("'      next-hop-self'", "'    next-hop-self'");
    assert.deepEqual(nxos.check({ ...b, stdin: b.stdinTemplate, create: mangled }), [
      `create: line ${lineOf(mangled, "'    next-hop-self'")} "    next-hop-self" appears inside a template peer (outside its address family)`,
    ]);
  });

  it("confirms by saving and dropping the run's checkpoint; rolls back to it and drops it", () => {
    const withTemplate =
      "!\nrouter bgp 65001\n  template peer K8S-INGRESS\n    description bgp-fabric z1 ingress nodes\nline vty\n";
    const member = withTemplate.replace(
      "line vty",
      "  neighbor 10.0.0.21\n    inherit peer K8S-INGRESS\nline vty",
    );
    const n = neighbor();
    const create = gatedCreate(nxos, {
      label: "z1/sw1",
      asn: 65001,
      changeId: n.changeId!,
      create: n.create,
      delete: n.delete,
      check: { addresses: ["10.0.0.21"], timeoutSeconds: 1, changeId: n.changeId! },
    });
    const up = new SwitchDouble(withTemplate, { clock: "fake" })
      .write("after", member)
      .write("established", "10.0.0.21\n");
    const c = up.run(create);
    const name = runName(c.calls[0], n.changeId!);
    assert.deepEqual(
      [c.code, c.calls.slice(2)],
      [0, ["copy running-config startup-config", `no checkpoint ${name}`]],
    );
    const down = new SwitchDouble(withTemplate, { clock: "fake" }).write("after", member);
    const r = down.run(create);
    const again = runName(r.calls[0], n.changeId!);
    assert.equal(r.code, 1);
    assert.deepEqual(r.calls.slice(2), [
      `rollback running-config checkpoint ${again}`,
      `no checkpoint ${again}`,
    ]);
    assert.deepEqual([down.read("running"), down.checkpoints()], [withTemplate, []]);
    // Given up once the 1 s bound has passed on the script's own clock: polled at 0 and 1 s, then refused.
    assert.equal(down.seconds(), 1);
  });

  it("waits for every session to be Established and names those that are not", () => {
    const script = nxos.healthCheck!({
      asn: 65001,
      addresses: ["10.0.0.21", "10.0.0.22"],
      timeoutSeconds: 1,
    });
    const state = "  BGP state = Established, up for 00:01:02\n";
    const one = runOnFakeSwitch(script, {
      running: EMPTY,
      established: { addresses: ["10.0.0.21"], state },
    });
    assert.deepEqual(
      [one.code, one.stderr],
      [1, "bgp-fabric: router bgp 65001 - not Established after 1 s: 10.0.0.22\n"],
    );
    const all = runOnFakeSwitch(script, {
      running: EMPTY,
      established: { addresses: ["10.0.0.21", "10.0.0.22"], state },
    });
    assert.deepEqual([all.code, all.stderr], [0, ""]);
  });
});
