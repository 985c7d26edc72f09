// Stack files read the same here as in `pulumi up` (yaml.v3) and in YAML 1.1, or are refused (issue 18).
import { strict as assert } from "node:assert";
import { parseStackText } from "../../model/spec/stack-file";
import { engineReading, goParseInt, yaml11Reading } from "../../model/spec/yaml-readings";
import { ConfigError } from "../../model/core/errors";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { YAML11_BOOLEANS } from "../helpers/yaml-forms";

function problems(body: string): string[] {
  try {
    parseStackText(`config:\n${body}`, "Pulumi.t.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}
const one = (value: string) => problems(`  bgp-fabric:v: ${value}\n`);

describe("stack file YAML forms", () => {
  it("models yaml.v3 resolve.go for the forms the issue names", () => {
    const cases: [string, unknown][] = [
      ["065101", 27201],
      ["011", 9],
      ["0o17", 15],
      ["-0o17", -15],
      ["0x1F", 31],
      ["0X1F", 31],
      ["0b101", 5],
      ["0b-1", -1],
      ["1_000", 1000],
      ["1:20", "1:20"],
      ["yes", "yes"],
      ["On", "On"],
      ["~", null],
      ["", null],
      ["Null", null],
      ["TRUE", true],
      ["1e3", 1000],
      ["+12", 12],
      ["-0", 0],
      ["08", 8],
      [".5", 0.5],
      ["1e400", "1e400"],
      ["9223372036854775807", { unrepresentable: "9223372036854775807 (not exact in JavaScript)" }],
      ["2026-12-01", { unrepresentable: "a timestamp" }],
      [".inf", { unrepresentable: "an infinity (no JSON value)" }],
      ["-.Inf", { unrepresentable: "an infinity (no JSON value)" }],
      [".NaN", { unrepresentable: "NaN (no JSON value)" }],
      ["abc_1", "abc_1"],
    ];
    assert.deepEqual(
      cases.map(([s]) => [s, engineReading(s)]),
      cases,
    );
  });

  it("models Go's strconv.ParseInt limits", () => {
    assert.equal(goParseInt("18446744073709551615", 0), 18446744073709551615n); // ParseUint's maximum
    assert.equal(goParseInt("18446744073709551616", 0), undefined);
    assert.equal(goParseInt("+9223372036854775808", 0), undefined); // ParseUint takes no sign
    assert.equal(goParseInt("-9223372036854775808", 0), -9223372036854775808n);
    assert.equal(goParseInt("0x", 0), undefined);
    assert.equal(goParseInt("0", 0), 0n);
  });

  it("reads YAML 1.1's booleans and base 60", () => {
    assert.deepEqual(["y", "NO", "off", "1:20", "0o17"].map(yaml11Reading), [
      true,
      false,
      false,
      80,
      "0o17",
    ]);
  });

  it("the refusal docs/operations.md quotes is the one given", () => {
    const [line] = problems("  bgp-fabric:asn: 065101\n");
    assert.ok(
      readFileSync(join(ROOT, "docs", "operations.md"), "utf8").includes(`\n${line}\n`),
      line,
    );
  });

  it("fails when a scalar reads differently in pulumi up, with how to write it", () => {
    assert.deepEqual(one("065101"), [
      'v: is a number with a leading zero, which YAML 1.1 and `pulumi up` read as octal (or not as a number) (got "065101"); write 65101, or quote it ("065101") if you mean the text',
    ]);
    assert.deepEqual(one("0o17"), [
      'v: reads as 15 in `pulumi up`, 15 in this plan and "0o17" in YAML 1.1 (got 0o17); write 15, or quote it ("0o17") if you mean the text',
    ]);
    assert.deepEqual(one("1_000"), [
      'v: reads as 1000 in `pulumi up`, "1_000" in this plan and 1000 in YAML 1.1 (got 1_000); write 1000, or quote it ("1_000") if you mean the text',
    ]);
    assert.deepEqual(one("0b101"), [
      'v: reads as 5 in `pulumi up`, "0b101" in this plan and 5 in YAML 1.1 (got 0b101); quote it ("0b101") if you mean the text, or write the number in plain decimal',
    ]);
    assert.deepEqual(one("1:20"), [
      'v: reads as "1:20" in `pulumi up`, "1:20" in this plan and 80 in YAML 1.1 (got 1:20); quote it ("1:20") if you mean the text, or write the number in plain decimal',
    ]);
    assert.deepEqual(one(".inf"), [
      'v: reads as an infinity (no JSON value) in `pulumi up`, an infinity (no JSON value) in this plan and an infinity (no JSON value) in YAML 1.1 (got .inf); quote it (".inf") if you mean the text, or write the number in plain decimal',
    ]);
    assert.deepEqual(one("-0"), [
      'v: reads as 0 in `pulumi up`, -0 in this plan and -0 in YAML 1.1 (got "-0"); write 0, or quote it ("-0") if you mean the text',
    ]);
    assert.deepEqual(one("2026-12-01"), [
      'v: reads as a timestamp in `pulumi up`, "2026-12-01" in this plan and a timestamp in YAML 1.1 (got 2026-12-01); quote it ("2026-12-01") if you mean the text, or write the number in plain decimal',
    ]);
  });

  it("fails on every case of yes, no, on, off, y and n", () => {
    for (const word of YAML11_BOOLEANS)
      assert.deepEqual(one(word), [
        `v: reads as ${JSON.stringify(word)} in \`pulumi up\`, ${JSON.stringify(word)} in this plan and ${/^[yo]n?$|^yes$|^on$/i.test(word) && !/^off$/i.test(word) ? "true" : "false"} in YAML 1.1 (got ${word}); write true or false, or quote it (${JSON.stringify(word)}) if you mean the text`,
      ]);
  });

  it("fails on tags, merge keys, directives and keys that are not text, all at once", () => {
    assert.deepEqual(
      problems(
        "  bgp-fabric:a: !js/function x\n  bgp-fabric:b: !!str 12\n  bgp-fabric:c: {<<: {d: 1}}\n  bgp-fabric:e: {1: x}\n",
      ),
      [
        "a: has a YAML tag, which `pulumi up` and this plan read differently or not at all (got !js/function); remove the tag; quote the value if it is text",
        "b: has a YAML tag, which `pulumi up` and this plan read differently or not at all (got tag:yaml.org,2002:str); remove the tag; quote the value if it is text",
        'c["<<"]: is a YAML merge key: `pulumi up` merges it, this plan reads a key named << (got <<); write the merged keys out in full',
        'e.1: has a key that is not text (got "1"); write the key as plain text (quote it)',
      ],
    );
    assert.throws(
      () => parseStackText("%YAML 1.1\n---\nconfig:\n  bgp-fabric:v: 1\n", "t"),
      (e: ConfigError) =>
        assert.deepEqual(e.problems, [
          '(root): has a YAML directive, which changes how the rest of the file reads (got "%YAML 1.1"); remove the directive line',
        ]) ?? true,
    );
  });

  it("fails on a config key without a value, which pulumi up reads as an empty string", () => {
    const line =
      'v: has no value, which `pulumi up` reads as "" and this plan as nothing (got nothing); give it a value or remove the key';
    assert.deepEqual(one(""), [line]);
    assert.deepEqual(one("~"), [line]);
    assert.deepEqual(problems("  bgp-fabric:o: {k: ~}\n"), []);
    // An alias to a null is a key without a value too (the CLI hands over "": checked with pulumi config --json).
    assert.deepEqual(problems("  bgp-fabric:l: [&n ~]\n  bgp-fabric:v: *n\n"), [line]);
  });

  it("fails on a Unicode line break, which hides a key from this plan that pulumi up reads", () => {
    // The real CLI read `holdSeconds: 3` from this comment (pulumi config --json); the yaml package reads a comment.
    assert.deepEqual(
      problems("  bgp-fabric:asn: 65101 # note\u2028  bgp-fabric:holdSeconds: 3\n"),
      [
        "Pulumi.t.yaml: line 2 holds the Unicode line break U+2028, which `pulumi up` reads as a new line and this plan does not (got U+2028); remove it, or write it as \\u2028 in a double-quoted string",
      ],
    );
    assert.equal(
      problems("  # a\u0085  bgp-fabric:v: 1\n")[0]?.includes(
        "line 2 holds the Unicode line break U+0085",
      ),
      true,
    );
    assert.equal(problems('  bgp-fabric:v: "a\u2029"\n').length, 1);
    assert.deepEqual(problems('  bgp-fabric:v: "a\\u2028b"\n'), []);
  });

  it("fails on a character pulumi up refuses the whole file for, which this plan would read", () => {
    // pulumi config --json: "yaml: control characters are not allowed" for a NUL; the yaml package read "a\u0000b".
    assert.deepEqual(problems("  bgp-fabric:v: a\u0000b\n"), [
      "Pulumi.t.yaml: line 2 holds the character U+0000, for which `pulumi up` refuses the whole file (got U+0000); remove it, or write it as \\u0000 in a double-quoted string",
    ]);
    for (const c of ["\u0001", "\u007f", "\u0080", "\u009f", "\ufffe", "\ud800"])
      assert.equal(problems(`  # ${c}\n  bgp-fabric:v: a\n`).length, 1, JSON.stringify(c));
    // Tab, CR, a BOM and other printable characters stay readable.
    assert.deepEqual(
      problems('  bgp-fabric:v: a\t\r\n  bgp-fabric:w: "\ufeff\u00a0\ud83d\ude00"\n'),
      [],
    );
  });

  it("fails on a key with a second colon, which pulumi up reads as another key or refuses", () => {
    // pulumi config --json read `bgp-fabric:config:asn: 5` as bgp-fabric:asn = "5" and refused `bgp-fabric:a:b`.
    assert.deepEqual(problems("  bgp-fabric:config:asn: 5\n  bgp-fabric:a:b: 1\n"), [
      "bgp-fabric:a:b: has a second colon, which `pulumi up` reads as another key or refuses (got bgp-fabric:a:b); write it as bgp-fabric:b",
      "bgp-fabric:config:asn: has a second colon, which `pulumi up` reads as another key or refuses (got bgp-fabric:config:asn); write it as bgp-fabric:asn",
    ]);
  });

  it("fails on YAML that does not parse, naming the line and column", () => {
    assert.throws(
      () => parseStackText("config: {a: 1}\nconfig: 2\n", "Pulumi.t.yaml"),
      (e: ConfigError) =>
        assert.deepEqual(e.problems, [
          "Pulumi.t.yaml: cannot be read as YAML (got Map keys must be unique at line 2, column 1); fix the file",
        ]) ?? true,
    );
  });

  it("accepts the forms every reader reads alike, quoted text, anchors and aliases", () => {
    assert.deepEqual(
      parseStackText(
        "config:\n  bgp-fabric:a: [0, 1.5, 1e3, +12, -7, 0x1F, true, False, ~, null, \"065101\", 'yes', text_1]\n" +
          "  bgp-fabric:b: {x: &p 5, y2: *p}\n  bgp-fabric:c: |\n    on\n",
        "t",
      ),
      {
        a: [0, 1.5, 1000, 12, -7, 31, true, false, null, null, "065101", "yes", "text_1"],
        b: { x: 5, y2: 5 },
        c: "on\n",
      },
    );
  });
});
