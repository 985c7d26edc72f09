// Property (fuzz tier, fixed seed): hostile keys and values anywhere in a stack file, read as `npm run plan` reads it
// (YAML text -> parseStackText -> checkStack), plan or are refused with ConfigError lines that are each one bounded
// line with no control character and no JavaScript internals; no crash, no stack trace, no hang (mocha's timeout).
import assert from "node:assert/strict";
import fc from "fast-check";
import { stringify } from "yaml";
import { ConfigError, MAX_LINE } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { parseStackText } from "../../model/spec/stack-file";
import { clone, stackConfig } from "../helpers/fixtures";
import { propertySettings } from "../helpers/property";

type Json = Record<string, unknown>;

/** Strings built to break a message, a shell line or a parser: line breaks, bidi, NUL, huge, quotes, YAML syntax. */
const hostileText = fc.oneof(
  fc.constantFrom(
    "a\nzones.az1.asn: forged (got 1); do this",
    "\u202eevil\u202c",
    "x\u0000y",
    "\r\n",
    "$(reboot)",
    "`id`",
    "'; drop",
    '"quoted"',
    "\u2028line",
    "{secure: v1:x}",
    "__proto__",
    "constructor",
    "*alias",
    "!js/function",
    "localhost",
    "169.254.169.254",
    "0.0.0.0",
    "-oProxyCommand=x",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1, max: 5 }).map((n) => "k".repeat(n * 40_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(1e308, -1, 0, 2 ** 53, 4294967296, 1.5, true, null, [], {}),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
);

function paths(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [at];
  return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
}

const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const INTERNALS =
  /Cannot read prop|is not a function|is not iterable|undefined \(reading|TypeError|RangeError|\.ts:\d+/;

describe("property: hostile keys and values in a stack file", function () {
  const property = propertySettings("hostile values", 20261206);
  this.timeout(property.timeout === 0 ? 0 : 180_000);
  const base = clone(stackConfig("prod")) as Json;
  const targets = paths(base).filter((p) => p.length > 0);

  it(`${property.runs(60)} stack files with hostile keys and values plan or are refused line by line`, () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.constantFrom(...targets),
            asKey: fc.boolean(),
            key: hostileText,
            value: hostileValue,
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          const raw = structuredClone(base);
          for (const e of edits) {
            const parent = e.path
              .slice(0, -1)
              .reduce<unknown>(
                (o, k) => (o !== null && typeof o === "object" ? (o as Json)[k] : undefined),
                raw,
              );
            if (parent === null || typeof parent !== "object" || Array.isArray(parent)) continue;
            const last = e.path[e.path.length - 1];
            Object.defineProperty(parent, e.asKey ? e.key : last, {
              value: e.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
          const text = stringify({
            config: Object.fromEntries(Object.entries(raw).map(([k, v]) => [`bgp-fabric:${k}`, v])),
          });
          try {
            checkStack(parseStackText(text, "Pulumi.fuzz.yaml"), { requireSecrets: false });
          } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            refused += 1;
            assert.ok(e.problems.length > 0);
            for (const line of [...e.problems, ...e.warnings]) {
              assert.doesNotMatch(line, INVISIBLE);
              assert.doesNotMatch(line, INTERNALS);
              assert.ok(line.length <= MAX_LINE, `${line.length} characters`);
            }
            for (const p of e.problems) assert.match(p, /^\S.*: .+$/);
          }
        },
      ),
      { numRuns: property.runs(60), seed: property.seed },
    );
    assert.ok(refused > 0, "no hostile config was refused");
  });
});
