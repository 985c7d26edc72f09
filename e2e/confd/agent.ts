// What confd runs for one node in place of calico-node's `bird -p -c {{.src}}` (check_cmd) and `sv hup bird`
// (reload_cmd), rewritten into each node's toml files by e2e/confd/node-dir.ts:
//   agent.ts check <node dir> <staged file> <file name>   the staged file, krt_tunnel dropped, parsed by BIRD 1.6.8
//                                                         beside the node's current includes
//   agent.ts reload <node dir>                            every rendered file into bird/, parsed, then
//                                                         `birdc configure` on the node's BIRD if it runs
// A failure prints BIRD's or the transform's message, appends it to <node dir>/errors.log (the e2e fails on any
// line there, naming the node) and exits 1, so confd keeps the previous file (check) or logs the error (reload).
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { dropKrtTunnel } from "./krt-tunnel";
import { AGENT_FILE, BIRD_FILES, ERRORS_FILE, type AgentConfig } from "./node-dir";

function fail(dir: string, what: string): never {
  const line = `${new Date().toISOString()} ${what.replace(/\s+/g, " ").trim()}`;
  appendFileSync(join(dir, ERRORS_FILE), `${line}\n`);
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function transformed(dir: string, file: string, name: string): string {
  try {
    return dropKrtTunnel(readFileSync(file, "utf8"), name);
  } catch (e) {
    fail(dir, (e as Error).message);
  }
}

/** `bird -p` on `conf`; BIRD resolves `include` beside the file. */
function parse(dir: string, cfg: AgentConfig, conf: string, what: string): void {
  const r = spawnSync(cfg.bird, ["-p", "-c", conf], { encoding: "utf8" });
  if (r.status !== 0) fail(dir, `BIRD 1.6.8 refuses ${what}: ${r.stderr || r.stdout || r.error}`);
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function check(dir: string, cfg: AgentConfig, staged: string, name: string): void {
  const text = transformed(dir, staged, name);
  // The others as BIRD would read them beside this one: live, else rendered but not yet reloaded.
  const others = BIRD_FILES.filter((f) => f !== name).map((f) => {
    for (const src of [join(dir, "bird", f), join(dir, "out", f)])
      if (existsSync(src)) return [f, transformed(dir, src, f)] as const;
    return undefined;
  });
  // confd's first rendering writes the files one by one (bird.cfg calls functions bird_ipam.cfg defines): the
  // reload parses the whole set once it is there.
  if (others.some((o) => o === undefined)) return;
  const scratch = join(dir, `check-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    for (const [f, t] of others as (readonly [string, string])[])
      writeFileSync(join(scratch, f), t);
    writeFileSync(join(scratch, name), text);
    parse(dir, cfg, join(scratch, "bird.cfg"), `confd's ${name}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function reload(dir: string, cfg: AgentConfig): void {
  const rendered = BIRD_FILES.filter((f) => existsSync(join(dir, "out", f)));
  // confd renders the files one by one on start: BIRD gets them once all are there.
  if (rendered.length < BIRD_FILES.length) return;
  mkdirSync(join(dir, "bird"), { recursive: true });
  for (const f of BIRD_FILES)
    writeAtomic(join(dir, "bird", f), transformed(dir, join(dir, "out", f), f));
  parse(dir, cfg, join(dir, "bird", "bird.cfg"), "confd's rendering");
  if (!existsSync(cfg.socket)) return; // BIRD not started yet: it reads these files when it starts
  const r = spawnSync(cfg.birdc, ["-s", cfg.socket, "configure"], { encoding: "utf8" });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  // A BIRD that is down (a stopped node) has nothing to reconfigure, as `sv hup bird || true` in calico-node.
  if (/Unable to connect|Connection refused|No such file/.test(out)) return;
  if (r.status !== 0 || !/Reconfigur/.test(out)) fail(dir, `birdc configure: ${out}`);
}

const [cmd, dir, ...rest] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(join(dir, AGENT_FILE), "utf8")) as AgentConfig;
if (cmd === "check" && rest.length === 2) check(dir, cfg, rest[0], rest[1]);
else if (cmd === "reload" && rest.length === 0) reload(dir, cfg);
else
  fail(
    dir,
    `agent: usage: check <dir> <staged> <name> | reload <dir> (got ${process.argv.slice(2).join(" ")})`,
  );
