// The e2e's Pulumi stack file: the stack's config with the lab's SSH host keys pinned, rewritten without losing what
// the engine added to it (encryption salt, encrypted secrets); and the plaintext-secret scan of the state.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { NAMESPACE } from "../model/spec/stack-file";

type Raw = Record<string, unknown>;
interface RawSwitch {
  sshHostKey?: string;
  [k: string]: unknown;
}

/** Pins each switch's SSH host key (`type base64`, comment dropped), given by zone and switch name. */
export function pinHostKeys(raw: Raw, hostKeys: Record<string, Record<string, string>>): Raw {
  const out = JSON.parse(JSON.stringify(raw)) as Raw;
  const zones = out.zones as Record<string, { switches: Record<string, RawSwitch> }>;
  for (const [zone, switches] of Object.entries(hostKeys))
    for (const [name, pub] of Object.entries(switches)) {
      const s = zones[zone]?.switches[name];
      if (s) s.sshHostKey = pub.trim().split(/\s+/).slice(0, 2).join(" ");
    }
  return out;
}

/**
 * Rewrites the config of a Pulumi stack file from `raw` (keys without the namespace), keeping what the engine
 * added: every other top-level field (the encryption salt) and the values of `secretKeys` (encrypted secrets).
 */
export function writePulumiConfig(file: string, raw: Raw, secretKeys: string[]): void {
  const doc = (existsSync(file) ? (parse(readFileSync(file, "utf8")) as Raw | null) : null) ?? {};
  const old = (doc.config ?? {}) as Raw;
  const config: Raw = {};
  for (const [k, v] of Object.entries(raw)) config[`${NAMESPACE}:${k}`] = v;
  for (const [k, v] of Object.entries(old)) if (secretKeys.includes(k)) config[k] = v;
  // Every string double-quoted: a quoted scalar is text to yaml.v3 (the CLI) as to every other reader, so no value
  // can turn into a number, a timestamp or a boolean on its way to the engine (docs/operations.md).
  writeFileSync(file, stringify({ ...doc, config }, { defaultStringType: "QUOTE_DOUBLE" }));
}

/** Files under `dir` whose bytes hold one of `needles` (needles shorter than 12 characters are ignored). */
export function plaintextHits(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, "latin1");
        if (needles.some((n) => n.length >= 12 && text.includes(n))) hits.push(p);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return hits;
}

export interface ChartDirs {
  /** An unpacked MetalLB chart directory. */
  metallb: string;
  /** An unpacked NGINX Ingress chart directory Helm can install offline (a mirror, see `npm run chart -- mirror`). */
  ingress: string;
}

/**
 * Points the releases at local chart directories, as an air-gapped datacenter does, unless the stack already names
 * a local `path` (a chart `path` excludes `repo` and `chart`).
 */
export function localCharts(raw: Raw, dirs: ChartDirs): Raw {
  const out = JSON.parse(JSON.stringify(raw)) as Raw;
  for (const key of ["metallb", "ingress"] as const) {
    const section = { ...((out[key] ?? {}) as Raw) };
    if (section.path === undefined) {
      delete section.repo;
      delete section.chart;
      section.path = dirs[key];
    }
    out[key] = section;
  }
  return out;
}
