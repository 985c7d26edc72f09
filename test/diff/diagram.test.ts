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

const SW1 = "n_z1__switch__sw1";
const M1 = "n_z1__master__m1";
const M2 = "n_z1__master__m2";
const IN1 = "n_z1__ingress__in1";
const IN2 = "n_z1__ingress__in2";

describe("topology diagram", () => {
  it("draws a one-zone plan as Mermaid: upstream, zone, AS, switch, reflectors, ingress node, sessions, pools, legend", () => {
    assert.deepEqual(mermaid(topology(planOf())), [
      "flowchart TB",
      '  upstream(["upstream network"])',
      '  subgraph z_z1["z1 · AS65001 · nodes 10.0.0.0/24 · pods 10.100.0.0/16"]',
      "    direction TB",
      '    n_z1__switch__sw1["sw1<br/>10.0.0.1"]',
      '    n_z1__master__m1["m1<br/>10.0.0.11"]',
      '    n_z1__master__m2["m2<br/>10.0.0.12"]',
      '    n_z1__ingress__in1["in1<br/>10.0.0.21"]',
      "  end",
      '  subgraph pools["LoadBalancer pools: /32s announced by the ingress nodes"]',
      '    p_public["public<br/>192.0.2.0/28"]',
      "  end",
      "  n_z1__switch__sw1 --- n_z1__ingress__in1",
      "  n_z1__master__m1 -.- n_z1__ingress__in1",
      "  n_z1__master__m2 -.- n_z1__ingress__in1",
      "  n_z1__master__m1 === n_z1__master__m2",
      "  n_z1__switch__sw1 --- n_z1__master__m1",
      "  n_z1__switch__sw1 --- n_z1__master__m2",
      "  n_z1__ingress__in1 -.-> p_public",
      "  upstream --- n_z1__switch__sw1",
      '  subgraph legend["Legend"]',
      "    direction LR",
      '    legend_switch["core switch"]',
      '    legend_master["route reflector (master)"]',
      '    legend_ingress["ingress node"]',
      '    legend_pool["LoadBalancer pool"]',
      '    legend_links["━━ core switch - upstream network (the /32s out, ECMP)<br/>━━ reflector - core switch<br/>━━ ingress node - core switch<br/>╍╍ node - reflector (RR client)<br/>▬▬ reflector - reflector<br/>┈▶ ingress node announces the pool\'s /32s"]',
      "  end",
      "  classDef switch fill:#dbe7f7,stroke:#2f5c8a",
      "  classDef master fill:#fbe9c6,stroke:#9a6a12",
      "  classDef ingress fill:#d8f0df,stroke:#2e7d4f",
      "  classDef worker fill:#eeeeee,stroke:#6e6e6e",
      "  classDef pool fill:#f3e8fb,stroke:#6f42c1",
      "  classDef upstream fill:#f6f8fa,stroke:#57606a",
      "  classDef legend fill:#ffffff,stroke:#d0d7de,text-align:left",
      "  classDef added stroke:#1a7f37,stroke-width:3px",
      "  classDef removed stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
      "  classDef changed stroke:#bc4c00,stroke-width:3px",
      "  class n_z1__switch__sw1,legend_switch switch",
      "  class n_z1__master__m1,n_z1__master__m2,legend_master master",
      "  class n_z1__ingress__in1,legend_ingress ingress",
      "  class p_public,legend_pool pool",
      "  class upstream upstream",
      "  class legend_links legend",
      "  linkStyle 0 stroke:#2e7d4f",
      "  linkStyle 1,2,3 stroke:#9a6a12",
      "  linkStyle 4,5 stroke:#2f5c8a",
      "  linkStyle 6 stroke:#6f42c1",
      "  linkStyle 7 stroke:#57606a",
    ]);
  });

  it("marks a moved node, its old sessions removed and its new ones added, and a new node", () => {
    const before = planOf();
    const after = planOf((c) => {
      c.zones.z1.ingressNodes.in1.address = "10.0.0.25";
      c.zones.z1.ingressNodes.in2 = { address: "10.0.0.22" };
    });
    const lines = mermaid(topology(after, before));
    assert.deepEqual(lines.slice(4, 9), [
      `    ${SW1}["sw1<br/>10.0.0.1"]`,
      `    ${M1}["m1<br/>10.0.0.11"]`,
      `    ${M2}["m2<br/>10.0.0.12"]`,
      `    ${IN1}["in1<br/>10.0.0.25 (was 10.0.0.21)"]`,
      `    ${IN2}["in2 (added)<br/>10.0.0.22"]`,
    ]);
    assert.deepEqual(
      lines.filter((l) => /\|(added|removed)\|/.test(l)),
      [
        `  ${SW1} ---|removed| ${IN1}`,
        `  ${SW1} ---|added| ${IN1}`,
        `  ${SW1} ---|added| ${IN2}`,
        `  ${M1} -.-|removed| ${IN1}`,
        `  ${M2} -.-|removed| ${IN1}`,
        `  ${M1} -.-|added| ${IN1}`,
        `  ${M2} -.-|added| ${IN1}`,
        `  ${M1} -.-|added| ${IN2}`,
        `  ${M2} -.-|added| ${IN2}`,
        // The new node announces the pool; the moved one announced it before and after.
        `  ${IN2} -.->|added| p_public`,
      ],
    );
    assert.ok(lines.includes(`  ${IN1} -.-> p_public`));
    assert.deepEqual(
      lines.filter((l) => /^ {2}class n.* (added|changed)$|linkStyle .*#(1a7f37|cf222e)/.test(l)),
      [
        `  class ${IN2} added`,
        `  class ${IN1} changed`,
        "  linkStyle 0,3,4 stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
        "  linkStyle 1,2,5,6,7,8,13 stroke:#1a7f37,stroke-width:3px",
      ],
    );
    // The legend says what the marks mean.
    assert.match(
      lines.find((l) => l.startsWith("    legend_links"))!,
      /<br\/>green, thick: added<br\/>red, dashed: removed<br\/>orange: address changed"\]$/,
    );
  });

  it("declares a plan's nodes in its diff with the same ids and in the same order, a removed node in its place", () => {
    const three = planOf((c) => {
      c.zones.z1.ingressNodes.in2 = { address: "10.0.0.22" };
      c.zones.z1.ingressNodes.in3 = { address: "10.0.0.23" };
    });
    const withoutIn2 = planOf((c) => {
      c.zones.z1.ingressNodes.in3 = { address: "10.0.0.23" };
    });
    const ids = (t: ReturnType<typeof topology>) => [
      ...t.zones.flatMap((z) => z.nodes.map((n) => `${n.id} ${n.mark}`)),
      ...t.pools.map((p) => `${p.id} ${p.mark}`),
    ];
    const IN3 = "n_z1__ingress__in3";
    assert.deepEqual(ids(topology(three)), [
      `${SW1} same`,
      `${M1} same`,
      `${M2} same`,
      `${IN1} same`,
      `${IN2} same`,
      `${IN3} same`,
      "p_public same",
    ]);
    // in2 removed: drawn where it was, between in1 and in3, as the before picture has it.
    assert.deepEqual(ids(topology(withoutIn2, three)), [
      `${SW1} same`,
      `${M1} same`,
      `${M2} same`,
      `${IN1} same`,
      `${IN2} removed`,
      `${IN3} same`,
      "p_public same",
    ]);
    // The same links in the same order as in the picture of either plan, the removed ones in their sorted place.
    const links = (t: ReturnType<typeof topology>) =>
      t.edges.filter((e) => e.mark !== "removed").map((e) => `${e.from} ${e.to} ${e.kind}`);
    assert.deepEqual(links(topology(withoutIn2, three)), links(topology(withoutIn2)));
    assert.deepEqual(
      topology(withoutIn2, three).edges.map((e) => `${e.from} ${e.to} ${e.kind}`),
      topology(three).edges.map((e) => `${e.from} ${e.to} ${e.kind}`),
    );
  });

  it("marks everything added when the stack did not exist before", () => {
    const t = topology(planOf(), null);
    assert.deepEqual(
      [...t.zones, ...t.zones.flatMap((z) => z.nodes), ...t.edges, ...t.pools].map((x) => x.mark),
      Array.from({ length: 14 }, () => "added"),
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
    for (const text of ["pool public", "192.0.2.0/28", "upstream network"])
      assert.ok(svg.includes(`>${text}</text>`), text);
  });
});
