// io/plan-dir.ts in-process: the whole plan or nothing, deletion only of files whose content we recognise, and a
// lock we cannot use refused at once. Runs between processes (waiting on a live lock): test/cli/plan-out.test.ts.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CliError } from "../io/input";
import { lockFile, MANIFEST, sha256, writePlanDir } from "../io/plan-dir";
import { snapshot } from "./helpers/dir-snapshot";
import { tempDirs } from "./helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const FIX =
  "pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)";

const failure = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CliError, String(e));
    return e.message;
  }
  assert.fail("did not fail");
};

// Contents begin as the renderers' do: a refresh deletes only files it recognises as its own output.
const PLAN = [
  { path: "plan.json", content: '{\n  "datacenter": "fra1"\n}\n' },
  { path: "switches/az1-core1.sh", content: "#!/bin/sh\n# bgp-fabric fra1: az1/core1\n" },
];

describe("the plan directory (--out)", () => {
  const root = temp("plandir");
  let n = 0;
  const fresh = () => join(root, String(n++), "out");

  it("fails when a write fails midway: the old plan stays whole, no temporary directory is left", () => {
    const out = fresh();
    writePlanDir(out, PLAN);
    const before = snapshot(out);
    // `x` as a file and as a directory: the second cannot be written.
    const broken = [
      { path: "plan.json", content: "{ new }\n" },
      { path: "x", content: "x\n" },
      { path: "x/y", content: "y\n" },
    ];
    assert.match(
      failure(() => writePlanDir(out, broken)),
      new RegExp(
        `^--out ${out}: the new plan could not be written \\(got EEXIST\\); nothing changed there`,
      ),
    );
    assert.deepEqual(snapshot(out), before);
    assert.deepEqual(readdirSync(join(out, "..")).sort(), ["out"]);
  });

  it("replaces a plan whole: old files the new plan lacks are gone, the manifest records each file's SHA-256", () => {
    const out = fresh();
    writePlanDir(out, PLAN);
    writePlanDir(out, [{ path: "plan.json", content: "{ second }\n" }]);
    assert.deepEqual(snapshot(out), {
      "plan.json": "{ second }\n",
      [MANIFEST]: `${JSON.stringify(
        {
          writtenBy: "npm run plan",
          files: ["plan.json"],
          sha256: {
            "plan.json": "1f550b5cddcd6540155ef4e5887b914f1eaf663d09e55400539dfd0871d70f54",
          },
        },
        null,
        2,
      )}\n`,
    });
    assert.deepEqual(readdirSync(join(out, "..")).sort(), ["out"]);
  });

  it("fails when the manifest lists files it did not write (planted, edited or from an older version): nothing deleted", () => {
    const out = fresh();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "Pulumi.prod.yaml"), "config: {}\n");
    writeFileSync(join(out, "README.md"), "# mine\n");
    const planted = (sha256?: Record<string, string>) =>
      writeFileSync(
        join(out, MANIFEST),
        JSON.stringify({
          writtenBy: "npm run plan",
          files: ["Pulumi.prod.yaml", "README.md"],
          ...(sha256 ? { sha256 } : {}),
        }),
      );
    planted();
    const before = snapshot(out);
    assert.equal(
      failure(() => writePlanDir(out, PLAN)),
      `--out ${out}: ${MANIFEST} lists files without their SHA-256 (an older version wrote it, or not npm run plan); ${FIX}`,
    );
    assert.deepEqual(snapshot(out), before);
    planted({ "Pulumi.prod.yaml": "0".repeat(64), "README.md": "1".repeat(64) });
    const again = snapshot(out);
    assert.equal(
      failure(() => writePlanDir(out, PLAN)),
      `--out ${out}: ${MANIFEST} lists "Pulumi.prod.yaml", a file npm run plan never writes; ${FIX}`,
    );
    assert.deepEqual(snapshot(out), again);
    const edited = fresh();
    writePlanDir(edited, PLAN);
    writeFileSync(join(edited, "plan.json"), '{\n  "datacenter": "mine"\n}\n');
    const kept = snapshot(edited);
    assert.equal(
      failure(() => writePlanDir(edited, PLAN)),
      `--out ${edited}: plan.json is not what npm run plan wrote there (its SHA-256 differs from ${MANIFEST}'s: edited, or listed by someone else); ${FIX}`,
    );
    assert.deepEqual(snapshot(edited), kept);
  });

  it("fails when a planted manifest gives the true SHA-256 of files it never writes, or of files not its output", () => {
    const out = fresh();
    mkdirSync(join(out, "switches"), { recursive: true });
    const mine = {
      "Pulumi.prod.yaml": "config: {}\n",
      "README.md": "# mine\n",
      "plan.json": '{ "mine": true }\n',
      "switches/backup.sh": "#!/bin/sh\ncp -a /etc /backup\n",
    };
    for (const [f, text] of Object.entries(mine)) writeFileSync(join(out, f), text);
    const plant = (files: string[]) =>
      writeFileSync(
        join(out, MANIFEST),
        JSON.stringify({
          writtenBy: "npm run plan",
          files,
          sha256: Object.fromEntries(files.map((f) => [f, sha256(mine[f as keyof typeof mine])])),
        }),
      );
    plant(Object.keys(mine));
    const before = snapshot(out);
    assert.equal(
      failure(() => writePlanDir(out, PLAN)),
      `--out ${out}: ${MANIFEST} lists "Pulumi.prod.yaml", a file npm run plan never writes; ${FIX}`,
    );
    assert.deepEqual(snapshot(out), before);
    rmSync(join(out, "Pulumi.prod.yaml"));
    rmSync(join(out, "README.md"));
    plant(["plan.json", "switches/backup.sh"]);
    const again = snapshot(out);
    assert.equal(
      failure(() => writePlanDir(out, PLAN)),
      `--out ${out}: plan.json does not hold what npm run plan writes there (listed by someone else); ${FIX}`,
    );
    assert.deepEqual(snapshot(out), again);
    plant(["switches/backup.sh"]);
    rmSync(join(out, "plan.json"));
    assert.equal(
      failure(() => writePlanDir(out, PLAN)),
      `--out ${out}: switches/backup.sh does not hold what npm run plan writes there (listed by someone else); ${FIX}`,
    );
    assert.equal(readFileSync(join(out, "switches/backup.sh"), "utf8"), mine["switches/backup.sh"]);
  });

  it("fails in one line on a mount point it cannot rename (a CI volume): the old plan stays, no staged copy is left", function () {
    const top = temp("mount");
    const out = join(top, "out");
    mkdirSync(out);
    // Needs root and CAP_SYS_ADMIN (the unit tier's container has both); skipped elsewhere.
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", out]).status !== 0)
      this.skip();
    try {
      const before = snapshot(out);
      assert.equal(
        failure(() => writePlanDir(out, PLAN)),
        `--out ${out}: cannot be replaced by renaming (got EBUSY); nothing changed there; pass a directory inside it (a mount point cannot be renamed) or make ${top} writable`,
      );
      assert.deepEqual(snapshot(out), before);
      assert.deepEqual(readdirSync(top), ["out"]);
    } finally {
      spawnSync("umount", [out]);
      rmSync(top, { recursive: true, force: true });
    }
  });

  it("fails at once on a lock it cannot use: a directory, an empty lock left by an interrupted run, no pid", () => {
    const cases: [string, (lock: string) => void, string][] = [
      [
        "a directory",
        (l) => mkdirSync(l),
        "is not a regular file but a directory (got not a lock file)",
      ],
      [
        "empty",
        (l) => {
          writeFileSync(l, "");
          utimesSync(l, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
        },
        "is empty (got an interrupted run's lock)",
      ],
      ["not a pid", (l) => writeFileSync(l, "hello\n"), 'names no process (got "hello\\n")'],
      // O_EXCL fails on any link, reading a dangling one finds nothing: it once spun at full CPU forever.
      [
        "a dangling symbolic link",
        (l) => symlinkSync(`${l}.nowhere`, l),
        "is a symbolic link (got not a lock file)",
      ],
      [
        "a link to a live process's lock",
        (l) => {
          writeFileSync(`${l}.elsewhere`, `${process.pid}\n`);
          symlinkSync(`${l}.elsewhere`, l);
        },
        "is a symbolic link (got not a lock file)",
      ],
    ];
    for (const [, plant, what] of cases) {
      const out = fresh();
      mkdirSync(join(out, ".."), { recursive: true });
      plant(lockFile(out));
      const started = Date.now();
      assert.equal(
        failure(() => writePlanDir(out, PLAN)),
        `--out ${out}: its lock ${lockFile(out)} ${what}; if no run of npm run plan or npm run status is writing ${out}, delete the lock and run again`,
      );
      assert.ok(Date.now() - started < 5_000, "failed at once");
      assert.equal(existsSync(out), false);
    }
  });
});
