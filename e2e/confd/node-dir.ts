// One node's calico-node folder: confd's templates and toml files from the calico tool (confd/etc/calico/confd of
// the module), the tomls' calico-node paths and commands rewritten for this node, and where confd writes:
//   confd/       -confdir: conf.d/ (bird, bird_aggr, bird_ipam; the bird6 ones are left out: the lab has no IPv6)
//                and templates/
//   out/         confd's `dest`: its rendering exactly as calico-node's BIRD would read it
//   bird/        what BIRD 1.6.8 reads: out/ through the krt_tunnel transform (e2e/confd/agent.ts)
//   errors.log   every failure of a check or reload (the e2e fails on any line)
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const BIRD_FILES = ["bird.cfg", "bird_aggr.cfg", "bird_ipam.cfg"] as const;
export const AGENT_FILE = "agent.json";
export const ERRORS_FILE = "errors.log";

/** What the agent needs to run this node's BIRD. */
export interface AgentConfig {
  bird: string;
  birdc: string;
  socket: string;
}

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
  mkdirSync(join(confdir, "conf.d"), { recursive: true });
  mkdirSync(join(dir, "out"), { recursive: true });
  cpSync(join(toolConfd, "templates"), join(confdir, "templates"), { recursive: true });
  writeFileSync(join(dir, AGENT_FILE), JSON.stringify(agent, null, 1));
  writeFileSync(join(dir, ERRORS_FILE), "");
  for (const f of BIRD_FILES) {
    const name = f.replace(/\.cfg$/, ".toml");
    const text = readFileSync(join(toolConfd, "conf.d", name), "utf8");
    writeFileSync(
      join(confdir, "conf.d", name),
      rewriteToml(text, name, {
        dest: join(dir, "out", f),
        checkCmd: agentCommand(["check", dir, "{{.src}}", f]),
        reloadCmd: agentCommand(["reload", dir]),
      }),
    );
  }
  return confdir;
}
