// The EOS dialect: the exact lines it sends (running-config form), and its scripts run under bash against a stand-in
// CLI that answers the way EOS does (`% ...` and exit 0 for a rejected line).
import assert from "node:assert/strict";
import type { RenderedCommand } from "../../model/plan/dialects/dialect";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { eos } from "../../model/plan/dialects/eos";
import { runOnFakeSwitch } from "../helpers/fake-cli";
import { groups, prefixLists, routeMaps, baseInput } from "../helpers/switch-input";
import { sentLines } from "../helpers/sent-lines";
import { SwitchDouble } from "../helpers/switch-double";

const SECRET = "Zq8!pw-test-secret";
const base = () =>
  eos.base({
    ...baseInput,
  });
const neighborInput = {
  label: "z1/sw1",
  changeId: "z1-sw1-neighbor-10.0.0.21",
  asn: 65001,
  address: "10.0.0.21",
  peerGroup: "K8S-INGRESS",
  description: "bgp-fabric ingress in1",
  gracefulRestart: false,
};
const neighbor = () => eos.neighbor(neighborInput);

const BASE_LINES = [
  "ip prefix-list bgp-fabric-z1-pools",
  "   seq 5 permit 192.0.2.0/28 ge 32",
  "ip prefix-list bgp-fabric-z1-next-hops",
  "   seq 5 permit 10.0.0.0/24 le 32",
  "route-map bgp-fabric-z1-ingress-in permit 10",
  "   description bgp-fabric z1 from ingress nodes",
  "   match ip address prefix-list bgp-fabric-z1-pools",
  "   match ip next-hop prefix-list bgp-fabric-z1-next-hops",
  "   set local-preference 100",
  "   set metric 0",
  "   set origin igp",
  "route-map bgp-fabric-z1-ingress-out deny 10",
  "   description bgp-fabric z1 to ingress nodes",
  "router bgp 65001",
  "   maximum-paths 16 ecmp 16",
  "   neighbor K8S-RR peer group",
  "   neighbor K8S-RR remote-as 65001",
  "   neighbor K8S-RR next-hop-self",
  "   no neighbor K8S-RR update-source",
  "   neighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths $mp",
  "   neighbor K8S-RR idle-restart-timer 300",
  "   neighbor K8S-RR maximum-routes 0",
  "   neighbor K8S-RR maximum-accepted-routes 20000 warning-limit 15000",
  "   neighbor K8S-RR timers 3 9",
  "   neighbor K8S-RR route-map bgp-fabric-z1-rr-in in",
  "   neighbor K8S-RR route-map bgp-fabric-z1-rr-out out",
  "   neighbor K8S-INGRESS peer group",
  "   neighbor K8S-INGRESS remote-as 65001",
  "   neighbor K8S-INGRESS next-hop-self",
  "   no neighbor K8S-INGRESS update-source",
  "   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes",
  "   neighbor K8S-INGRESS idle-restart-timer 300",
  "   neighbor K8S-INGRESS maximum-routes 0",
  "   neighbor K8S-INGRESS maximum-accepted-routes 2000 warning-limit 1800",
  "   neighbor K8S-INGRESS timers 3 9",
  "   neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-in in",
  "   neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-out out",
  "   address-family ipv4",
  "      neighbor K8S-RR activate",
  "      neighbor K8S-RR additional-paths receive",
  "      neighbor K8S-INGRESS activate",
  "      neighbor K8S-INGRESS additional-paths receive",
];

const EMPTY = "hostname sw1\n!\nrouter bgp 65001\n   router-id 10.0.0.1\n!\nend\n";
const AFTER =
  "hostname sw1\n!\nrouter bgp 65001\n   neighbor K8S-RR peer group\n   neighbor K8S-RR password 7 x\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS password 7 y\n!\nend\n";
