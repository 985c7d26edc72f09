// The lab's Calico translation checked against the plan, without daemons: the sessions BIRD would run (from the
// model's Calico view, model/verify/calico-view.ts) are exactly the plan's sessions. The selector evaluator they share is
// tested with the model (test/model/selectors.test.ts).
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { nodeBgp, renderBird } from "../../lab/calico-bird";
import { planFromStack } from "../../lab/plan-source";

const plan = planFromStack(resolve(__dirname, "../../Pulumi.lab.yaml"));

describe("lab: Calico translation of the lab plan", () => {
  const bgp = nodeBgp(plan);
  const byName = new Map(bgp.map((b) => [b.node.name, b]));

  it("gives every node its zone AS (workers through the admission policy)", () => {
    for (const z of plan.zones) {
      for (const n of [...z.reflectors, ...z.ingressNodes, ...z.workers])
        assert.equal(byName.get(n.name)?.asn, z.asn, n.name);
    }
  });

  it("configures exactly the plan's sessions on the node ends, with the plan's RR-client side and export rejects", () => {
    const want = new Set<string>();
    for (const s of plan.sessions) {
      for (const [self, other] of [
        [s.a, s.b],
        [s.b, s.a],
      ] as const) {
        if (self.role === "switch") continue;
        const rrClient = s.rrClient === other.name;
        const reject = self === s.a ? s.exportReject.join(",") : "";
        want.add(
          `${self.name} -> ${other.address} AS${other.asn} rr-client=${rrClient} reject=${reject}`,
        );
      }
    }
    const filters = new Map(
      plan.kubernetes
        .filter((o) => o.body.kind === "BGPFilter")
        .map((o) => [o.body.metadata.name, o.body.spec as { exportV4: { cidr: string }[] }]),
    );
    const got = new Set(
      bgp.flatMap((b) =>
        b.peers.map(
          (p) =>
            `${b.node.name} -> ${p.ip} AS${p.asn} rr-client=${p.rrClient} reject=${p.filters.flatMap((f) => filters.get(f)!.exportV4.map((r) => r.cidr)).join(",")}`,
        ),
      ),
    );
    assert.deepEqual([...got].sort(), [...want].sort());
  });

  it("announces LoadBalancer /32s from ingress nodes only, and a distinct pod block per node", () => {
    for (const b of bgp) {
      assert.equal(b.serviceRoutes.length > 0, b.node.role === "ingress", b.node.name);
      for (const r of b.serviceRoutes) assert.match(r, /\/32$/);
    }
    const blocks = bgp.flatMap((b) => b.blocks);
    assert.equal(new Set(blocks).size, blocks.length);
  });

  it("never gives a node BFD or a hold-time override (Calico OSS has neither)", () => {
    for (const b of bgp)
      assert.doesNotMatch(renderBird(b, "/dev/null"), /\bbfd\b|hold time|keepalive time/);
  });

  it("signs each switch session with that switch's password, read through the Secret key its BGPPeer names", () => {
    const passwords = {
      az1: { core1: "Az1-Core1.Lab", core2: "Az1-Core2.Lab" },
      az2: "Az2-Zone.Lab",
    };
    const signed = planFromStack(resolve(__dirname, "../../Pulumi.lab.yaml"), passwords);
    const got = nodeBgp(signed, undefined, passwords).flatMap((b) =>
      b.peers.map((p) => {
        const sw = signed.zones
          .find((z) => z.name === b.node.zone)!
          .switches.find((s) => s.address === p.ip);
        const want = sw
          ? typeof passwords[b.node.zone as "az1"] === "string"
            ? passwords.az2
            : passwords.az1[sw.name as "core1"]
          : undefined;
        const text = renderBird(b, "/dev/null");
        const block = text.slice(text.indexOf(`protocol bgp ${p.protocol} `));
        const line = block.slice(0, block.indexOf("\n}\n")).includes(`  password "${want}";`);
        return `${b.node.name} ${p.protocol}: ${p.password === want && (want === undefined || line)}`;
      }),
    );
    assert.ok(got.length > 0);
    assert.deepEqual(
      got.filter((g) => !g.endsWith(": true")),
      [],
    );
    // Without the lab's passwords calico-node would render no password and never connect: the lab refuses.
    assert.throws(
      () => nodeBgp(signed),
      /^Error: lab: BGPPeer az1-ingress-to-core1 \(on lab-az1-in1\) names key core1 of Secret bgp-fabric-bgp-passwords-az1, for which the lab has no password$/,
    );
  });
});
