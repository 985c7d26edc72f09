// `npm run plan -- --out DIR` writes only into a directory it created or one holding only its own output (named in
// its manifest), never deletes what it did not write, and serializes concurrent runs: real processes, real files.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lockFile, MANIFEST } from "../../io/plan-dir";
import { ROOT } from "../helpers/fixtures";
import { snapshot } from "../helpers/dir-snapshot";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const TS_NODE = join(ROOT, "node_modules", "ts-node", "register", "transpile-only");
const argv = (args: string[]) => ["-r", TS_NODE, join(ROOT, "cli", "plan.ts"), ...args];
const env = { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json") };

function plan(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, argv(args), { cwd, encoding: "utf8", env });
}

/** The same, started without waiting: resolves with its exit code and output. */
function started(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, argv(args), { cwd: ROOT, env });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
  return new Promise((done) => child.on("close", (status) => done({ status, stderr })));
}

const manifest = (out: string): string[] =>
  JSON.parse(readFileSync(join(out, MANIFEST), "utf8")).files as string[];

const FIX =
  "pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)";

describe("npm run plan -- --out", function () {
  this.timeout(120_000);
  const dir = temp("out");
  const readdressed = join(dir, "Pulumi.moved.yaml");
  writeFileSync(
    readdressed,
    readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
      "fra1-az1-in1: {address: 10.1.0.21}",
      "fra1-az1-in1: {address: 10.1.0.25}",
    ),
  );

  it("refuses --out . in a checkout and leaves every file as it was", () => {
    const checkout = temp("checkout");
    mkdirSync(join(checkout, ".git"));
    writeFileSync(join(checkout, ".git", "HEAD"), "ref: refs/heads/main\n");
    mkdirSync(join(checkout, "node_modules", "yaml"), { recursive: true });
    writeFileSync(join(checkout, "node_modules", "yaml", "index.js"), "module.exports = {};\n");
    writeFileSync(
      join(checkout, "Pulumi.prod.yaml"),
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8"),
    );
    writeFileSync(join(checkout, "plan.json"), "{}\n");
    const before = snapshot(checkout);
    const r = plan(["--stack", "prod", "--out", "."], checkout);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `--out .: holds files npm run plan did not write, or wrote without a ${MANIFEST} manifest (got 4 entries: .git, Pulumi.prod.yaml, node_modules, ...); ${FIX}\n`,
    );
    assert.deepEqual(snapshot(checkout), before);
  });

  it("refuses a plan directory without a manifest, a foreign file in its own directory, and a file as --out", () => {
    const old = join(dir, "old");
    mkdirSync(old);
    writeFileSync(join(old, "plan.json"), "{}\n");
    const first = plan(["--stack", "prod", "--out", old]);
    assert.equal(first.status, 1);
    assert.equal(
      first.stderr.split("\n").at(-2),
      `--out ${old}: holds files npm run plan did not write, or wrote without a ${MANIFEST} manifest (got 1 entry: plan.json); ${FIX}`,
    );
    assert.deepEqual(readdirSync(old), ["plan.json"]);

    const ours = join(dir, "ours");
    assert.equal(plan(["--stack", "prod", "--out", ours]).status, 0);
    writeFileSync(join(ours, "switches", "notes.txt"), "mine\n");
    const before = snapshot(ours);
    const second = plan(["--stack", "prod", "--out", ours]);
    assert.equal(second.status, 1);
    assert.equal(
      second.stderr.split("\n").at(-2),
      `--out ${ours}: holds 1 entry npm run plan did not write (got switches/notes.txt); ${FIX}`,
    );
    assert.deepEqual(snapshot(ours), before);

    const file = join(dir, "a-file");
    writeFileSync(file, "x\n");
    const third = plan(["--stack", "prod", "--out", file]);
    assert.equal(third.status, 1);
    assert.equal(
      third.stderr.split("\n").at(-2),
      `--out ${file}: is not a directory (got a file); ${FIX}`,
    );
    assert.equal(readFileSync(file, "utf8"), "x\n");
  });

  it("writes its manifest, refreshes only the files it lists, and removes those the new plan no longer has", () => {
    const out = join(dir, "refresh");
    const withDiff = plan(["--stack", "prod", "--out", out, "--against", "Pulumi.prod.yaml"]);
    assert.equal(withDiff.status, 0, withDiff.stderr);
    const listed = manifest(out);
    assert.ok(listed.includes("DIFF.md") && listed.includes("plan.json"));
    assert.deepEqual(Object.keys(snapshot(out)).sort(), [...listed, MANIFEST].sort());
    const again = plan(["--stack", "prod", "--out", out]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      listed.filter((f) => !manifest(out).includes(f)),
      ["DIFF.md", "diff.json", "diff.svg"],
    );
    assert.deepEqual(Object.keys(snapshot(out)).sort(), [...manifest(out), MANIFEST].sort());
  });

  it("runs two processes into one --out without corrupting it: the result is one whole plan", async () => {
    const out = join(dir, "concurrent");
    const [a, b] = await Promise.all([
      started(["--stack", "prod", "--out", out]),
      started(["--stack", "moved", "--config", readdressed, "--out", out]),
    ]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    const files = snapshot(out);
    assert.deepEqual(Object.keys(files).sort(), [...manifest(out), MANIFEST].sort());
    // Whichever ran last: its plan.json and its switch script, never one run's plan with the other's script.
    const planned = JSON.parse(files["plan.json"]);
    const in1 = planned.sessions.some(
      (s: { a: { address: string }; b: { address: string } }) =>
        s.a.address === "10.1.0.25" || s.b.address === "10.1.0.25",
    );
    assert.equal(files["switches/az1-core1.sh"].includes("10.1.0.25"), in1);
    assert.equal(files["switches/az1-core1.sh"].includes("10.1.0.21"), !in1);
  });

  it("waits while another run holds the lock, and writes once it is released", async () => {
    const out = join(dir, "locked");
    writeFileSync(lockFile(out), `${process.pid}\n`);
    const run = started(["--stack", "prod", "--out", out]);
    // Long enough to plan (a few seconds): the run must still be waiting, with nothing written.
    await new Promise((r) => setTimeout(r, 15_000));
    assert.equal(existsSync(out), false);
    rmSync(lockFile(out));
    const r = await run;
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(out, "plan.json")));
    assert.equal(existsSync(lockFile(out)), false);
  });

  it("refuses the lock of a run that no longer runs, naming the file to delete", () => {
    const out = join(dir, "stale");
    const gone = spawnSync("true").pid;
    writeFileSync(lockFile(out), `${gone}\n`);
    const r = plan(["--stack", "prod", "--out", out]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.split("\n").at(-2),
      `--out ${out}: is locked by ${lockFile(out)} of process ${gone}, which no longer runs (got an interrupted run's lock); delete ${lockFile(out)} and run again`,
    );
    assert.equal(existsSync(out), false);
  });
});
