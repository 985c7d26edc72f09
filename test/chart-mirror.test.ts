// The chart mirror's schema rewrite, in process (test/cli/chart.test.ts runs `npm run chart -- mirror` itself).
import assert from "node:assert/strict";
import { permissiveSchema, type ReplacedRef } from "../cli/chart-mirror";

describe("chart mirror schema", () => {
  it("replaces exactly the remote $ref'd schema nodes by {} and lists them", () => {
    const replaced: ReplacedRef[] = [];
    const out = permissiveSchema(
      {
        type: "object",
        properties: {
          a: { title: "A", $ref: "https://example.net/s.json#/definitions/A" },
          "b/c": { $ref: "#/definitions/local" },
          d: { allOf: [{ $ref: "http://example.net/x" }, { type: "string" }] },
        },
        definitions: { local: { type: "integer" } },
      },
      "values.schema.json",
      replaced,
    );
    assert.deepEqual(out, {
      type: "object",
      properties: {
        a: {},
        "b/c": { $ref: "#/definitions/local" },
        d: { allOf: [{}, { type: "string" }] },
      },
      definitions: { local: { type: "integer" } },
    });
    assert.deepEqual(replaced, [
      {
        file: "values.schema.json",
        pointer: "/properties/a",
        ref: "https://example.net/s.json#/definitions/A",
      },
      { file: "values.schema.json", pointer: "/properties/d/allOf/0", ref: "http://example.net/x" },
    ]);
  });
});
