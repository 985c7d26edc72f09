// Runs an EOS or NX-OS script under real bash against the switch double (test/doubles/switch-double.sh) installed
// as `Cli` and `vsh`, with state that persists across runs in one temp dir: a later run sees what an earlier one
// left (sessions, checkpoints, the running config). A double models documented behaviour only; it is not a device.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installFakeClock } from "./fake-clock";
import { ROOT } from "./fixtures";

export interface DoubleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The invocations of this run (plain shows excluded), in order. */
  calls: string[];
}

/** Every double's directory, removed when the test process exits (a double is read until its test ends). */
const DIRS = new Set<string>();
process.once("exit", () => {
  for (const d of DIRS) rmSync(d, { recursive: true, force: true });
});

export class SwitchDouble {
  readonly dir = mkdtempSync(join(tmpdir(), "bgp-fabric-double-"));
  private logged = 0;
  private slept?: () => number;

  /** `clock: "fake"`: the test's `date` and `sleep` (test/helpers/fake-clock.ts) instead of real time. */
  constructor(running: string, opts: { clock?: "fake" | "real" } = {}) {
    DIRS.add(this.dir);
    if (opts.clock === "fake") this.slept = installFakeClock(this.dir);
    for (const cli of ["Cli", "vsh"])
      symlinkSync(join(ROOT, "test", "doubles", "switch-double.sh"), join(this.dir, cli));
    this.write("running", running);
    this.write("startup", running);
    this.write("log", "");
  }

  /** The seconds the scripts slept on the test's clock (a double made with `clock: "fake"`). */
  seconds(): number {
    if (this.slept === undefined) throw new Error("seconds(): this double runs on real time");
    return this.slept();
  }

  write(file: string, text: string): this {
    writeFileSync(join(this.dir, file), text);
    return this;
  }

  read(file: string): string {
    const p = join(this.dir, file);
    return existsSync(p) ? readFileSync(p, "utf8") : "";
  }

  /** EOS sessions as `name state`. */
  sessions(): string[] {
    const d = join(this.dir, "sessions");
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .sort()
      .map((n) => `${n} ${readFileSync(join(d, n, "state"), "utf8").trim()}`);
  }

  /** Sessions that are not completed: the ones that could still be committed or aborted. */
  pending(): string[] {
    return this.sessions().filter((s) => !s.endsWith(" completed"));
  }

  /** NX-OS checkpoints, oldest first. */
  checkpoints(): string[] {
    return this.read("checkpoints.order").split("\n").filter(Boolean);
  }

  /** Leaves an EOS session as a run that died would: pending (or committed with a timer) with its own effect. */
  staleSession(
    name: string,
    effect: string,
    state: "pending" | "pendingCommitTimer",
    before = "",
  ): void {
    const d = join(this.dir, "sessions", name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "state"), `${state}\n`);
    writeFileSync(join(d, "effect"), effect);
    writeFileSync(join(d, "before"), before);
    writeFileSync(join(d, "deadline"), `${Math.floor(Date.now() / 1000) + 600}\n`);
  }

  /** Leaves an NX-OS checkpoint of an earlier run holding `snapshot`. */
  staleCheckpoint(name: string, snapshot: string): void {
    mkdirSync(join(this.dir, "checkpoints"), { recursive: true });
    writeFileSync(join(this.dir, "checkpoints", name), snapshot);
    writeFileSync(
      join(this.dir, "checkpoints.order"),
      `${this.read("checkpoints.order")}${name}\n`,
    );
  }

  private args(script: string): string[] {
    return [
      "--norc",
      "--noprofile",
      "-c",
      `echo $$ > "$FAKE/pid"\n${script.replaceAll("/tmp/bgp-fabric-", `${this.dir}/tmp-bgp-fabric-`)}`,
    ];
  }

  private get env() {
    return { PATH: `${this.dir}:${process.env.PATH}`, FAKE: this.dir, HOME: this.dir };
  }

  run(script: string, stdin = ""): DoubleRun {
    const r = spawnSync("bash", this.args(script), {
      input: stdin,
      env: this.env,
      encoding: "utf8",
    });
    const log = this.read("log")
      .split("\n--\n")
      .filter((c) => c !== "");
    const calls = log.slice(this.logged);
    this.logged = log.length;
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, calls };
  }

  /**
   * Runs `script` as over an SSH connection that is already gone: its stdout and stderr are pipes whose reader has
   * closed them (every write fails with EPIPE, SIGPIPE if not ignored), and the double sends SIGHUP at `hup-at`.
   */
  runDropped(script: string, stdin = ""): Promise<{ code: number | null; signal: string | null }> {
    return new Promise((resolve) => {
      const p = spawn("bash", this.args(script), {
        env: this.env,
        stdio: ["pipe", "pipe", "pipe"],
      });
      p.stdout.destroy();
      p.stderr.destroy();
      p.stdin.end(stdin);
      p.on("exit", (code, signal) => resolve({ code, signal }));
    });
  }
}
