// Drain as config (docs/drain.md): the spec's rules with their exact messages, the plan's label and waits, and the
// FRR wait script run against a stand-in vtysh that answers with FRR 8.4's `show ip route ... json` text.
import { installFakeClock } from "../helpers/fake-clock";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkStack } from "../../model/pipeline";
import { DIALECTS } from "../../model/plan/dialects";
import { frrDrainWait } from "../../model/plan/dialects/frr-drain-wait";
import { emitOrder } from "../../model/plan/ordering";
import { DRAIN_DIALECTS } from "../../model/spec/drain";
import { LABELS } from "../../model/core/names";
import { diffPlans } from "../../model/present/diff";
import { diffText } from "../../model/present/diff-text";
import { summary } from "../../model/present/render";
import { invariantErrors } from "../../model/verify/preflight";
import { clone, planOf, stackConfig } from "../helpers/fixtures";

const LABELS_AB = { before: "served", after: "drained" };
const lab = () => clone(stackConfig("lab")) as any;
const drained = (edit: (raw: any) => void) => {
  const raw = lab();
  edit(raw);
  return raw;
};
const errors = (raw: unknown) => {
  try {
    checkStack(raw as Record<string, unknown>, { requireSecrets: false });
  } catch (e) {
    return (e as Error).message
      .split("\n")
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim());
  }
  return [];
};
const IN1 = (raw: any) => (raw.zones.az1.ingressNodes["lab-az1-in1"].drain = true);

describe("drain as config: the spec", () => {
  it("drains one node, or a whole zone, and derives every ingress node's state from both flags", () => {
    const one = planOf(drained(IN1));
    assert.deepEqual(one.zones[0].ingressNodes, [
      { name: "lab-az1-in1", address: "10.11.0.21", drained: true },
      { name: "lab-az1-in2", address: "10.11.0.22" },
    ]);
    const zone = planOf(drained((r) => (r.zones.az2.drain = true)));
    assert.equal(zone.zones[1].drained, true);
    assert.deepEqual(
      zone.zones[1].ingressNodes.map((n) => n.drained),
      [true, true],
    );
    assert.equal(zone.zones[0].drained, undefined);
  });

  it("fails when every ingress node of a zone is drained one by one", () => {
    assert.deepEqual(
      errors(
        drained((r) => {
          IN1(r);
          r.zones.az1.ingressNodes["lab-az1-in2"].drain = true;
        }),
      ),
      [
        'zones.az1.ingressNodes: drains every ingress node of the zone (lab-az1-in1, lab-az1-in2): its switches would lose every LoadBalancer path (got ["lab-az1-in1","lab-az1-in2"]); leave one ingress node serving, or set zones.az1.drain: true to move the zone\'s traffic to the other zones on purpose',
      ],
    );
  });

  it("fails when every ingress node of the datacenter is drained", () => {
    assert.deepEqual(
      errors(
        drained((r) => {
          r.zones.az1.drain = true;
          r.zones.az2.drain = true;
        }),
      ),
      [
        "zones.az1.drain: drains every ingress node of the datacenter: no LoadBalancer address would be reachable (got true); leave the ingress nodes of at least one zone serving",
      ],
    );
  });

  it("fails when a drain is set in ingress.mode: reflector, or in a zone of a switch without a route check", () => {
    assert.deepEqual(
      errors(
        drained((r) => {
          IN1(r);
          r.ingress.mode = "reflector";
          r.zones.az1.switches.core2.dialect = "eos";
        }),
      ),
      [
        "zones.az1.ingressNodes.lab-az1-in1.drain: drains an ingress node in ingress.mode: reflector, where the switches learn its /32s through the reflectors (got true); use ingress.mode: direct to drain by config, or cordon the node by hand (docs/drain.md)",
        "zones.az1.ingressNodes.lab-az1-in1.drain: drains an ingress node of a zone with switch core2 (eos), whose dialect has no route check to wait for the withdrawal (got true); drain only in zones of frr switches (docs/dialects.md)",
      ],
    );
  });

  it("fails when drain is not a boolean", () => {
    assert.deepEqual(
      errors(drained((r) => (r.zones.az1.ingressNodes["lab-az1-in1"].drain = "yes"))),
      [
        "zones.az1.ingressNodes.lab-az1-in1.drain: must be true or false (got yes); write drain: true to drain, false (or nothing) to serve",
      ],
    );
  });

  it("fails when the drain wait is out of bounds", () => {
    assert.deepEqual(errors(drained((r) => (r.bgp = { drainWaitSeconds: 5 }))), [
      "bgp.drainWaitSeconds: is outside 10-1800 (got 5); use e.g. 60",
    ]);
  });

  it("lists exactly the dialects that render a drain wait", () => {
    assert.deepEqual(
      Object.values(DIALECTS)
        .filter((d) => d.drainWait !== undefined)
        .map((d) => d.name),
      [...DRAIN_DIALECTS],
    );
  });
});

