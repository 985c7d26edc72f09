// Properties of the plan CLI's inputs and outputs, seeded by test/helpers/property.ts: whatever a directory holds,
// `--out` either refreshes its own output or refuses in one line with every byte as it was, and never reaches
// outside; whatever a baseline file holds, loading it plans or fails in one line; whatever a value holds, what we
// print or write is not markup.
import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import fc from "fast-check";
import { loadBaseline, baselineFailure } from "../cli/baseline";
import { CliError, CONTROL, terminalText } from "../io/input";
import { MANIFEST, writePlanDir } from "../io/plan-dir";
import { isHostName, parseIPv4 } from "../model/core/ip";
import { mdText, mermaidText } from "../model/present/markup";
import { ROOT } from "./helpers/fixtures";
import { propertySettings } from "./helpers/property";

const property = propertySettings("plan CLI properties", 20261201);
const seed = property.seed;

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        out[`${relative(dir, p)}/`] = "";
        walk(p);
      } else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Names a plan has, names a user has, and names that try to leave the directory. */
const PLAN_NAMES = [
  "plan.json",
  "SUMMARY.md",
  "DIFF.md",
  "kubernetes/a.yaml",
  "switches/az1-core1.sh",
];
const OTHER_NAMES = [".git/HEAD", "Pulumi.prod.yaml", "notes.txt", "kubernetes/mine.yaml", ".env"];
const ESCAPES = [
  "../outside.txt",
  "/etc/passwd",
  "kubernetes/../../outside.txt",
  "",
  ".bgp-fabric-plan",
];

/** The inet_aton reading of a host: 1 to 4 numbers, each decimal, octal (leading 0) or hexadecimal (0x). */
function inetAton(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length > 4) return undefined;
  const nums: bigint[] = [];
  for (const p of parts) {
    if (/^0x[0-9a-f]*$/i.test(p)) nums.push(p.length === 2 ? 0n : BigInt(p));
    else if (/^0[0-7]*$/.test(p)) nums.push(p === "0" ? 0n : BigInt(`0o${p.slice(1)}`));
    else if (/^[1-9]\d*$/.test(p)) nums.push(BigInt(p));
    else return undefined;
  }
  const last = nums.pop()!;
  let value = 0n;
  nums.forEach((n, i) => {
    if (n > 255n) value = -1n;
    value += n << BigInt(24 - 8 * i);
  });
  if (value < 0n || last >= 1n << BigInt(32 - 8 * nums.length)) return undefined;
  return value + last;
}

