// One node's calico-node folder: confd's templates and toml files from the calico tool (confd/etc/calico/confd of
// the module), the tomls' calico-node paths and commands rewritten for this node, and where confd writes:
//   confd/       -confdir: conf.d/ (bird, bird_aggr, bird_ipam; on a node with an IPv6 address also bird6,
//                bird6_aggr, bird6_ipam, which calico-node renders for its `bird6`) and templates/
//   out/         confd's `dest`: its rendering exactly as calico-node's BIRD and bird6 would read it
//   bird/        what BIRD 1.6.8 (`bird`, `bird6`) reads: out/ through the krt_tunnel transform (e2e/confd/agent.ts)
//   errors.log   every failure of a check or reload (the e2e fails on any line)
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** BIRD 1.6 runs one daemon per family: `bird` for IPv4, `bird6` for IPv6, each with its own three files. */
export type Family = "4" | "6";
export const FAMILY_FILES = {
  "4": ["bird.cfg", "bird_aggr.cfg", "bird_ipam.cfg"],
  "6": ["bird6.cfg", "bird6_aggr.cfg", "bird6_ipam.cfg"],
} as const satisfies Record<Family, readonly [string, string, string]>;
/** The IPv4 files (the main one first: it includes the other two). */
export const BIRD_FILES = FAMILY_FILES["4"];
export const AGENT_FILE = "agent.json";
export const ERRORS_FILE = "errors.log";

/** One BIRD 1.6 daemon of the node: its program, its client and its control socket. */
export interface AgentDaemon {
  bird: string;
  birdc: string;
  socket: string;
}

/** What the agent needs to run this node's BIRD, per family (IPv6 only on a node with an IPv6 address). */
export type AgentConfig = { "4": AgentDaemon; "6"?: AgentDaemon };

/** The families the node runs a daemon for. */
export const families = (cfg: AgentConfig): Family[] => (cfg["6"] ? ["4", "6"] : ["4"]);

const REPO = resolve(__dirname, "..", "..");

/** A shell word: only the characters our paths hold, so no quoting can go wrong. */
function word(s: string): string {
  if (!/^[A-Za-z0-9_./@+:-]+$/.test(s))
    throw new Error(
      `e2e confd: path ${JSON.stringify(s)} holds characters a shell command cannot take`,
    );
  return s;
}

/** The agent as a shell command confd runs (`sh -c`): node with ts-node, from the repo. */
export function agentCommand(args: string[]): string {
  return [
    "cd",
    word(REPO),
    "&&",
    "exec",
    word(process.execPath),
    "-r",
    "ts-node/register/transpile-only",
    "e2e/confd/agent.ts",
    ...args.map((a) => (a === "{{.src}}" ? a : word(a))),
  ].join(" ");
}

/**
 * A calico toml with `dest`, `check_cmd` and `reload_cmd` set for this node; every other line kept. Fails on a toml
 * without `dest` or `reload_cmd` (a layout this rewrite does not know).
 */
export function rewriteToml(
  text: string,
  file: string,
  set: { dest: string; checkCmd: string; reloadCmd: string },
): string {
  const toml = (s: string) => JSON.stringify(s); // a TOML basic string takes JSON's escapes
  const lines = text.split("\n");
  for (const key of ["dest", "reload_cmd"])
    if (!lines.some((l) => l.startsWith(`${key} = `)))
      throw new Error(
        `e2e confd: ${file} has no ${key} line; the rewrite knows calico's v3.28 tomls`,
      );
  const out = lines
    .filter((l) => !l.startsWith("check_cmd = "))
    .map((l) =>
      l.startsWith("dest = ")
        ? `dest = ${toml(set.dest)}`
        : l.startsWith("reload_cmd = ")
          ? `check_cmd = ${toml(set.checkCmd)}\nreload_cmd = ${toml(set.reloadCmd)}`
          : l,
    );
  return out.join("\n");
}

/** Writes a node's folder from the calico tool's confd folder; returns the -confdir. */
export function prepareNodeDir(dir: string, toolConfd: string, agent: AgentConfig): string {
  const confdir = join(dir, "confd");
  // confd writes its renderings 0644 (no `mode` in calico's tomls: confd/pkg/resource/template/resource.go
  // setFileMode), and they hold the BGP passwords: only the run's user may enter the node's folder.
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  mkdirSync(join(confdir, "conf.d"), { recursive: true });
  mkdirSync(join(dir, "out"), { recursive: true });
  cpSync(join(toolConfd, "templates"), join(confdir, "templates"), { recursive: true });
  writeFileSync(join(dir, AGENT_FILE), JSON.stringify(agent, null, 1));
  writeFileSync(join(dir, ERRORS_FILE), "");
  for (const family of families(agent))
    for (const f of FAMILY_FILES[family]) {
      const name = f.replace(/\.cfg$/, ".toml");
      const text = readFileSync(join(toolConfd, "conf.d", name), "utf8");
      writeFileSync(
        join(confdir, "conf.d", name),
        rewriteToml(text, name, {
          dest: join(dir, "out", f),
          checkCmd: agentCommand(["check", dir, family, "{{.src}}", f]),
          reloadCmd: agentCommand(["reload", dir, family]),
        }),
      );
    }
  return confdir;
}
