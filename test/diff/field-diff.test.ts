// Field paths and values a reviewer reads, and the script line diff of changed switch commands.
import assert from "node:assert/strict";
import { diffFields, fieldPath, sameJson } from "../../model/present/field-diff";
import { lineDiff } from "../../model/core/line-diff";

describe("field diff", () => {
  const paths: [string, string | number, string][] = [
    ["", "spec", "spec"],
    ["spec", "peerIP", "spec.peerIP"],
    ["metadata.labels", "bgp-fabric.io/ingress", 'metadata.labels["bgp-fabric.io/ingress"]'],
    ["spec.taints", 0, "spec.taints[0]"],
  ];
  for (const [parent, key, want] of paths)
    it(`names ${JSON.stringify(key)} under ${JSON.stringify(parent)} as ${want}`, () =>
      assert.equal(fieldPath(parent, key), want));

  it("reports changed, new and gone leaves in the after value's key order", () => {
    assert.deepEqual(
      diffFields(
        { spec: { peerIP: "10.1.0.2", asNumber: 65101, filters: ["f"] } },
        { spec: { asNumber: 65105, peerIP: "10.1.0.2", password: { key: "k" } } },
      ),
      [
        { path: "spec.asNumber", before: 65101, after: 65105 },
        { path: "spec.password", after: { key: "k" } },
        { path: "spec.filters", before: ["f"] },
      ],
    );
  });

  it("aligns lists on equal elements: an insertion is one addition, a removal one removal", () => {
    assert.deepEqual(diffFields(["b", "c"], ["a", "b", "c"]), [{ path: "[0]", after: "a" }]);
    assert.deepEqual(diffFields(["a", "b", "c"], ["a", "c"]), [{ path: "[1]", before: "b" }]);
    assert.deepEqual(diffFields([{ cidr: "x", n: 1 }], [{ cidr: "x", n: 2 }]), [
      { path: "[0].n", before: 1, after: 2 },
    ]);
  });

  it("treats key order and undefined fields as irrelevant (a plan.json read back is the same plan)", () => {
    assert.equal(
      sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined }),
      true,
    );
    assert.deepEqual(diffFields({ a: 1, b: undefined }, { a: 1 }), []);
  });
});

describe("line diff", () => {
  it("shows changed lines with one line of context and @@ between hunks", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g"].join("\n");
    const after = ["a", "B", "c", "d", "e", "f", "G"].join("\n");
    assert.deepEqual(lineDiff(before, after), [
      "  a",
      "- b",
      "+ B",
      "  c",
      "@@",
      "  f",
      "- g",
      "+ G",
    ]);
  });

  it("is empty for equal texts", () => assert.deepEqual(lineDiff("x\ny", "x\ny"), []));
});