describe("plan CLI properties", function () {
  this.timeout(property.factor > 1 ? 0 : 300_000);

  it("--out: refreshes only its own files or refuses with every byte kept, never outside the directory", () => {
    const root = mkdtempSync(join(tmpdir(), "bgp-fabric-outprop-"));
    let run = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...PLAN_NAMES, ...OTHER_NAMES), { maxLength: 6 }),
        fc.option(
          fc.uniqueArray(fc.constantFrom(...PLAN_NAMES, ...OTHER_NAMES, ...ESCAPES), {
            maxLength: 7,
          }),
        ),
        fc.uniqueArray(fc.constantFrom(...PLAN_NAMES), { minLength: 1, maxLength: 5 }),
        (present, listed, next) => {
          const top = join(root, String(run++));
          const out = join(top, "out");
          mkdirSync(out, { recursive: true });
          writeFileSync(join(top, "outside.txt"), "outside\n");
          for (const f of present) {
            mkdirSync(dirname(join(out, f)), { recursive: true });
            writeFileSync(join(out, f), `old ${f}\n`);
          }
          if (listed)
            writeFileSync(
              join(out, MANIFEST),
              JSON.stringify({ writtenBy: "npm run plan", files: listed }),
            );
          const before = snapshot(top);
          const files = next.map((path) => ({ path, content: `new ${path}\n` }));
          let error: unknown;
          try {
            writePlanDir(out, files);
          } catch (e) {
            error = e;
          }
          const after = snapshot(top);
          assert.equal(after["outside.txt"], "outside\n");
          if (error !== undefined) {
            assert.ok(error instanceof CliError, String(error));
            assert.doesNotMatch(error.message, /\n/);
            assert.deepEqual(after, before);
            return;
          }
          // Accepted: everything that was there was listed in a valid manifest (or nothing was there) ...
          // (a manifest of plain relative paths: none leaving the directory, none hidden).
          const valid = listed && listed.every((f) => !ESCAPES.includes(f) && !f.startsWith("."));
          for (const f of present) assert.ok(valid && listed!.includes(f), `${f} was not ours`);
          // ... and now it holds exactly the new plan and its manifest.
          const now = snapshot(out);
          const fileNames = Object.keys(now).filter((k) => !k.endsWith("/"));
          assert.deepEqual(fileNames.sort(), [...next, MANIFEST].sort());
          for (const f of next) assert.equal(now[f], `new ${f}\n`);
        },
      ),
      { numRuns: property.runs(300), seed },
    );
    rmSync(root, { recursive: true, force: true });
  });

  it("--against: any file content plans, or fails in one line with no raw control character", () => {
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-baseprop-"));
    const stack = join(ROOT, "Pulumi.prod.yaml");
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom("\u001b[2J", "\u202e", "<script>", "__proto__", "{", "[]"),
    );
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({
          datacenter: value,
          zones: fc.array(fc.record({ name: value }), { maxLength: 2 }),
          sessions: fc.constant([]),
          kubernetes: fc.constant([]),
          helmReleases: fc.constant([]),
          switches: fc.array(fc.record({ zone: value, name: value, commands: fc.constant([]) }), {
            maxLength: 2,
          }),
          warnings: fc.constant([]),
        })
        .map((p) => JSON.stringify(p)),
      fc.string({ unit: "binary", maxLength: 60 }).map((v) => `config:\n  bgp-fabric:${v}: 1\n`),
    );
    let n = 0;
    fc.assert(
      fc.property(text, fc.constantFrom("plan.json", "Pulumi.x.yaml"), (content, name) => {
        const file = join(dir, `${n++}-${name}`);
        writeFileSync(file, content);
        try {
          loadBaseline(file, stack);
        } catch (e) {
          for (const line of baselineFailure(file, e)) {
            assert.doesNotMatch(line, /\n/);
            assert.doesNotMatch(line, CONTROL, line);
          }
        }
      }),
      { numRuns: property.runs(400), seed },
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it("terminal text, Markdown and Mermaid labels: no value becomes a control sequence or markup", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        assert.doesNotMatch(terminalText(s).replace(/\n/g, ""), CONTROL);
        const md = mdText(s);
        assert.doesNotMatch(md, /[<>"\r\n]/);
        // Every Markdown punctuation character is escaped by a backslash of its own.
        assert.doesNotMatch(md.replace(/\\[\\`*_[\]#|~!]/g, ""), /[\\`*_[\]#|~!]/);
        assert.doesNotMatch(mermaidText(s), /["<>\r\n]/);
      }),
      { numRuns: property.runs(2000), seed },
    );
  });

  it("sshHost: an accepted host is never read by a resolver as another address", () => {
    const host = fc.oneof(
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.domain(),
      fc.stringMatching(/^[0-9a-fx.]{1,20}$/),
      fc.integer({ min: 0, max: 2 ** 32 }).map(String),
    );
    let accepted = 0;
    fc.assert(
      fc.property(host, (h) => {
        if (!isHostName(h)) return;
        accepted++;
        const read = inetAton(h.toLowerCase());
        // Either no resolver reads it as a number, or it is the canonical dotted quad of that number.
        if (read !== undefined) assert.equal(parseIPv4(h), read, h);
      }),
      { numRuns: property.runs(3000), seed },
    );
    assert.ok(accepted > 500, String(accepted));
    for (const h of ["010.001.000.002", "0x0a.1.0.2", "65101", "0x0a", "10.2", "1.2.3.4.5"])
      assert.equal(isHostName(h), false, h);
    for (const h of ["core1.az1.example.net", "10.1.0.1", "sw1", "0.0.0.0"])
      assert.ok(isHostName(h), h);
  });
});
