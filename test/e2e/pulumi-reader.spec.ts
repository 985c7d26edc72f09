// The YAML differential (issue 18): for every committed stack file and one generated file per YAML form and place,
// what the offline plan reads must be what the real Pulumi CLI hands the program (`pulumi config --json`, decoded
// as config.ts decodes it), or the plan must refuse the file. Needs the e2e toolchain's Pulumi CLI (e2e/tools/build.sh);
// runs in the e2e tier (.ci/e2e.sh, `npm run test:reader`) and fails loudly when the CLI is missing.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { decode } from "../../config";
import { ConfigError } from "../../model/core/errors";
import { NAMESPACE, parseStackText } from "../../model/spec/stack-file";
import { ROOT } from "../helpers/fixtures";
import { FORMS } from "../helpers/yaml-forms";

/** The Pulumi CLI of the e2e toolchain: $PULUMI_BIN, or the folder e2e/tools/build.sh prints (cached after CI's build). */
function pulumiBinary(): string {
  if (process.env.PULUMI_BIN) return process.env.PULUMI_BIN;
  const r = spawnSync("bash", [join(ROOT, "e2e/tools/build.sh"), "pulumi"], { encoding: "utf8" });
  const dir = r.status === 0 ? r.stdout.trim().split("\n").pop()! : "";
  const bin = join(dir, "pulumi");
  if (!dir || !existsSync(bin))
    throw new Error(
      `the YAML differential needs the real Pulumi CLI and has none: e2e/tools/build.sh pulumi exited ${r.status}` +
        ` (${(r.stderr ?? "").trim().split("\n").pop()}); build the e2e toolchain (docs/e2e.md) or set PULUMI_BIN`,
    );
  return bin;
}

/** One file per form and place: a top-level value, a nested value, a list item and a nested key. */
function generated(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const head = "config:\n  bgp-fabric:datacenter: fra1\n";
  for (const f of FORMS) {
    out.push({ name: `top ${f}`, text: `${head}  bgp-fabric:v: ${f}\n` });
    out.push({ name: `nested ${f}`, text: `${head}  bgp-fabric:o:\n    k: ${f}\n` });
    out.push({ name: `item ${f}`, text: `${head}  bgp-fabric:l:\n    - ${f}\n` });
    if (!f.startsWith("!"))
      out.push({ name: `key ${f}`, text: `${head}  bgp-fabric:o:\n    ${f}: 1\n` });
  }
  out.push(
    { name: "top empty", text: `${head}  bgp-fabric:v:\n` },
    {
      name: "merge key",
      text: `${head}  bgp-fabric:o:\n    base: &b {x: 1}\n    m:\n      <<: *b\n      y: 2\n`,
    },
    { name: "anchor alias", text: `${head}  bgp-fabric:o:\n    a: &x 011\n    b: *x\n` },
    {
      name: "anchor alias text",
      text: `${head}  bgp-fabric:o:\n    a: &x {p: 1, q: [a, b]}\n    b: *x\n`,
    },
    { name: "directive 1.1", text: `%YAML 1.1\n---\n${head}  bgp-fabric:v: 1\n` },
    { name: "directive 1.2", text: `%YAML 1.2\n---\n${head}  bgp-fabric:v: 1\n` },
    {
      name: "tag directive",
      text: `%TAG !e! tag:example.com,2000:\n---\n${head}  bgp-fabric:v: !e!x 1\n`,
    },
    {
      name: "block scalars",
      text: `${head}  bgp-fabric:v: |\n    yes\n    065101\n  bgp-fabric:w: >-\n    1:20\n`,
    },
    { name: "flow map", text: `${head}  bgp-fabric:o: {a: 011, "b": yes, c: [0x1F, ~]}\n` },
    { name: "multi-line plain", text: `${head}  bgp-fabric:v: 1\n    2\n` },
    { name: "binary tag", text: `${head}  bgp-fabric:v: !!binary aGk=\n` },
    {
      name: "secure",
      text: `${head}  bgp-fabric:s:\n    secure: v1:abc\n  bgp-fabric:o: {p: {secure: v1:abc}}\n`,
    },
    { name: "duplicate key", text: `${head}  bgp-fabric:v: 1\n  bgp-fabric:v: 2\n` },
    { name: "two documents", text: `${head}---\nconfig: {}\n` },
    { name: "quoted merge key", text: `${head}  bgp-fabric:o:\n    "<<": {x: 1}\n` },
    { name: "line separator in a comment", text: `${head}  # a\u2028  bgp-fabric:v: 3\n` },
    { name: "next line in a comment", text: `${head}  # a\u0085  bgp-fabric:v: 3\n` },
    { name: "control character", text: `${head}  bgp-fabric:v: a\u0000b\n` },
    { name: "C1 control in a comment", text: `${head}  # a\u0090\n` },
    { name: "legacy config key", text: `${head}  bgp-fabric:config:v: 3\n` },
    { name: "second colon", text: `${head}  bgp-fabric:v:w: 3\n` },
    { name: "alias to null", text: `${head}  bgp-fabric:l: [&n ~]\n  bgp-fabric:v: *n\n` },
  );
  return out;
}