describe("drain as config: the plan", () => {
  it("labels the drained node's own patch for exclusion, and no other object changes", () => {
    const before = planOf(lab());
    const after = planOf(drained(IN1));
    const changed = after.kubernetes.filter(
      (o, i) => JSON.stringify(o) !== JSON.stringify(before.kubernetes[i]),
    );
    assert.deepEqual(
      changed.map((o) => [o.resourceName, o.body.metadata.labels]),
      [
        [
          "az1-node-lab-az1-in1",
          {
            [LABELS.zone]: "az1",
            [LABELS.ingress]: "true",
            [LABELS.excludeFromLb]: "true",
          },
        ],
      ],
    );
    assert.equal(after.kubernetes.length, before.kubernetes.length);
  });

  it("adds one wait per switch of the zone, after the label and the node's neighbor, and changes no switch command", () => {
    const before = planOf(lab());
    const after = planOf(drained(IN1));
    assert.deepEqual(
      after.switches.map((s) => s.commands),
      before.switches.map((s) => s.commands),
    );
    const waits = after.switches.flatMap((s) => s.drainWaits ?? []);
    assert.deepEqual(
      waits.map(({ create: _c, delete: _d, ...w }) => w),
      ["core1", "core2"].map((sw) => ({
        name: `az1-${sw}-drain-lab-az1-in1`,
        zone: "az1",
        switch: sw,
        node: "lab-az1-in1",
        address: "10.11.0.21",
        timeoutSeconds: 60,
        dependsOn: ["az1-node-lab-az1-in1", `az1-${sw}-neighbor-10.11.0.21`],
        deletedWith: `az1-${sw}-neighbor-10.11.0.21`,
      })),
    );
    assert.deepEqual(
      waits.map((w) => [w.create, w.delete]),
      ["core1", "core2"].map((sw) => {
        const r = frrDrainWait({
          label: `az1/${sw}`,
          node: "lab-az1-in1",
          address: "10.11.0.21",
          pools: ["203.0.113.0/28"],
          timeoutSeconds: 60,
        });
        return [r.create, r.delete];
      }),
    );
    // The switch unit waits for the node patch: the component emits the label before the waits.
    const unit = emitOrder(after).find((u) => u.key === "switch:az1/core1")!;
    assert.ok(unit.after.includes("az1-node-lab-az1-in1"));
    assert.equal(
      planOf(lab()).switches.some((s) => s.drainWaits),
      false,
    );
  });

  it("holds the preflight invariant: every switch of the zone waits for each drained node, as its dialect renders", () => {
    const plan = planOf(drained(IN1));
    assert.deepEqual(invariantErrors(plan), []);
    const bad = clone(plan);
    const core2 = bad.switches.find((s) => s.zone === "az1" && s.name === "core2")!;
    delete core2.drainWaits;
    const core1 = bad.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
    core1.drainWaits![0].create = core1.drainWaits![0].delete;
    bad.kubernetes.find((o) => o.resourceName === "az1-node-lab-az1-in1")!.body.metadata.labels =
      {};
    assert.deepEqual(invariantErrors(bad), [
      "zones.az1.ingressNodes.lab-az1-in1: is drained but its Node patch does not carry the exclusion label (got {}); label a drained node's patch",
      "zones.az1.switches.core1: drain wait az1-core1-drain-lab-az1-in1 is not what the frr dialect renders for lab-az1-in1 at 10.11.0.21 (got az1-core1-drain-lab-az1-in1); render drain waits only from the plan's drained nodes",
      "zones.az1.switches.core2: waits for the drain of no node, but the zone drains lab-az1-in1 (got []); plan one wait per drained ingress node on every switch of its zone",
    ]);
  });

  it("shows drained nodes in the summary and the diff: the label field, and the waits Pulumi runs", () => {
    const before = planOf(lab());
    const after = planOf(drained(IN1));
    const md = summary(after);
    assert.ok(md.includes("| az1 | 65201 |"));
    assert.ok(md.includes("lab-az1-in1 10.11.0.21 **(drained)**, lab-az1-in2 10.11.0.22"));
    assert.ok(
      md.includes("| lab-az1-in1 | az1 | 10.11.0.21 | core1, core2 | 60 s |"),
      md.slice(md.indexOf("## Drained")),
    );
    const d = diffPlans(before, after);
    const az1 = d.zones.find((z) => z.zone === "az1")!;
    assert.deepEqual(
      az1.switches.map((s) => [s.name, s.commands.map((c) => [c.action, c.kind, c.name])]),
      ["core1", "core2"].map((sw) => [
        sw,
        [["create", "drain-wait", `az1-${sw}-drain-lab-az1-in1`]],
      ]),
    );
    assert.deepEqual(
      az1.attributes.map((f) => [f.path, f.before, f.after]),
      [['drained["lab-az1-in1"]', undefined, true]],
    );
    const text = diffText(d, LABELS_AB);
    assert.ok(
      text.includes("drain: wait until the switch withdrew the node's LoadBalancer next hops"),
      text,
    );
    const back = diffText(diffPlans(after, before), LABELS_AB);
    assert.ok(
      back.includes("undrain: wait until the node's LoadBalancer next hops are back"),
      back,
    );
  });
});

