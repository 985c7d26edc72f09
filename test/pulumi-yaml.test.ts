// Pulumi.yaml declares the project's config keys (Pulumi's project `config:` block) as the schema has them: the
// type the CLI checks, the schema's own description, `secret: true` where the schema wants a secret, and a default
// exactly for the optional keys (the CLI requires a declared key without one), a default that plans as its absence.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { configSchema, type SettingMeta } from "../model/spec/schema";
import { clone, planOf, ROOT, stackConfig } from "./helpers/fixtures";
import { readStackFile } from "../model/spec/stack-file";

interface Declared {
  type: string;
  items?: { type: string };
  description: string;
  secret?: boolean;
  default?: unknown;
}

const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as {
  config: Record<string, Declared>;
};

/**
 * Not declared: `rolloutOrder` has no default that plans as its absence (an empty list is refused with
 * `rollout: parallel`), and a declared key without a default would be required in every stack.
 */
const UNDECLARED = ["rolloutOrder"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = { def: any; meta(): SettingMeta | undefined };

/** The Pulumi config type of a top-level setting, as the engine hands the value over. */
function pulumiType(s: Schema): Pick<Declared, "type" | "items"> {
  switch (s.def.type) {
    case "string":
    case "enum":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "array":
      return { type: "array", items: { type: "string" } };
    case "object":
      // A secret (`{secure: …}` in the file) reaches the program decrypted, as text.
      return "secure" in s.def.shape ? { type: "string" } : { type: "object" };
    case "record":
      return { type: "object" };
    default:
      throw new Error(`no Pulumi config type for ${s.def.type}`);
  }
}

describe("Pulumi.yaml config declarations", () => {
  const shape = (configSchema as unknown as { shape: Record<string, Schema> }).shape;

  it("declares every key of the schema but the undeclared ones, with its type, description and secrecy", () => {
    const expected: Record<string, Omit<Declared, "default">> = {};
    for (const [key, outer] of Object.entries(shape)) {
      if (UNDECLARED.includes(key)) continue;
      const optional = outer.def.type === "optional";
      const inner: Schema = optional ? outer.def.innerType : outer;
      const meta = { ...inner.meta(), ...outer.meta() } as SettingMeta;
      expected[key] = {
        ...pulumiType(inner),
        description: meta.description,
        ...(key === "switchSshPrivateKey" ? { secret: true } : {}),
      };
    }
    const declared = Object.fromEntries(
      Object.entries(project.config).map(([k, { default: _, ...d }]) => [k, d]),
    );
    assert.deepEqual(declared, expected);
  });

  it("gives a default exactly to the optional keys (but the secret key, which pulumi up requires)", () => {
    const optional = Object.entries(shape)
      .filter(([k, s]) => s.def.type === "optional" && !UNDECLARED.includes(k))
      .map(([k]) => k)
      .filter((k) => k !== "switchSshPrivateKey")
      .sort();
    assert.deepEqual(
      Object.keys(project.config)
        .filter((k) => "default" in project.config[k])
        .sort(),
      optional,
    );
  });

  for (const stack of ["prod", "lab", "vendors"]) {
    it(`its defaults plan as their absence: ${stack}`, () => {
      const raw =
        stack === "vendors"
          ? readStackFile(join(ROOT, "test/fixtures/Pulumi.vendors.yaml"))
          : stackConfig(stack);
      const withDefaults = clone(raw);
      for (const [k, d] of Object.entries(project.config))
        if ("default" in d && !(k in withDefaults)) withDefaults[k] = d.default;
      assert.notDeepEqual(Object.keys(withDefaults), Object.keys(raw));
      assert.deepEqual(planOf(withDefaults), planOf(raw));
    });
  }
});
