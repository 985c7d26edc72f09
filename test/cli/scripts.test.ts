// Every script's command line (io/flags.ts, the one parser): --help prints the usage and writes nothing, an unknown
// option is refused in one line naming the closest flag, a missing stack file names the stacks beside it.
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { runCli, SCRIPTS } from "./run";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

type Script = keyof typeof SCRIPTS;

/** Files a script would write outside its working directory: the config reference, the bench's results. */
const FIXED_OUTPUTS = ["docs/config-reference.md", "bench/RESULTS.md", "bench/results.json"];
const fixedOutputs = () =>
  FIXED_OUTPUTS.map((f) => {
    const st = statSync(join(ROOT, f));
    return `${f} ${st.mtimeMs} ${readFileSync(join(ROOT, f), "utf8").length}`;
  });

/** Runs a script in an empty directory; asserts it wrote nothing there nor to its fixed outputs. */
function runWritingNothing(script: Script, args: string[]) {
  const dir = temp("scripts");
  const before = fixedOutputs();
  const r = runCli(script, args, dir);
  assert.deepEqual(readdirSync(dir), [], `${script} ${args.join(" ")} wrote into its directory`);
  assert.deepEqual(fixedOutputs(), before, `${script} ${args.join(" ")} rewrote a fixed output`);
  return r;
}

/** The first line of each script's usage. */
const FIRST_LINE: Record<Script, string> = {
  plan: "usage: npm run plan -- --stack <name> [--config Pulumi.<name>.yaml] [--out plan/<name>] [--strict]",
  zone: "usage: npm run zone -- add --stack <name> --name <zone> --asn <AS> --node-cidr <a.b.c.d/n> --pod-cidr <a.b.c.d/n>",
  status:
    "usage: npm run status -- --stack <name> [--config Pulumi.<name>.yaml] [--ssh-key FILE] [--insecure-host-keys]",
  chart: "usage: npm run chart -- mirror <chart-dir> <out-dir>",
  "docs:config": "usage: npm run docs:config",
  bench:
    "usage: npm run bench [-- --full] [--reps N] [--only REGEX] [--keep] [--engine [--profile]]",
  lab: "usage: npm run lab -- --stack <name> [--config Pulumi.<name>.yaml] [--run-dir DIR] [--md5]",
  e2e: "usage: npm run e2e -- --stack <name> [--config Pulumi.<name>.yaml] [--report FILE] [--run-dir DIR] [--keep] [--node-side calico-confd|emulation]",
};

/** A slip of a flag each script takes, and the line that refuses it. */
const SLIP: Record<Script, [string[], string]> = {
  plan: [
    ["--stak", "prod"],
    "--stak: is not an option of npm run plan; did you mean --stack? (npm run plan -- --help lists them)",
  ],
  zone: [
    ["add", "--dryrun"],
    "--dryrun: is not an option of npm run zone; did you mean --dry-run? (npm run zone -- --help lists them)",
  ],
  status: [
    ["--sshkey", "k"],
    "--sshkey: is not an option of npm run status; did you mean --ssh-key? (npm run status -- --help lists them)",
  ],
  chart: [
    ["mirror", "--hlep"],
    "--hlep: is not an option of npm run chart; did you mean --help? (npm run chart -- --help lists them)",
  ],
  "docs:config": [
    ["--bogus"],
    "--bogus: is not an option of npm run docs:config; npm run docs:config -- --help lists the options",
  ],
  bench: [
    ["--rep", "2"],
    "--rep: is not an option of npm run bench; did you mean --reps? (npm run bench -- --help lists them)",
  ],
  lab: [
    ["--stak", "lab"],
    "--stak: is not an option of npm run lab; did you mean --stack? (npm run lab -- --help lists them)",
  ],
  e2e: [
    ["--nodeside", "emulation"],
    "--nodeside: is not an option of npm run e2e; did you mean --node-side? (npm run e2e -- --help lists them)",
  ],
};