/**
 * FRR 8.4's answer to `show ip route 203.0.113.0/28 longer-prefixes json` on the lab's az1/core1 (the /32 via
 * lab-az1-in1 10.11.0.21 and lab-az1-in2 10.11.0.22, recorded by test/lab/drain.spec.ts), with the first next hop
 * readdressed, or the route gone.
 */
const LIVE = readFileSync(join(__dirname, "../fixtures/frr-live/az1-core1.lb-routes.json"), "utf8");
function routeJson(first: string | null): string {
  if (first === null) return "{\n}";
  return LIVE.replace('"ip":"10.11.0.21"', `"ip":"${first}"`);
}

/**
 * Runs a wait script with a stand-in `vtysh` first on PATH that answers each call with the next of `answers` (the
 * last one repeats): "down" makes it fail as a vtysh whose daemons are down does. `date` and `sleep` are the test's clock
 * (test/helpers/fake-clock.ts).
 */
function runWait(script: string, answers: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "bf-drain-"));
  answers.forEach((a, i) => writeFileSync(join(dir, `answer${i}`), a));
  writeFileSync(
    join(dir, "vtysh"),
    [
      "#!/bin/sh",
      `d=${dir}`,
      'n=$(cat "$d/n" 2>/dev/null || echo 0); echo "$*" >> "$d/calls"',
      `[ "$n" -ge ${answers.length - 1} ] || echo $((n + 1)) > "$d/n"`,
      'a=$(cat "$d/answer$n")',
      '[ "$a" = down ] && { echo "Exiting: failed to connect to any daemons." >&2; exit 1; }',
      'printf "%s\\n" "$a"',
    ].join("\n"),
  );
  chmodSync(join(dir, "vtysh"), 0o755);
  const slept = installFakeClock(dir);
  const r = spawnSync("sh", ["-c", script], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    encoding: "utf8",
  });
  const out = {
    code: r.status,
    stderr: r.stderr.trim(),
    /** Seconds the script slept on the test's clock. */
    seconds: slept(),
    calls: readFileSync(join(dir, "calls"), "utf8").trim().split("\n"),
  };
  rmSync(dir, { recursive: true, force: true }); // the stand-in's own directory, made above
  return out;
}