function committed(): { name: string; text: string }[] {
  const r = spawnSync(
    "git",
    ["ls-files", "Pulumi.*.yaml", "test/fixtures/*.yaml", "e2e/stacks/*.yaml"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  return r.stdout
    .trim()
    .split("\n")
    .filter((f) => f !== "Pulumi.yaml")
    .map((f) => ({ name: f, text: readFileSync(join(ROOT, f), "utf8") }));
}

type CliEntry = { value?: string; objectValue?: unknown; secret: boolean };
type Reading = { ok: true; config: Record<string, unknown> } | { ok: false; why: string };

/** The bgp-fabric config the program gets from the CLI: a secret as a marker, everything else decoded as config.ts does. */
function programView(json: Record<string, CliEntry>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(json)) {
    if (!k.startsWith(`${NAMESPACE}:`)) continue;
    const name = k.slice(NAMESPACE.length + 1);
    out[name] = e.secret ? "<secret>" : decode(name, e.value ?? "");
  }
  return out;
}

/** The plan's reading in the same terms: top-level scalars as the text the CLI passes, secrets as the marker. */
function planView(raw: Record<string, unknown>): Record<string, unknown> {
  const hasSecret = (v: unknown): boolean =>
    typeof v === "object" && v !== null && ("secure" in v || Object.values(v).some(hasSecret));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw))
    out[k] = hasSecret(v) ? "<secret>" : typeof v === "object" && v !== null ? v : String(v);
  return out;
}

describe("the plan reads stack files as the Pulumi CLI does", function () {
  this.timeout(900_000);
  let work: string;
  let env: NodeJS.ProcessEnv;
  let pulumi: string;
  let salt: string;

  before(() => {
    pulumi = pulumiBinary();
    work = mkdtempSync(join(tmpdir(), "bgp-fabric-reader-"));
    mkdirSync(join(work, "project"));
    writeFileSync(join(work, "project", "Pulumi.yaml"), "name: bgp-fabric\nruntime: nodejs\n");
    env = {
      PATH: process.env.PATH,
      HOME: work,
      PULUMI_HOME: join(work, "home"),
      PULUMI_BACKEND_URL: `file://${join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bgp-fabric-reader-test",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "1",
    };
    mkdirSync(join(work, "state"));
    const init = spawnSync(pulumi, ["stack", "init", "reader", "--non-interactive"], {
      cwd: join(work, "project"),
      env,
      encoding: "utf8",
    });
    assert.equal(init.status, 0, `pulumi stack init: ${init.stderr}`);
    salt = readFileSync(join(work, "project", "Pulumi.reader.yaml"), "utf8").trim();
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  function cliReading(text: string): Reading {
    const withSalt = text.includes("encryptionsalt:")
      ? text
      : `${text.replace(/\n?$/, "\n")}${salt}\n`;
    writeFileSync(join(work, "project", "Pulumi.reader.yaml"), withSalt);
    const r = spawnSync(pulumi, ["config", "--json", "--stack", "reader"], {
      cwd: join(work, "project"),
      env,
      encoding: "utf8",
    });
    if (r.status !== 0)
      return { ok: false, why: r.stderr.trim().split("\n").pop() ?? `exit ${r.status}` };
    return { ok: true, config: programView(JSON.parse(r.stdout) as Record<string, CliEntry>) };
  }

  /** What the plan read before issue 18: the `yaml` package's YAML 1.2 reading, nothing refused. */
  function naiveReading(text: string): Reading {
    try {
      const doc = (parse(text, { logLevel: "silent" }) ?? {}) as {
        config?: Record<string, unknown>;
      };
      const raw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc.config ?? {}))
        if (k.startsWith(`${NAMESPACE}:`)) raw[k.slice(NAMESPACE.length + 1)] = v;
      return { ok: true, config: planView(raw) };
    } catch (e) {
      return { ok: false, why: (e as Error).message.split("\n")[0]! };
    }
  }

  function planReading(text: string): Reading {
    try {
      return { ok: true, config: planView(parseStackText(text, "Pulumi.reader.yaml")) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return { ok: false, why: e.problems[0]! };
    }
  }

  it("accepts only what it reads as the CLI does, and refuses every file the CLI reads differently", () => {
    const files = [...committed(), ...generated()];
    const tally = {
      differs: 0,
      refusedWhereDiffers: 0,
      acceptedEqual: 0,
      refusedEqual: 0,
      cliFails: 0,
    };
    const wrong: string[] = [];
    for (const f of files) {
      const cli = cliReading(f.text);
      const naive = naiveReading(f.text);
      const plan = planReading(f.text);
      const differs = !cli.ok || !naive.ok || !isDeepEqual(naive.config, cli.config);
      if (!cli.ok) tally.cliFails++;
      if (differs) tally.differs++;
      if (plan.ok) {
        if (!cli.ok) wrong.push(`${f.name}: the plan accepts a file the CLI fails on (${cli.why})`);
        else if (!isDeepEqual(plan.config, cli.config))
          wrong.push(
            `${f.name}: plan ${JSON.stringify(plan.config)} but CLI ${JSON.stringify(cli.config)}`,
          );
        else tally.acceptedEqual++;
      } else if (differs) tally.refusedWhereDiffers++;
      else tally.refusedEqual++;
    }
    const files_ = files.length;
    console.log(
      `    ${files_} stack files (${committed().length} committed, ${files_ - committed().length} generated from ` +
        `${FORMS.length} forms): the CLI reads ${tally.differs} differently from YAML 1.2 (fails on ${tally.cliFails}), ` +
        `the plan refuses all ${tally.refusedWhereDiffers} of them; ${tally.acceptedEqual} accepted and read alike; ` +
        `${tally.refusedEqual} refused though alike (YAML 1.1 reads them otherwise)`,
    );
    assert.deepEqual(wrong, []);
    assert.equal(tally.refusedWhereDiffers, tally.differs);
    // The corpus holds the finding: the CLI reads 065101 as 27201.
    assert.deepEqual(cliReading(`config:\n  bgp-fabric:asn: 065101\n`), {
      ok: true,
      config: { asn: "27201" },
    });
    for (const c of committed()) assert.equal(planReading(c.text).ok, true, `${c.name} is refused`);
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
