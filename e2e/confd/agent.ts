// What confd runs for one node in place of calico-node's `bird -p -c {{.src}}` / `bird6 -p -c {{.src}}` (check_cmd)
// and `sv hup bird` / `sv hup bird6` (reload_cmd), rewritten into each node's toml files by e2e/confd/node-dir.ts:
//   agent.ts check <node dir> <4|6> <staged file> <file name>   the staged file, krt_tunnel dropped, parsed by BIRD
//                                                               1.6.8 (`bird` or `bird6`) beside the family's
//                                                               current includes
//   agent.ts reload <node dir> <4|6>                            the family's rendered files into bird/, parsed, then
//                                                               `birdc configure` on that family's daemon if it runs
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
import {
  AGENT_FILE,
  ERRORS_FILE,
  FAMILY_FILES,
  type AgentConfig,
  type AgentDaemon,
  type Family,
} from "./node-dir";

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

/** `bird -p` (or `bird6 -p`) on `conf`; BIRD resolves `include` beside the file. */
function parse(dir: string, d: AgentDaemon, family: Family, conf: string, what: string): void {
  const r = spawnSync(d.bird, ["-p", "-c", conf], { encoding: "utf8" });
  const daemon = family === "6" ? "bird6" : "BIRD";
  if (r.status !== 0)
    fail(dir, `${daemon} 1.6.8 refuses ${what}: ${r.stderr || r.stdout || r.error}`);
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function check(dir: string, d: AgentDaemon, family: Family, staged: string, name: string): void {
  const files = FAMILY_FILES[family];
  const text = transformed(dir, staged, name);
  // The others as BIRD would read them beside this one: live, else rendered but not yet reloaded.
  const others = files
    .filter((f) => f !== name)
    .map((f) => {
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
    parse(dir, d, family, join(scratch, files[0]), `confd's ${name}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function reload(dir: string, d: AgentDaemon, family: Family): void {
  const files = FAMILY_FILES[family];
  // confd renders the files one by one on start: BIRD gets them once all are there.
  if (!files.every((f) => existsSync(join(dir, "out", f)))) return;
  mkdirSync(join(dir, "bird"), { recursive: true });
  for (const f of files)
    writeAtomic(join(dir, "bird", f), transformed(dir, join(dir, "out", f), f));
  parse(dir, d, family, join(dir, "bird", files[0]), "confd's rendering");
  if (!existsSync(d.socket)) return; // BIRD not started yet: it reads these files when it starts
  const r = spawnSync(d.birdc, ["-s", d.socket, "configure"], { encoding: "utf8" });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  // A BIRD that is down (a stopped node) has nothing to reconfigure, as `sv hup bird || true` in calico-node.
  if (/Unable to connect|Connection refused|No such file/.test(out)) return;
  if (r.status !== 0 || !/Reconfigur/.test(out))
    fail(dir, `${family === "6" ? "birdc6" : "birdc"} configure: ${out}`);
}

const [cmd, dir, family, ...rest] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(join(dir, AGENT_FILE), "utf8")) as AgentConfig;
const daemon = family === "4" || family === "6" ? cfg[family] : undefined;
if (daemon && cmd === "check" && rest.length === 2)
  check(dir, daemon, family as Family, rest[0], rest[1]);
else if (daemon && cmd === "reload" && rest.length === 0) reload(dir, daemon, family as Family);
else
  fail(
    dir,
    `agent: usage: check <dir> <4|6> <staged> <name> | reload <dir> <4|6>, the family one this node runs (got ${process.argv.slice(2).join(" ")})`,
  );