describe("drain as config: the FRR wait script", () => {
  const wait = (timeoutSeconds: number) =>
    frrDrainWait({
      label: "az1/core1",
      node: "lab-az1-in1",
      address: "10.11.0.21",
      pools: ["203.0.113.0/28"],
      timeoutSeconds,
    });
  const BOTH = routeJson("10.11.0.21");
  // In2's next hop only: in1 withdrew.
  const OTHER = routeJson("10.11.0.23").replace(
    /\{\n\s*"flags":3,[^}]*"ip":"10.11.0.23"[^}]*\},\n\s*/,
    "",
  );
  // A next hop whose address only starts with the node's must not count as the node.
  const LOOKALIKE = routeJson("10.11.0.210");

  it("is POSIX sh and asks only for the pools' routes", () => {
    const w = wait(60);
    for (const s of [w.create, w.delete]) assert.equal(spawnSync("sh", ["-n", "-c", s]).status, 0);
    assert.deepEqual(runWait(w.create, [OTHER]).calls, [
      "-c show ip route 203.0.113.0/28 longer-prefixes json",
    ]);
  });

  it("returns once no route in the pools goes via the node, polling while one does", () => {
    const r = runWait(wait(60).create, [BOTH, BOTH, OTHER]);
    assert.deepEqual([r.code, r.stderr, r.calls.length], [0, "", 3]);
    assert.equal(runWait(wait(60).create, [LOOKALIKE]).code, 0);
    assert.equal(runWait(wait(60).create, [routeJson(null)]).code, 0);
    // The variants are what they claim: both next hops, in2's only.
    assert.deepEqual(BOTH.match(/"ip":"[0-9.]+"/g), ['"ip":"10.11.0.21"', '"ip":"10.11.0.22"']);
    assert.deepEqual(OTHER.match(/"ip":"[0-9.]+"/g), ['"ip":"10.11.0.22"']);
  });

  it("fails when the switch still routes via the node after the bound, naming switch, node and prefixes", () => {
    const r = runWait(wait(2).create, [BOTH]);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        "bgp-fabric: drain of az1/core1 lab-az1-in1 at 10.11.0.21 - after 2 s the switch still routes via the node: 203.0.113.0/32 - check the node label node.kubernetes.io/exclude-from-external-load-balancers and its calico-node",
      ],
    );
    // At least the bound, in whole seconds: polled at 0, 1, 2 and 3 s, given up at 3 s (the bound plus the second
    // `date +%s` may have been into when the script began).
    assert.deepEqual([r.calls.length, r.seconds], [4, 3]);
  });

  it("never takes an unanswered query for a withdrawal", () => {
    const r = runWait(wait(2).create, ["down"]);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        "bgp-fabric: drain of az1/core1 lab-az1-in1 at 10.11.0.21 - zebra did not answer show ip route for 2 s",
      ],
    );
  });

  it("undrain: returns once a route goes via the node again, else fails naming the pools", () => {
    assert.equal(runWait(wait(60).delete, [OTHER, BOTH]).code, 0);
    const r = runWait(wait(2).delete, [LOOKALIKE]);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        "bgp-fabric: undrain of az1/core1 lab-az1-in1 at 10.11.0.21 - after 2 s the switch routes nothing in 203.0.113.0/28 via the node - check its calico-node and its ingress pods",
      ],
    );
  });

  it("refuses a hostile address before rendering", () => {
    assert.throws(
      () =>
        frrDrainWait({
          label: "az1/core1",
          node: "n",
          address: "1.2.3.4'; reboot",
          pools: [],
          timeoutSeconds: 60,
        }),
      /internal: refusing to render/,
    );
  });
});
