// The topology diagram of a zone with many lab workers: one node for all of them, one link per reflector.
import assert from "node:assert/strict";
import { DRAWN_WORKERS, mermaid, topology } from "../../model/present/diagram";
import { buildPlan } from "../../model/plan/plan";
import { parseSpec } from "../../model/spec/spec";
import { VALID } from "../model/invalid-cases";
import { clone } from "../helpers/fixtures";

/** VALID's one zone with lab workers w01..w99 (from..to) at 10.0.0.<100 + i>. */
const withWorkers = (from: number, to: number) => {
  const raw = clone(VALID) as typeof VALID & { lab?: unknown };
  const workers: Record<string, { address: string }> = {};
  for (let i = from; i <= to; i++)
    workers[`w${String(i).padStart(2, "0")}`] = { address: `10.0.0.${100 + i}` };
  raw.lab = { workers: { z1: workers } };
  return buildPlan(parseSpec(raw, { requireSecrets: true }).spec);
};

describe("topology diagram with many lab workers", () => {
  it(`draws up to ${DRAWN_WORKERS} workers of a zone one by one`, () => {
    const t = topology(withWorkers(1, DRAWN_WORKERS));
    assert.deepEqual(
      t.zones[0].nodes.filter((n) => n.role === "worker").map((n) => `${n.name} ${n.address}`),
      Array.from(
        { length: DRAWN_WORKERS },
        (_, i) => `w${String(i + 1).padStart(2, "0")} 10.0.0.${101 + i}`,
      ),
    );
  });

  it("draws more as one node with their address range, linked once to each reflector", () => {
    const lines = mermaid(topology(withWorkers(1, DRAWN_WORKERS + 1)));
    assert.deepEqual(lines.slice(4, 10), [
      '    n_z1__switch__sw1["sw1<br/>10.0.0.1"]',
      '    n_z1__master__m1["m1<br/>10.0.0.11"]',
      '    n_z1__master__m2["m2<br/>10.0.0.12"]',
      '    n_z1__ingress__in1["in1<br/>10.0.0.21"]',
      `    w_z1["${DRAWN_WORKERS + 1} lab workers<br/>10.0.0.101 - 10.0.0.${101 + DRAWN_WORKERS}"]`,
      "  end",
    ]);
    assert.deepEqual(
      lines.filter((l) => /\bw_z1\b/.test(l)),
      [
        lines[8],
        "  n_z1__master__m1 -.- w_z1",
        "  n_z1__master__m2 -.- w_z1",
        "  class w_z1,legend_worker worker",
      ],
    );
  });

  it("counts added and removed workers in the node and marks its links changed", () => {
    const before = withWorkers(1, DRAWN_WORKERS + 1);
    const after = withWorkers(2, DRAWN_WORKERS + 2);
    const t = topology(after, before);
    const group = t.zones[0].nodes.find((n) => n.role === "worker")!;
    assert.deepEqual(group, {
      id: "w_z1",
      name: `${DRAWN_WORKERS + 2} lab workers: 1 added, 1 removed`,
      address: `10.0.0.101 - 10.0.0.${102 + DRAWN_WORKERS}`,
      role: "worker",
      mark: "changed",
    });
    assert.deepEqual(
      t.edges.filter((e) => e.to === "w_z1"),
      [
        { from: "n_z1__master__m1", to: "w_z1", kind: "node-rr", mark: "changed" },
        { from: "n_z1__master__m2", to: "w_z1", kind: "node-rr", mark: "changed" },
      ],
    );
  });

  it("marks the node added when every worker is new", () => {
    const t = topology(withWorkers(1, DRAWN_WORKERS + 1), withWorkers(1, 0));
    const group = t.zones[0].nodes.find((n) => n.role === "worker")!;
    assert.equal(group.mark, "added");
    assert.equal(group.name, `${DRAWN_WORKERS + 1} lab workers`);
    assert.deepEqual(
      t.edges.filter((e) => e.to === group.id).map((e) => e.mark),
      ["added", "added"],
    );
  });
});