describe("every script's command line", function () {
  this.timeout(180_000);

  it("covers every npm script that runs a command line of ours", () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const ours = Object.entries(scripts)
      .filter(([, cmd]) => cmd.startsWith("ts-node"))
      .map(([name, cmd]) => [name, cmd.split(" ").pop()]);
    assert.deepEqual(Object.fromEntries(ours), SCRIPTS);
  });

  for (const script of Object.keys(SCRIPTS) as Script[]) {
    it(`${script} --help prints the usage on stdout, exits 0 and writes nothing`, () => {
      for (const flag of ["--help", "-h"]) {
        const r = runWritingNothing(script, [flag]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.equal(r.stdout.split("\n")[0], FIRST_LINE[script]);
      }
    });

    it(`${script} fails on an unknown option with one line naming the closest flag, writing nothing`, () => {
      const [args, line] = SLIP[script];
      const r = runWritingNothing(script, args);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `${line}\n`);
      assert.equal(r.stdout, "");
    });
  }

  it("docs:config fails on an argument and leaves the reference as it was", () => {
    const r = runWritingNothing("docs:config", ["extra"]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      "Unexpected argument 'extra'. This command does not take positional arguments; npm run docs:config -- --help shows the usage\n",
    );
  });

  it("e2e takes its documented flags together (parsed up to the stack file) and names the closest --node-side, bench refuses a bad --only in one line", () => {
    const dir = temp("scripts");
    const missing = join(dir, "Pulumi.lab.yaml");
    const e2e = runWritingNothing("e2e", [
      "--stack",
      "lab",
      "--node-side",
      "emulation",
      "--config",
      missing,
      "--keep",
    ]);
    assert.deepEqual(
      [e2e.status, e2e.stderr],
      [
        1,
        `e2e: ${missing}: no such stack file, and no Pulumi.<stack>.yaml beside it; create it or pass --config FILE\n`,
      ],
    );
    const side = runWritingNothing("e2e", ["--stack", "lab", "--node-side", "emulaton"]);
    assert.deepEqual(
      [side.status, side.stderr],
      [
        1,
        "--node-side: must be calico-confd or emulation (got emulaton); did you mean emulation? (npm run e2e -- --help shows the usage)\n",
      ],
    );
    const bench = runWritingNothing("bench", ["--only", "("]);
    assert.deepEqual(
      [bench.status, bench.stderr],
      [1, "--only: Invalid regular expression: /(/: Unterminated group\n"],
    );
  });

  it("fails on a stack file that does not exist naming the stacks beside it, the closest first", () => {
    const line =
      "Pulumi.prd.yaml: no such stack file; the stacks beside it: lab, prod; did you mean prod (Pulumi.prod.yaml)?\n";
    const zone = ["add", "--name", "az4", "--asn", "65104", "--node-cidr", "10.4.0.0/24"];
    for (const [script, args, prefix] of [
      ["plan", ["--stack", "prd"], ""],
      ["status", ["--stack", "prd"], ""],
      ["zone", [...zone, "--pod-cidr", "10.244.192.0/18", "--stack", "prd"], ""],
      ["lab", ["--stack", "prd"], ""],
      ["e2e", ["--stack", "prd"], "e2e: "],
    ] as [Script, string[], string][]) {
      const r = runCli(script, args);
      assert.equal(r.status, 1, `${script}: ${r.stderr}`);
      assert.equal(r.stderr, `${prefix}${line}`, script);
    }
    const far = runCli("plan", ["--stack", "staging"]);
    assert.equal(
      far.stderr,
      "Pulumi.staging.yaml: no such stack file; the stacks beside it: lab, prod; pass one of them with --stack, or --config FILE\n",
    );
    const none = runCli("plan", ["--stack", "prod"], temp("empty"));
    assert.equal(
      none.stderr,
      "Pulumi.prod.yaml: no such stack file, and no Pulumi.<stack>.yaml beside it; create it or pass --config FILE\n",
    );
  });

  it("fails on a --format other than text or json, and on a missing --stack naming the stacks here, in one line", () => {
    const format = runWritingNothing("zone", ["add", "--format", "yaml"]);
    assert.deepEqual(
      [format.status, format.stderr],
      [1, "--format: must be text or json (got yaml); npm run zone -- --help shows the usage\n"],
    );
    const stack = runCli("status", []);
    assert.deepEqual(
      [stack.status, stack.stderr],
      [
        1,
        "--stack: is required and must be a stack name (got nothing); the stacks here: lab, prod\n",
      ],
    );
  });

  it("lab: a mistyped action is refused in one line with the closest, and no half-built hint", () => {
    const r = runWritingNothing("lab", ["dwon"]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      "dwon: is not an action of npm run lab (down, live, status, or --stack <name> to build); did you mean down?\n",
    );
  });

  it("zone and chart: a missing or mistyped action is refused in one line with the closest, writing nothing", () => {
    const refusals = [
      ["zone", ["--stack", "prod", "--format", "json"]],
      ["zone", ["ad", "--stack", "prod"]],
      ["zone", ["add", "az4"]],
      ["chart", ["mirorr", "in", "out"]],
    ] as const;
    assert.deepEqual(
      refusals.map(([script, args]) => {
        const r = runWritingNothing(script, [...args]);
        return [r.status, r.stdout, r.stderr];
      }),
      [
        "npm run zone needs an action (got nothing): add; npm run zone -- --help shows the usage",
        "ad: is not an action of npm run zone (add); did you mean add?",
        "az4: add takes no other argument; npm run zone -- --help shows the usage",
        "expected mirror <chart-dir> <out-dir> (got mirorr in out); did you mean mirror? (npm run chart -- --help shows the usage)",
      ].map((line) => [1, "", `${line}\n`]),
    );
    // zone add without --stack names the stacks beside it, as plan, status, lab and e2e do, among its other problems.
    const r = runCli("zone", ["add", "--name", "az4"]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.split("\n")[0],
      "--stack: is required and must be a stack name (got nothing); the stacks here: lab, prod",
    );
  });

  it("zone --format json prints what it added and the diff in diff.json's form", () => {
    const dir = temp("zone-json");
    const file = join(dir, "Pulumi.prod.yaml");
    copyFileSync(join(ROOT, "Pulumi.prod.yaml"), file);
    const args = [
      "add",
      "--stack",
      "prod",
      "--name",
      "az4",
      "--asn",
      "65104",
      "--node-cidr",
      "10.4.0.0/24",
      "--pod-cidr",
      "10.244.192.0/18",
      "--switch",
      "core1=10.4.0.2",
      "--switch",
      "core2=10.4.0.3",
      "--master",
      "fra1-az4-m1=10.4.0.11",
      "--master",
      "fra1-az4-m2=10.4.0.12",
      "--ingress",
      "fra1-az4-in1=10.4.0.21",
      "--ingress",
      "fra1-az4-in2=10.4.0.22",
      "--dry-run",
      "--format",
      "json",
    ];
    const r = runCli("zone", args, dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(file, "utf8"), readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8"));
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      diff: {
        before: string;
        after: string;
        changed: boolean;
        zones: { zone: string; change: string }[];
      };
    };
    assert.deepEqual(
      { stack: out.stack, file: out.file, written: out.written, zone: out.zone },
      {
        stack: "prod",
        file: "Pulumi.prod.yaml",
        written: false,
        zone: { name: "az4", asn: 65104, switches: 2, masters: 2, ingressNodes: 2 },
      },
    );
    assert.equal(out.diff.before, "Pulumi.prod.yaml (as it was)");
    assert.equal(out.diff.after, "Pulumi.prod.yaml (with az4)");
    assert.equal(out.diff.changed, true);
    assert.deepEqual(
      out.diff.zones.map((z) => `${z.zone} ${z.change}`),
      ["az1 unchanged", "az2 unchanged", "az3 unchanged", "az4 added"],
    );
  });
});
