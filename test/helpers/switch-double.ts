// Runs an EOS or NX-OS script under real bash against the switch double (test/doubles/switch-double.sh) installed
// as `Cli` and `vsh`, with state that persists across runs in one temp dir: a later run sees what an earlier one
// left (sessions, checkpoints, the running config). A double models documented behaviour only; it is not a device.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./fixtures";

export interface DoubleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The invocations of this run (plain shows excluded), in order. */
  calls: string[];
}

export class SwitchDouble {
  readonly dir = mkdtempSync(join(tmpdir(), "bgp-fabric-double-"));
  private logged = 0;

  constructor(running: string) {
    for (const cli of ["Cli", "vsh"])
      symlinkSync(join(ROOT, "test", "doubles", "switch-double.sh"), join(this.dir, cli));
    this.write("running", running);
    this.write("startup", running);
    this.write("log", "");
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

  run(script: string, stdin = ""): DoubleRun {
    const r = spawnSync(
      "bash",
      [
        "--norc",
        "--noprofile",
        "-c",
        `echo $$ > "$FAKE/pid"\n${script.replaceAll("/tmp/bgp-fabric-", `${this.dir}/tmp-bgp-fabric-`)}`,
      ],
      {
        input: stdin,
        env: { PATH: `${this.dir}:${process.env.PATH}`, FAKE: this.dir, HOME: this.dir },
        encoding: "utf8",
      },
    );
    const log = this.read("log")
      .split("\n--\n")
      .filter((c) => c !== "");
    const calls = log.slice(this.logged);
    this.logged = log.length;
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, calls };
  }
}
