// `npm run plan -- --against` and `--all` as CI runs them: files, terminal output, JSON and exit codes.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffPlans } from "../../model/present/diff";
import { readStackFile } from "../../model/spec/stack-file";
import { ROOT, planOf } from "../helpers/fixtures";
import { runCli } from "./run";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const READDRESS = (text: string) =>
  text.replace("fra1-az1-in1: {address: 10.1.0.21}", "fra1-az1-in1: {address: 10.1.0.25}");

/** A git repository holding a committed copy of Pulumi.prod.yaml, as a clone of this project would. */
function repo(): { dir: string; commit: string } {
  const dir = temp("diff");
  copyFileSync(join(ROOT, "Pulumi.prod.yaml"), join(dir, "Pulumi.prod.yaml"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.net", ...args], {
      cwd: dir,
      encoding: "utf8",
    });
  git("init", "-q");
  git("add", "Pulumi.prod.yaml");
  git("commit", "-q", "-m", "prod");
  return { dir, commit: git("rev-parse", "--short", "HEAD").trim() };
}

describe("npm run plan -- --against", function () {
  this.timeout(120_000);

  it("exits 0 with an empty diff when the stack file equals its committed version", () => {
    const { dir, commit } = repo();
    const r = runCli("plan", ["--stack", "prod", "--against", "git:HEAD"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(
      r.stdout.includes(
        "\ndiff fra1: Pulumi.prod.yaml against git:HEAD Pulumi.prod.yaml\n  no changes; unchanged: az1, az2, az3, cluster-wide\n",
      ),
      r.stdout,
    );
    const json = JSON.parse(readFileSync(join(dir, "plan", "prod", "diff.json"), "utf8"));
    assert.deepEqual(
      [json.before, json.beforeCommit, json.after, json.changed],
      ["git:HEAD Pulumi.prod.yaml", commit, "Pulumi.prod.yaml", false],
    );
    const md = readFileSync(join(dir, "plan", "prod", "DIFF.md"), "utf8");
    assert.ok(md.includes("**No changes.** Unchanged: az1, az2, az3, cluster-wide."));
    assert.ok(md.includes(`against \`git:HEAD Pulumi.prod.yaml\` (commit ${commit}).`));
  });

  it("exits 2 and writes DIFF.md, diff.json and diff.svg when one ingress node moves", () => {
    const { dir } = repo();
    const file = join(dir, "Pulumi.prod.yaml");
    const committed = planOf(readStackFile(file));
    writeFileSync(file, READDRESS(readFileSync(file, "utf8")));
    const r = runCli("plan", ["--stack", "prod", "--against", "git:HEAD"], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(
      r.stderr.split("\n").filter((l) => l.startsWith("prod: ")),
      [
        "prod: comparing Pulumi.prod.yaml with git:HEAD Pulumi.prod.yaml",
        "prod: az1 changed: sessions +4 -4, kubernetes no change, switch commands +2 -2",
        "prod: az2 unchanged",
        "prod: az3 unchanged",
      ],
    );
    const out = join(dir, "plan", "prod");
    const json = JSON.parse(readFileSync(join(out, "diff.json"), "utf8"));
    const expected = diffPlans(committed, planOf(readStackFile(file)));
    // Everything but the labels and the warnings (the CLI's plans carry its own report's warnings).
    const strip = {
      before: undefined,
      beforeCommit: undefined,
      after: undefined,
      warnings: undefined,
    };
    assert.deepEqual({ ...json, ...strip }, { ...JSON.parse(JSON.stringify(expected)), ...strip });
    const md = readFileSync(join(out, "DIFF.md"), "utf8");
    assert.ok(
      md.includes(
        "**Blast radius:** az1; core switches az1/core1, az1/core2. **Unchanged:** az2, az3, cluster-wide.",
      ),
    );
    assert.ok(md.includes("| - | `az1-core1-neighbor-10.1.0.21` | delete |  |"));
    assert.ok(md.includes("| + | `az1-core2-neighbor-10.1.0.25` | create |  |"));
    assert.ok(md.includes("```mermaid\nflowchart TB\n"));
    const svg = readFileSync(join(out, "diff.svg"), "utf8");
    assert.match(svg, /^<\?xml[^]*<svg [^]*10\.1\.0\.25 \(was 10\.1\.0\.21\)[^]*<\/svg>\n?$/);
    assert.ok(existsSync(join(out, "topology.svg")));
  });

  it("prints the diff as JSON with --format json, and compares with a plan.json or another stack file", () => {
    const { dir } = repo();
    const file = join(dir, "Pulumi.prod.yaml");
    assert.equal(runCli("plan", ["--stack", "prod", "--out", "old"], dir).status, 0);
    const moved = join(dir, "moved.yaml");
    writeFileSync(moved, READDRESS(readFileSync(file, "utf8")));
    const r = runCli(
      "plan",
      ["--stack", "prod", "--config", moved, "--against", "old", "--format", "json"],
      dir,
    );
    assert.equal(r.status, 2, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      [json.before, json.after, json.changed],
      ["old/plan.json", "moved.yaml", true],
    );
    assert.deepEqual(json.blastRadius.switches, ["az1/core1", "az1/core2"]);
    const same = runCli(
      "plan",
      ["--stack", "prod", "--against", "Pulumi.prod.yaml", "--format", "json"],
      dir,
    );
    assert.equal(same.status, 0, same.stderr);
    assert.equal(JSON.parse(same.stdout).changed, false);
  });

  it("compares with a baseline that preflight would stop (strict, with warnings): it is what is deployed", () => {
    const { dir } = repo();
    const strict = readFileSync(join(dir, "Pulumi.prod.yaml"), "utf8").replace(
      "config:\n",
      "config:\n  bgp-fabric:strict: true\n",
    );
    writeFileSync(join(dir, "strict.yaml"), strict);
    const refused = runCli(
      "plan",
      ["--stack", "prod", "--config", "strict.yaml", "--out", "s"],
      dir,
    );
    assert.equal(refused.status, 1);
    const r = runCli(
      "plan",
      ["--stack", "prod", "--against", "strict.yaml", "--format", "json"],
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).changed, false);
  });

  it("counts a stack that does not exist at the revision as all additions", () => {
    const { dir } = repo();
    copyFileSync(join(dir, "Pulumi.prod.yaml"), join(dir, "Pulumi.fra2.yaml"));
    const r = runCli("plan", ["--stack", "fra2", "--against", "git:HEAD", "--format", "json"], dir);
    assert.equal(r.status, 2, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.totals.sessions, { added: 43, removed: 0, changed: 0 });
    assert.deepEqual(json.blastRadius.unchanged, []);
  });

  const refused: [string, string][] = [
    [
      "git:--output=/tmp/x",
      '--against git:--output=/tmp/x: is not a plain git revision (got "--output=/tmp/x"); use a branch, tag, commit hash or HEAD~N',
    ],
    [
      "git:HEAD;id",
      '--against git:HEAD;id: is not a plain git revision (got "HEAD;id"); use a branch, tag, commit hash or HEAD~N',
    ],
    [
      "git:HEAD:Pulumi.lab.yaml",
      '--against git:HEAD:Pulumi.lab.yaml: is not a plain git revision (got "HEAD:Pulumi.lab.yaml"); use a branch, tag, commit hash or HEAD~N',
    ],
    ["git:HEAD~9", "--against git:HEAD~9: names no commit (got HEAD~9); check it with git log"],
    [
      "nowhere.json",
      "--against nowhere.json: no such file (got nowhere.json); pass a stack file, a plan.json or its directory, or git:<rev>",
    ],
  ];
  for (const [ref, message] of refused)
    it(`fails with exit 1 and writes nothing for --against ${ref}`, () => {
      const { dir } = repo();
      const r = runCli("plan", ["--stack", "prod", "--against", ref], dir);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `${message}\n`);
      assert.equal(existsSync(join(dir, "plan")), false);
    });
});

describe("npm run plan -- --all", function () {
  this.timeout(120_000);

  it("plans every stack of the project and finds no collision between prod and the lab", () => {
    const dir = temp("all");
    for (const f of ["Pulumi.prod.yaml", "Pulumi.lab.yaml"])
      copyFileSync(join(ROOT, f), join(dir, f));
    const r = runCli("plan", ["--all"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        "plan --all: 2 stacks, 2 datacenters, 5 zones",
        "  stack  datacenter  zones                                  sessions  objects  commands  out",
        "  lab    lab         az1 AS65201, az2 AS65202               30        33       20        plan/lab",
        "  prod   fra1        az1 AS65101, az2 AS65102, az3 AS65103  43        49       32        plan/prod",
        "  registry: no datacenter name, AS number, node subnet, pod CIDR or LoadBalancer pool is used twice",
        "",
      ].join("\n"),
    );
    assert.deepEqual(
      // Preflight's own lines (its summary and warnings, one set per stack) are its tests' business.
      r.stderr
        .split("\n")
        .filter((l) => /^\[\d\/2\]|^registry|wrote/.test(l) && !/: (preflight|warning):/.test(l)),
      [
        "[1/2] lab: planning Pulumi.lab.yaml",
        "[1/2] lab: az1 AS65201: 15 sessions, 15 Kubernetes objects, 10 switch commands",
        "[1/2] lab: az2 AS65202: 15 sessions, 15 Kubernetes objects, 10 switch commands",
        "[2/2] prod: planning Pulumi.prod.yaml",
        "[2/2] prod: az1 AS65101: 13 sessions, 15 Kubernetes objects, 10 switch commands",
        "[2/2] prod: az2 AS65102: 13 sessions, 15 Kubernetes objects, 10 switch commands",
        "[2/2] prod: az3 AS65103: 17 sessions, 16 Kubernetes objects, 12 switch commands",
        "registry: 2 datacenters, 5 zones: no collision",
        "lab: wrote plan/lab (42 files)",
        "prod: wrote plan/prod (60 files)",
      ],
    );
    assert.deepEqual(
      r.stderr.split("\n").filter((l) => /^\[\d\/2\] \w+: preflight: 0 errors/.test(l)).length,
      2,
    );
    assert.ok(existsSync(join(dir, "plan", "lab", "plan.json")));
    assert.ok(existsSync(join(dir, "plan", "prod", "topology.svg")));
  });

  it("fails when two datacenters collide, naming both paths, and writes no plan", () => {
    const dir = temp("all");
    copyFileSync(join(ROOT, "Pulumi.prod.yaml"), join(dir, "Pulumi.prod.yaml"));
    // A second datacenter copied from prod and renamed, but with az2's AS and pods left as they were.
    const ams = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8")
      .replace("bgp-fabric:datacenter: fra1", "bgp-fabric:datacenter: ams1")
      .replace(/10\.([123])\.0\./g, "10.2$1.0.")
      .replace("asn: 65101", "asn: 65201")
      .replace("asn: 65103", "asn: 65203")
      .replace("10.244.0.0/18", "10.245.0.0/18")
      .replace("10.244.128.0/18", "10.245.128.0/18")
      .replace("198.51.100.0/26", "198.51.100.64/26");
    writeFileSync(join(dir, "Pulumi.ams1.yaml"), ams);
    const r = runCli("plan", ["--all"], dir);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.deepEqual(r.stderr.split("\n").slice(-5), [
      "datacenter registry: 2 collisions between stacks:",
      "  Pulumi.prod.yaml: zones.az2.asn: AS number is already used by Pulumi.ams1.yaml: zones.az2.asn (got 65102); give every zone of every datacenter its own AS",
      "  Pulumi.prod.yaml: zones.az2.podCidr: overlaps Pulumi.ams1.yaml: zones.az2.podCidr (10.244.64.0/18) (got 10.244.64.0/18); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
      "nothing written",
      "",
    ]);
    assert.equal(existsSync(join(dir, "plan")), false);
  });

  it("compares every stack with its file at a git revision and exits 2 when any changed", () => {
    const { dir } = repo();
    copyFileSync(join(ROOT, "Pulumi.lab.yaml"), join(dir, "Pulumi.lab.yaml"));
    const file = join(dir, "Pulumi.prod.yaml");
    writeFileSync(file, READDRESS(readFileSync(file, "utf8")));
    const r = runCli("plan", ["--all", "--against", "git:HEAD", "--format", "json"], dir);
    assert.equal(r.status, 2, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.stacks.map((s: { stack: string; diff: { changed: boolean; totals: unknown } }) => [
        s.stack,
        s.diff.changed,
        s.diff.totals,
      ]),
      [
        [
          "lab",
          true,
          {
            sessions: { added: 30, removed: 0, changed: 0 },
            kubernetes: { added: 33, removed: 0, changed: 0 },
            helmReleases: { added: 2, removed: 0, changed: 0 },
            commands: { create: 20, delete: 0, replace: 0, update: 0 },
          },
        ],
        [
          "prod",
          true,
          {
            sessions: { added: 4, removed: 4, changed: 0 },
            kubernetes: { added: 0, removed: 0, changed: 0 },
            helmReleases: { added: 0, removed: 0, changed: 0 },
            commands: { create: 2, delete: 2, replace: 0, update: 0 },
          },
        ],
      ],
    );
    assert.ok(existsSync(join(dir, "plan", "lab", "DIFF.md")));
  });
});