const stdin = () => base().stdinTemplate!.replaceAll("<secret>", SECRET);
const session = (c: string) => c.split("\n")[0];
/** The run's session name in its first invocation: the change's name and the nonce made on the switch. */
const runName = (call: string, id: string) => {
  const name = /^configure session (\S+)/.exec(call)?.[1] ?? "";
  assert.match(name, new RegExp(`^bgp-fabric-${id.replaceAll(".", "\\.")}-[0-9]{10}-[0-9a-f]{8}$`));
  return name;
};
/** BASE_LINES as the one invocation sends them: without indentation, an `exit` for each mode a line leaves. */
const ONE_INVOCATION = (() => {
  const out: string[] = [];
  let depth = 0;
  for (const line of BASE_LINES) {
    const d = (line.length - line.trimStart().length) / 3;
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
  create: gatedCreate(eos, {
    label: "z1/sw1",
    asn: 65001,
    changeId: c.changeId!,
    create: c.create,
    delete: c.delete,
  }),
});

describe("EOS dialect", () => {
  it("sends the base in the form show running-config prints (3-space modes, peer group, accepted-route limits with a warning and a restart)", () => {
    assert.deepEqual(sentLines(base().create), BASE_LINES);
  });

  it("puts the password lines only on stdin, as cleartext type 0 under their peer group", () => {
    assert.equal(
      base().stdinTemplate,
      "router bgp 65001\n   neighbor K8S-RR password 0 <secret>\n   neighbor K8S-INGRESS password 0 <secret>\n",
    );
    assert.doesNotMatch(base().create, /password 0/);
  });

  it("sends every line and the passwords in one invocation of the run's own session, shows the diff and commits with a timer", () => {
    const sw = new SwitchDouble(EMPTY, { clock: "fake" }).write("after", AFTER);
    const r = sw.run(base().create, stdin());
    assert.deepEqual([r.code, r.stderr], [0, ""]);
    const name = runName(r.calls[0], base().changeId!);
    assert.deepEqual(r.calls, [
      [`configure session ${name}`, ...ONE_INVOCATION, stdin().trimEnd()].join("\n"),
      `configure session ${name} commit timer 00:10:00`,
    ]);
    assert.ok(r.stdout.includes(`+++ session:/${name}-session-config`));
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
    assert.equal(sw.read("running"), AFTER);
  });

  it("records the maximum-paths it replaces and the delete restores it", () => {
    const running = EMPTY.replace(
      "router-id 10.0.0.1",
      "router-id 10.0.0.1\n   maximum-paths 4 ecmp 8",
    );
    const r = new SwitchDouble(running, { clock: "fake" })
      .write("after", AFTER)
      .run(base().create, stdin());
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.calls[0].includes(
        "\nneighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths 4 ecmp 8\n",
      ),
    );
    const ours =
      "hostname sw1\n!\nip prefix-list bgp-fabric-z1-pools\n   seq 5 permit 192.0.2.0/28 ge 32\n!\nroute-map bgp-fabric-z1-ingress-in permit 10\n   description bgp-fabric z1 from ingress nodes\n   match ip address prefix-list bgp-fabric-z1-pools\n!\nroute-map bgp-fabric-z1-ingress-out deny 10\n   description bgp-fabric z1 to ingress nodes\n!\nrouter bgp 65001\n   maximum-paths 16 ecmp 16\n   neighbor K8S-RR peer group\n   neighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths 4 ecmp 8\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n!\nend\n";
    const sw = new SwitchDouble(ours, { clock: "fake" }).write("after", EMPTY);
    const d = sw.run(base().delete);
    assert.equal(d.code, 0, d.stderr);
    const name = runName(d.calls[0], `${base().changeId}-delete`);
    assert.deepEqual(d.calls, [
      [
        `configure session ${name}`,
        "router bgp 65001",
        "no neighbor K8S-RR peer group",
        "no neighbor K8S-INGRESS peer group",
        "maximum-paths 4 ecmp 8",
        "exit",
        "no route-map bgp-fabric-z1-ingress-in",
        "no route-map bgp-fabric-z1-ingress-out",
        "no ip prefix-list bgp-fabric-z1-pools",
      ].join("\n"),
      `configure session ${name} commit`,
      "write memory",
    ]);
    assert.deepEqual(sw.pending(), []);
  });

  const refusals: [string, string, string][] = [
    [
      "a switch that runs another AS",
      EMPTY.replace("router bgp 65001", "router bgp 65002"),
      "bgp-fabric: z1/sw1 runs no router bgp 65001 - configure the zone AS on the switch first\n",
    ],
    [
      "an operator's peer group of the same name",
      EMPTY.replace(
        "!\nend",
        "   neighbor K8S-RR peer group\n   neighbor K8S-RR remote-as 65001\n!\nend",
      ),
      "bgp-fabric: z1/sw1 - peer group K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed\n",
    ],
    [
      "an operator's prefix list of the same name",
      `! Command: show running-config\nip prefix-list bgp-fabric-z1-pools\n   seq 10 permit 10.0.0.0/8\n!\n${EMPTY}`,
      "bgp-fabric: z1/sw1 - prefix-list bgp-fabric-z1-pools exists without the bgp-fabric marker so it is not ours - nothing changed\n",
    ],
    [
      "graceful restart on for the instance",
      EMPTY.replace("!\nend", "   graceful-restart\n!\nend"),
      "bgp-fabric: z1/sw1 - router bgp 65001 has graceful-restart on - the bgp-fabric sessions must not advertise it - nothing changed\n",
    ],
  ];
  for (const [name, running, message] of refusals) {
    it(`refuses ${name} and sends nothing`, () => {
      const r = runOnFakeSwitch(base().create, { running, stdin: stdin() });
      assert.deepEqual([r.code, r.stderr, r.calls], [1, message, []]);
    });
  }

  it("aborts the session and shows what the switch answered to a refused line", () => {
    const sw = new SwitchDouble(EMPTY, { clock: "fake" }).write(
      "reject",
      "maximum-accepted-routes 2000 warning-limit 1800$",
    );
    const r = sw.run(base().create, stdin());
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - the switch refused the change:\n% Invalid input (at token 2)\n- configuration session aborted - nothing changed\n",
    );
    assert.equal(r.calls[r.calls.length - 1], `${session(r.calls[0])} abort`);
    assert.ok(!r.calls.some((c) => c.includes("commit")));
    assert.deepEqual([sw.pending(), sw.read("running")], [[], EMPTY]);
  });

  it("aborts on a refused password line and masks the password in what it shows", () => {
    const sw = new SwitchDouble(EMPTY, { clock: "fake" })
      .write("reject", "password 0")
      .write("form", `% Invalid input: neighbor K8S-RR password 0 ${SECRET}\n`);
    const r = sw.run(base().create, stdin());
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - the switch refused the change:\n% Invalid input: neighbor K8S-RR password 0 <hidden>\n% Invalid input: neighbor K8S-RR password 0 <hidden>\n- configuration session aborted - nothing changed\n",
    );
    assert.ok(!r.stdout.includes(SECRET));
    assert.equal(r.calls[r.calls.length - 1], `${session(r.calls[0])} abort`);
  });

  it("masks a refused key in the form EOS quotes it, without the word password before it", () => {
    // EOS names the refused token: `% Invalid input (at token 1: 'bogus')` (recorded eAPI/CLI errors, pyeapi and
    // aio-eapi tests; docs/dialects.md#how-a-refusal-looks). For a refused key that token is the password itself.
    const sw = new SwitchDouble(EMPTY, { clock: "fake" })
      .write("reject", "password 0")
      .write("form", `% Invalid input (at token 4: '${SECRET}')\n`);
    const r = sw.run(base().create, stdin());
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "bgp-fabric: z1/sw1 - the switch refused the change:\n% Invalid input (at token 4: <hidden>)\n% Invalid input (at token 4: <hidden>)\n- configuration session aborted - nothing changed\n",
    );
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  });

  it("refuses to delete a peer group with a neighbor that is not ours", () => {
    const running =
      "!\nrouter bgp 65001\n   neighbor K8S-RR peer group\n   neighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths none\n   neighbor 10.9.9.9 peer group K8S-RR\n!\n";
    const r = runOnFakeSwitch(base().delete, { running });
    assert.deepEqual(
      [r.code, r.stderr, r.calls],
      [
        1,
        "bgp-fabric: z1/sw1 - peer group K8S-RR has a neighbor that is not ours: 10.9.9.9 - nothing changed\n",
        [],
      ],
    );
  });

  it("adds a neighbor to our peer group and removes only a neighbor of ours", () => {
    assert.deepEqual(sentLines(neighbor().create), [
      "router bgp 65001",
      "   neighbor 10.0.0.21 peer group K8S-INGRESS",
      "   neighbor 10.0.0.21 description bgp-fabric ingress in1",
    ]);
    assert.deepEqual(sentLines(neighbor().delete), [
      "router bgp 65001",
      "   no neighbor 10.0.0.21",
    ]);
    const withGroup =
      "!\nrouter bgp 65001\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n!\n";
    const member = `${withGroup.slice(0, -2)}   neighbor 10.0.0.21 peer group K8S-INGRESS\n!\n`;
    const r = new SwitchDouble(withGroup, { clock: "fake" })
      .write("after", member)
      .run(neighbor().create);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.calls[r.calls.length - 1], `${session(r.calls[0])} commit timer 00:10:00`);
    // A member without our description is the operator's: the delete leaves it alone.
    const d = runOnFakeSwitch(neighbor().delete, { running: member });
    assert.deepEqual([d.code, d.calls], [0, []]);
  });

  it("renders the configured update-source interface on the node sessions' group, which its grammar accepts in canonical form only", () => {
    const withSource = (name: string) =>
      gated(
        eos.base({
          ...baseInput,
          peerGroups: groups.map((g) => ({ ...g, updateSourceInterface: name })),
        }),
      );
    const b = withSource("Vlan101");
    assert.ok(sentLines(b.create).includes("   neighbor K8S-RR update-source Vlan101"));
    assert.deepEqual(eos.check({ ...b, stdin: b.stdinTemplate }), []);
    const bad = withSource("Loopback0 vrf x");
    assert.notDeepEqual(eos.check({ ...bad, stdin: bad.stdinTemplate }), []);
    // Without one, a re-run clears one removed from the config.
    assert.deepEqual(
      sentLines(base().create).filter((l) => l.includes("update-source")),
      ["   no neighbor K8S-RR update-source", "   no neighbor K8S-INGRESS update-source"],
    );
  });

  it("passes its own grammar check, and names a mangled line", () => {
    const b = gated(base());
    assert.deepEqual(eos.check({ ...b, stdin: b.stdinTemplate }), []);
    assert.deepEqual(eos.check(gated(neighbor())), []);
    const n = gated(neighbor());
    const at = lineOf(n.create, "'router bgp 65001'");
    const bad = (create: string) => eos.check({ ...n, create });
    assert.deepEqual(bad(n.create.replace("peer group K8S-INGRESS'", "peer-group K8S-INGRESS'")), [
      `create: line ${at} "   neighbor 10.0.0.21 peer-group K8S-INGRESS" is not an EOS command this dialect emits`,
      "delete: removes neighbor 10.0.0.21, which the create does not add",
    ]);
    assert.deepEqual(
      bad(n.create.replace("'   neighbor 10.0.0.21 desc", "'      neighbor 10.0.0.21 desc")),
      [
        `create: line ${at} "      neighbor 10.0.0.21 description bgp-fabric ingress in1" appears below a line that opens no mode`,
      ],
    );
    assert.deepEqual(bad(n.create.replace("'router bgp 65001'", "'router bgp 65002'")), [
      `create: line ${at} "router bgp 65002" is not the instance the script checked (65001)`,
    ]);
    assert.deepEqual(bad(n.create.replace('apply "$@"', 'apply "$@"; reboot')), [
      'create: unexpected text "; reboot\\nCli -p 15 -c \\"show session-config named $s diffs\\" <"',
    ]);
    const mangled = b.create.replace(
      "'   neighbor K8S-RR timers 3 9'",
      "'   neighbor K8S-RR timers 3 1'",
    );
    assert.deepEqual(eos.check({ ...b, stdin: b.stdinTemplate, create: mangled }), [
      `create: line ${lineOf(mangled, "timers 3 1")} "   neighbor K8S-RR timers 3 1": hold time 1 is outside 3-7200`,
    ]);
    assert.deepEqual(
      eos.check({
        ...b,
        stdin: b.stdinTemplate,
        delete: b.delete.replace(
          "'no route-map bgp-fabric-z1-ingress-in'",
          "'no route-map bgp-fabric-z1-other'",
        ),
      }),
      ["delete: removes route-map bgp-fabric-z1-other, which the create does not add"],
    );
  });

  it("sets a commit timer that outlasts the change's own health check, and its grammar accepts no other", () => {
    assert.match(neighbor().create, /commit timer 00:10:00"/);
    const long = eos.neighbor({ ...neighborInput, healthCheckSeconds: 1800 });
    assert.match(long.create, /commit timer 00:35:00"/);
    const healthCheck = {
      addresses: ["10.0.0.21"],
      timeoutSeconds: 1800,
      changeId: long.changeId!,
    };
    const create = gatedCreate(eos, {
      label: "z1/sw1",
      asn: 65001,
      changeId: long.changeId!,
      create: long.create,
      delete: long.delete,
      check: healthCheck,
    });
    assert.deepEqual(eos.check({ create, delete: long.delete, healthCheck }), []);
    const short = create.replace("commit timer 00:35:00", "commit timer 00:00:05");
    assert.deepEqual(eos.check({ create: short, delete: long.delete, healthCheck }), [
      'create: unexpected text "out=$(Cli -p 15 -c \\"configure session $s commit timer 00:00:"',
    ]);
  });

  it("confirms by committing the run's session and saving; rolls back by aborting it", () => {
    const withGroup =
      "!\nrouter bgp 65001\n   neighbor K8S-INGRESS peer group\n   neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes\n!\n";
    const member = `${withGroup.slice(0, -2)}   neighbor 10.0.0.21 peer group K8S-INGRESS\n!\n`;
    const n = neighbor();
    const create = gatedCreate(eos, {
      label: "z1/sw1",
      asn: 65001,
      changeId: n.changeId!,
      create: n.create,
      delete: n.delete,
      check: { addresses: ["10.0.0.21"], timeoutSeconds: 1, changeId: n.changeId! },
    });
    const up = new SwitchDouble(withGroup, { clock: "fake" })
      .write("after", member)
      .write("established", "10.0.0.21\n");
    const c = up.run(create);
    const s = session(c.calls[0]);
    assert.deepEqual(
      [c.code, c.calls.slice(1)],
      [0, [`${s} commit timer 00:10:00`, `${s} commit`, "write memory"]],
    );
    const down = new SwitchDouble(withGroup, { clock: "fake" }).write("after", member);
    const r = down.run(create);
    assert.equal(r.code, 1);
    assert.deepEqual(r.calls.slice(1), [
      `${session(r.calls[0])} commit timer 00:10:00`,
      `${session(r.calls[0])} abort`,
    ]);
    assert.deepEqual([down.read("running"), down.pending()], [withGroup, []]);
    // Given up once the 1 s bound has passed on the script's own clock: polled at 0 and 1 s, then refused.
    assert.equal(down.seconds(), 1);
    assert.throws(
      () => eos.confirm!({ label: "z1/sw1; reboot", changeId: "x" }),
      /not a switch label/,
    );
  });
});
