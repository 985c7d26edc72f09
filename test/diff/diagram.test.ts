// The topology diagram: exact Mermaid for a small plan, marks for a change, and an SVG drawn by Graphviz (WASM).
import assert from "node:assert/strict";
import { assertGolden } from "../helpers/golden";
import { dot, mermaid, topology } from "../../model/present/diagram";
import { buildPlan } from "../../model/plan/plan";
import { parseSpec } from "../../model/spec/spec";
import { svgOf } from "../../io/svg";
import { VALID } from "../model/invalid-cases";
import { clone } from "../helpers/fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const planOf = (edit: (c: any) => void = () => {}) => {
  const raw = clone(VALID);
  edit(raw);
  const { spec, warnings } = parseSpec(raw, { requireSecrets: true });
  return buildPlan(spec, warnings);
};

const STYLES = [
  "  classDef switch fill:#dbe7f7,stroke:#2f5c8a",
  "  classDef master fill:#fbe9c6,stroke:#9a6a12",
  "  classDef ingress fill:#d8f0df,stroke:#2e7d4f",
  "  classDef worker fill:#eeeeee,stroke:#6e6e6e",
  "  classDef pool fill:#f3e8fb,stroke:#6f42c1",
  "  classDef added stroke:#1a7f37,stroke-width:3px",
  "  classDef removed stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
  "  classDef changed stroke:#bc4c00,stroke-width:3px",
];

describe("topology diagram", () => {
  it("draws a one-zone plan as Mermaid: zone, AS, switch, reflectors, ingress node, sessions, pools", () => {
    assert.deepEqual(mermaid(topology(planOf())), [
      "flowchart TB",
      '  subgraph z1["z1 · AS65001 · nodes 10.0.0.0/24 · pods 10.100.0.0/16"]',
      "    direction TB",
      '    n1["sw1<br/>10.0.0.1"]',
      '    n2["m1<br/>10.0.0.11"]',
      '    n3["m2<br/>10.0.0.12"]',
      '    n4["in1<br/>10.0.0.21"]',
      "  end",
      "  n2 === n3",
      "  n2 -.- n4",
      "  n3 -.- n4",
      "  n1 --- n2",
      "  n1 --- n3",
      "  n1 --- n4",
      '  subgraph pools["LoadBalancer pools: /32s announced by the ingress nodes"]',
      '    p1["public<br/>192.0.2.0/28"]',
      "  end",
      ...STYLES,
      "  class n1 switch",
      "  class n2,n3 master",
      "  class n4 ingress",
      "  class p1 pool",
      "  linkStyle 0,1,2 stroke:#9a6a12",
      "  linkStyle 3,4 stroke:#2f5c8a",
      "  linkStyle 5 stroke:#2e7d4f",
    ]);
  });

  it("marks a moved node, its old sessions removed and its new ones added, and a new node", () => {
    const before = planOf();
    const after = planOf((c) => {
      c.zones.z1.ingressNodes.in1.address = "10.0.0.25";
      c.zones.z1.ingressNodes.in2 = { address: "10.0.0.22" };
    });
    const lines = mermaid(topology(after, before));
    assert.deepEqual(lines.slice(3, 8), [
      '    n1["sw1<br/>10.0.0.1"]',
      '    n2["m1<br/>10.0.0.11"]',
      '    n3["m2<br/>10.0.0.12"]',
      '    n4["in1<br/>10.0.0.25 (was 10.0.0.21)"]',
      '    n5["in2 (added)<br/>10.0.0.22"]',
    ]);
    assert.deepEqual(
      lines.filter((l) => /\|(added|removed)\|/.test(l)),
      [
        "  n2 -.-|added| n4",
        "  n3 -.-|added| n4",
        "  n2 -.-|added| n5",
        "  n3 -.-|added| n5",
        "  n1 ---|added| n4",
        "  n1 ---|added| n5",
        "  n2 -.-|removed| n4",
        "  n3 -.-|removed| n4",
        "  n1 ---|removed| n4",
      ],
    );
    assert.deepEqual(
      lines.filter((l) => /^ {2}class n.* (added|changed)$|linkStyle .*#(1a7f37|cf222e)/.test(l)),
      [
        "  class n5 added",
        "  class n4 changed",
        "  linkStyle 1,2,3,4,7,8 stroke:#1a7f37,stroke-width:3px",
        "  linkStyle 9,10,11 stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
      ],
    );
  });

  it("marks everything added when the stack did not exist before", () => {
    const t = topology(planOf(), null);
    assert.deepEqual(
      [...t.zones, ...t.zones.flatMap((z) => z.nodes), ...t.edges, ...t.pools].map((x) => x.mark),
      Array.from({ length: 12 }, () => "added"),
    );
  });

  // The same SVG every time, in every process: compared with the one another process wrote (npm run golden).
  it("renders the DOT to the same SVG every time, with every node's name and address", async () => {
    const source = dot(topology(planOf()));
    const svg = await svgOf(source);
    assert.equal(await svgOf(source), svg);
    assertGolden("diagram/one-zone.svg", svg);
    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8" standalone="no"\?>/);
    for (const text of [
      "sw1",
      "10.0.0.1",
      "m1",
      "10.0.0.11",
      "m2",
      "in1",
      "10.0.0.21",
      "z1 · AS65001",
    ])
      assert.ok(svg.includes(`>${text}</text>`), text);
    assert.ok(svg.includes("pool public 192.0.2.0/28"));
  });
});
