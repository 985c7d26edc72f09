// Drift of a dual-stack EOS and NX-OS switch (issue 19): the parsers read the IPv6 lines back (ipv6 prefix lists, the
// IPv6 groups or templates and their members, the IPv6 address family, NX-OS's with its maximum-paths) and the
// comparison with the plan sees them. The running configs are the vendors' IPv4 fixtures (test/fixtures/eos-live, nxos-live: written
// from the documented shapes, unverified) with the IPv6 lines added in the form the renderers write and the switches
// print: a model of the format, not a capture (no device here).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LIVE_COMMANDS, liveDrift } from "../../io/live";
import type { DialectName, SwitchPlan } from "../../model/core/types";
import * as eos from "../../model/plan/dialects/eos";
import { LIVE_PARSERS } from "../../model/plan/dialects/live-parse";
import * as nxos from "../../model/plan/dialects/nxos";
import { readStackFile } from "../../model/spec/stack-file";
import { switchDrift } from "../../model/verify/drift";
import { clone, planOf, ROOT } from "../helpers/fixtures";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Pulumi.vendors.yaml with az1 (EOS) and az2 (NX-OS) dual-stack: the switches of the IPv4 fixtures, plus IPv6. */
function vendorsDualStack(): Json {
  const raw = clone(readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors.yaml"))) as Json;
  for (const [zone, n] of [
    ["az1", 1],
    ["az2", 2],
  ] as const) {
    const z = raw.zones[zone];
    z.ipv6 = { nodeCidr: `fd00:${n}::/64`, podCidr: `fd00:10${n}::/56` };
    for (const kind of ["switches", "masters", "ingressNodes"])
      for (const node of Object.values(z[kind] as Json))
        node.ipv6Address = `fd00:${n}::${(node.address as string).split(".")[3]}`;
  }
  return raw;
}

const plan = planOf(vendorsDualStack());
const switchOf = (zone: string) =>
  plan.switches.find((s) => s.zone === zone && s.name === "core1") as SwitchPlan;
const fixture = (dir: string) =>
  readFileSync(
    resolve(
      __dirname,
      "../fixtures",
      dir,
      `${dir === "eos-live" ? "az1" : "az2"}-core1.running-config.txt`,
    ),
    "utf8",
  );
/** Every planned session Established (both families). */
const up = (sw: SwitchPlan) =>
  Object.fromEntries(sw.neighbors.map((n) => [n.address, "Established"]));

/**
 * An IPv4 group's lines made its IPv6 twin's: the name, its description and its `-v6` maps; the multipath record is
 * the IPv6 family's (NX-OS) or none (EOS: its `maximum-paths` is instance-wide, the base's).
 */
const twin = (line: string, zone: string) =>
  line
    .replace(/K8S-(RR|INGRESS)\b/, "K8S-$16")
    .replace(/bgp-fabric (az\d) (route reflectors|ingress nodes)/, "bgp-fabric $1 ipv6 $2")
    .replace(
      / restore-maximum-paths \S+( ecmp \S+)?$/,
      zone === "az1" ? "" : " restore-ipv6-maximum-paths none",
    )
    .replace(new RegExp(`(bgp-fabric-${zone}-[a-z-]+(?:in|out))\\b`), "$1-v6");

interface Parts {
  groups: string[];
  members: string[];
  af6: string[];
  policy: string[];
}

/** The EOS fixture with the IPv6 part and neighbors as `show running-config` prints them. */
function eosConfig(edit: (p: Parts) => void = () => {}): string {
  const sw = switchOf("az1");
  const lines = fixture("eos-live").split("\n");
  const parts: Parts = {
    groups: lines
      .filter((l) => /^ {3}neighbor K8S-(RR|INGRESS) /.test(l))
      .map((l) => twin(l, "az1")),
    members: sw.neighbors
      .filter((n) => n.address.includes(":"))
      .flatMap((n) => [
        `   neighbor ${n.address} peer group ${n.peerGroup}`,
        `   neighbor ${n.address} description ${n.description}`,
      ]),
    af6: [
      "   !",
      "   address-family ipv6",
      "      neighbor K8S-INGRESS6 activate",
      "      neighbor K8S-INGRESS6 additional-paths receive",
      "      neighbor K8S-RR6 activate",
      "      neighbor K8S-RR6 additional-paths receive",
    ],
    policy: [
      ...sw.prefixLists
        .filter((l) => l.family === "ipv6")
        .flatMap((l) => ["!", ...eos.prefixListLines(l)]),
      ...sw.routeMaps
        .filter((m) => m.family === "ipv6")
        .flatMap((m) => ["!", ...eos.routeMapLines(m)]),
    ],
  };
  edit(parts);
  const transport = lines.indexOf("   neighbor 172.31.255.3 remote-as 65000");
  const vrf = lines.indexOf("   vrf MGMT");
  const bgp = lines.indexOf("router bgp 65101");
  return [
    ...lines.slice(0, bgp - 1),
    ...parts.policy,
    ...lines.slice(bgp - 1, transport),
    ...parts.groups,
    ...parts.members,
    ...lines.slice(transport, vrf - 1),
    ...parts.af6,
    ...lines.slice(vrf - 1),
  ].join("\n");
}

/** The NX-OS fixture with the IPv6 part and neighbors as `show running-config` prints them. */
function nxosConfig(edit: (p: Parts) => void = () => {}): string {
  const sw = switchOf("az2");
  const lines = fixture("nxos-live").split("\n");
  const start = lines.indexOf("  template peer K8S-INGRESS");
  const end = lines.indexOf("  neighbor 10.2.0.11");
  const parts: Parts = {
    groups: lines
      .slice(start, end)
      .map((l) =>
        twin(l, "az2").replace("address-family ipv4 unicast", "address-family ipv6 unicast"),
      ),
    members: sw.neighbors
      .filter((n) => n.address.includes(":"))
      .flatMap((n) => [
        `  neighbor ${n.address}`,
        `    inherit peer ${n.peerGroup}`,
        `    description ${n.description}`,
        "    address-family ipv6 unicast",
      ]),
    af6: ["  address-family ipv6 unicast", "    maximum-paths ibgp 16"],
    policy: [
      ...sw.prefixLists.filter((l) => l.family === "ipv6").flatMap(nxos.prefixListLines),
      ...sw.routeMaps.filter((m) => m.family === "ipv6").flatMap(nxos.routeMapLines),
    ],
  };
  edit(parts);
  const bgp = lines.indexOf("router bgp 65102");
  const transport = lines.indexOf("  neighbor 172.31.255.5");
  return [
    ...lines.slice(0, bgp),
    ...parts.policy,
    ...lines.slice(bgp, start),
    ...parts.af6,
    ...lines.slice(start, end),
    ...parts.groups,
    ...lines.slice(end, transport),
    ...parts.members,
    ...lines.slice(transport),
  ].join("\n");
}

const drift = (os: DialectName, text: string) => {
  const sw = switchOf(os === "eos" ? "az1" : "az2");
  return switchDrift(sw, LIVE_PARSERS[os].running(text), up(sw)).items.map(
    (i) => `${i.kind} ${i.subject}: ${i.detail}`,
  );
};

describe("dual-stack drift (EOS and NX-OS)", () => {
  it("EOS: reads the IPv6 groups, their address-family ipv6 settings and lists back (maximum-paths instance-wide)", () => {
    const r = LIVE_PARSERS.eos.running(eosConfig());
    assert.equal(r.maximumPathsIbgp, 16);
    assert.equal(r.maximumPathsIbgp6, undefined);
    assert.deepEqual(r.peers["K8S-RR6"].af, {});
    assert.deepEqual(r.peers["K8S-RR6"].af6, { activate: "", "additional-paths": "receive" });
    assert.equal(r.peers["K8S-RR6"].settings.description, "bgp-fabric az1 ipv6 route reflectors");
    assert.equal(r.peers["fd00:1::21"].memberOf, "K8S-INGRESS6");
    assert.deepEqual(r.prefixLists["bgp-fabric-az1-pods-v6"], [
      "ipv6 prefix-list bgp-fabric-az1-pods-v6",
      "   seq 5 permit fd00:101::/56 ge 122",
    ]);
    assert.deepEqual(r.routeMaps["bgp-fabric-az1-rr-in-v6"], [
      "route-map bgp-fabric-az1-rr-in-v6 permit 10",
      "   description bgp-fabric az1 ipv6 from reflectors",
      "   match ipv6 address prefix-list bgp-fabric-az1-pods-v6",
      "   match ipv6 next-hop prefix-list bgp-fabric-az1-next-hops-v6",
      "   set local-preference 100",
      "   set metric 0",
      "   set origin igp",
    ]);
  });

  it("NX-OS: reads the IPv6 templates, their address-family ipv6 unicast, maximum-paths and lists back", () => {
    const r = LIVE_PARSERS.nxos.running(nxosConfig());
    assert.equal(r.maximumPathsIbgp, 16);
    assert.equal(r.maximumPathsIbgp6, 16);
    assert.deepEqual(r.peers["K8S-RR6"].af, {});
    assert.deepEqual(r.peers["K8S-RR6"].af6, {
      capability: "additional-paths receive",
      "next-hop-self": "",
      "route-map in": "bgp-fabric-az2-rr-in-v6",
      "route-map out": "bgp-fabric-az2-rr-out-v6",
      "maximum-prefix": "20000 restart 5",
    });
    assert.equal(r.peers["fd00:2::11"].memberOf, "K8S-RR6");
    assert.deepEqual(r.prefixLists["bgp-fabric-az2-next-hops-v6"], [
      "ipv6 prefix-list bgp-fabric-az2-next-hops-v6 description bgp-fabric az2 ipv6 node next hops",
      "ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 5 deny fd00:2::2/128",
      "ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 10 deny fd00:2::3/128",
      "ipv6 prefix-list bgp-fabric-az2-next-hops-v6 seq 15 permit fd00:2::/64 le 128",
    ]);
  });

  it("finds no drift on either switch as the plan builds it", () => {
    assert.deepEqual(drift("eos", eosConfig()), []);
    assert.deepEqual(drift("nxos", nxosConfig()), []);
  });

  it("EOS: reports an IPv6 group active for ipv4, not active for ipv6, a missing IPv6 neighbor and maximum-paths", () => {
    const text = eosConfig((p) => {
      p.af6 = p.af6.filter((l) => l !== "      neighbor K8S-INGRESS6 activate");
      p.members = p.members.filter((l) => !l.includes("fd00:1::22"));
    })
      .replace(
        "   address-family ipv4\n",
        "   address-family ipv4\n      neighbor K8S-RR6 activate\n",
      )
      .replace("\n   maximum-paths 16 ecmp 16\n", "\n   maximum-paths 8 ecmp 8\n");
    // EOS `maximum-paths` is instance-wide: one item for both families, none of its own for IPv6.
    assert.deepEqual(drift("eos", text), [
      "changed peer-group K8S-RR6: ipv4 unicast: activate set (plan unset)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: activate unset (plan set)",
      "changed router bgp: maximum-paths ibgp 8 (plan 16)",
      "missing neighbor fd00:1::22: fra1-az1-in2, peer-group K8S-INGRESS6: not on the switch",
    ]);
  });

  it("NX-OS: reports an IPv6 template with an ipv4 family, one without its ipv6 family, and a changed IPv6 map", () => {
    const text = nxosConfig((p) => {
      const rr = p.groups.indexOf("  template peer K8S-RR6");
      const af = p.groups.indexOf("    address-family ipv6 unicast", rr);
      p.groups.splice(af, 0, "    address-family ipv4 unicast", "      next-hop-self");
      const ing = p.groups.indexOf("  template peer K8S-INGRESS6");
      const ingAf = p.groups.indexOf("    address-family ipv6 unicast", ing);
      p.groups.splice(ingAf, 6);
      const map = p.policy.indexOf("route-map bgp-fabric-az2-rr-in-v6 permit 10");
      p.policy.splice(p.policy.indexOf("  set origin igp", map), 1);
    });
    assert.deepEqual(drift("nxos", text), [
      "changed peer-group K8S-RR6: ipv4 unicast: next-hop-self set (plan unset)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: not configured (plan set)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: capability unset (plan additional-paths receive)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: maximum-prefix unset (plan 2000 restart 5)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: next-hop-self unset (plan set)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: route-map in unset (plan bgp-fabric-az2-ingress-in-v6)",
      "changed peer-group K8S-INGRESS6: ipv6 unicast: route-map out unset (plan bgp-fabric-az2-ingress-out-v6)",
      "changed route-map bgp-fabric-az2-rr-in-v6: missing line:   set origin igp",
    ]);
  });
});

describe("dual-stack --live on EOS and NX-OS: the IPv6 sessions' states", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "live-v6-test-"))));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.FAKE_SSH_ANSWERS;
    delete process.env.FAKE_SSH_LOG;
  });
  const fake = resolve(__dirname, "../helpers/fake-ssh.js");
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyxxxxxxxxxxxxxxxxxxxxxxx";
  /** EOS `show ip bgp summary | json` / `show ipv6 bgp summary | json`: one family's peers each. */
  const eosSummary = (sw: SwitchPlan, v6: boolean, down = "") =>
    JSON.stringify({
      vrfs: {
        default: {
          peers: Object.fromEntries(
            sw.neighbors
              .filter((n) => n.address.includes(":") === v6)
              .map((n) => [
                n.address,
                { peerState: n.address === down ? "Active" : "Established" },
              ]),
          ),
        },
      },
    });
  /** NX-OS `show bgp ipv4|ipv6 unicast summary | json`: one family's neighbors (one row prints as an object). */
  const nxosSummary = (sw: SwitchPlan, v6: boolean, down = "") =>
    JSON.stringify({
      TABLE_vrf: {
        ROW_vrf: {
          "vrf-name-out": "default",
          TABLE_af: {
            ROW_af: {
              TABLE_saf: {
                ROW_saf: {
                  TABLE_neighbor: {
                    ROW_neighbor: sw.neighbors
                      .filter((n) => n.address.includes(":") === v6)
                      .map((n) => ({
                        neighborid: n.address,
                        state: n.address === down ? "Idle" : "Established",
                      })),
                  },
                },
              },
            },
          },
        },
      },
    });

  for (const os of ["eos", "nxos"] as const)
    it(`${os}: reads the IPv6 summary too, and reports an IPv6 session that is not Established`, async () => {
      const sw = switchOf(os === "eos" ? "az1" : "az2");
      const down = sw.neighbors.find((n) => n.address.includes(":"))!.address;
      const summary = os === "eos" ? eosSummary : nxosSummary;
      const answers = join(dir, "answers.json");
      writeFileSync(
        answers,
        JSON.stringify({
          [LIVE_COMMANDS[os].runningConfig]: os === "eos" ? eosConfig() : nxosConfig(),
          [LIVE_COMMANDS[os].summary]: summary(sw, false),
          [LIVE_COMMANDS[os].summary6!]: summary(sw, true, down),
        }),
      );
      process.env.FAKE_SSH_ANSWERS = answers;
      process.env.FAKE_SSH_LOG = join(dir, "calls.jsonl");
      const [report] = await liveDrift(
        { ...plan, switches: [sw] },
        {
          keyFile: "/keys/operator",
          hostKeys: { [`${sw.zone}/core1`]: key },
          wrap: [process.execPath, fake],
        },
      );
      const calls = readFileSync(join(dir, "calls.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as string[]).at(-1));
      assert.deepEqual(calls, [
        LIVE_COMMANDS[os].runningConfig,
        LIVE_COMMANDS[os].summary,
        LIVE_COMMANDS[os].summary6,
      ]);
      const node = sw.neighbors.find((n) => n.address === down)!.node;
      assert.deepEqual(
        report.items.map((i) => `${i.kind} ${i.subject}: ${i.detail}`),
        [
          `session neighbor ${down}: ${node}: ${os === "eos" ? "Active" : "Idle"}, planned Established`,
        ],
      );
      assert.equal(
        report.sessions.filter((s) => s.state === "Established").length,
        sw.neighbors.length - 1,
      );
    });
});
