// The differential check: what Calico's confd rendered for a node (its bird.cfg, bird_aggr.cfg and bird_ipam.cfg,
// and on a dual-stack node bird6.cfg, bird6_aggr.cfg and bird6_ipam.cfg, before the BIRD 1.6 transform) against what
// the lab's emulation (lab/calico-bird.ts) derives for the same node from the same API-server objects, per family. Compared: the sessions (by BIRD protocol name: neighbor, AS, `rr client` and
// cluster ID, graceful-restart time, a password by presence only, the BGPFilters on the export), the node's AS, and
// what the node exports (its static routes, the reflector allowlist, the pool CIDRs, its filters' rules, and its
// pod blocks by count and size: Calico's IPAM picks which block). Every difference is a finding, quoting confd's line.
import type { NodeBgp } from "../../lab/calico-bird";
import type { Family } from "./node-dir";

/** A node's IPv6 half as the emulation derives it (lab/calico-bird.ts `NodeBgp.v6`): what the comparison reads. */
interface Half {
  serviceRoutes: string[];
  blocks: string[];
  allowlist: string[];
  pools: string[];
}
type Rules = NodeBgp["filters"][number]["rules"];
/** The emulation's node as this comparison reads it, both families (`v6` and `rules6` on a dual-stack node). */
export type Emulated = Omit<NodeBgp, "filters"> & {
  v6?: Half;
  filters: { name: string; rules: Rules; rules6?: Rules }[];
};

/** The BGPFilter function suffix confd's templates give each family (bgpFilterBIRDFuncs … 4 / 6). */
const FILTER_SUFFIX: Record<Family, string> = { "4": "exportFilterV4", "6": "exportFilterV6" };

export interface Session {
  neighbor: string;
  asn: number;
  rrClient: boolean;
  clusterId?: string;
  restartTime?: number;
  password: boolean;
  filters: string[];
}

export interface Rendering {
  asn: number;
  sessions: Record<string, Session>;
  /** Static routes other than the pod blocks (LoadBalancer CIDR and /32s), sorted. */
  staticRoutes: string[];
  /** `/len` of each pod block, sorted. */
  blocks: string[];
  allowlist: string[];
  pools: string[];
  /** BGPFilter name -> its export rules, as BIRD lines. */
  filterRules: Record<string, string[]>;
  /** Where each value came from in confd's files, for the finding: key -> the line. */
  lines: Record<string, string>;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** A section of a confd file between a line matching `start` and the next line matching `end` (exclusive). */
function section(text: string, start: RegExp, end: RegExp): string[] {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => start.test(l));
  if (i < 0) return [];
  const j = lines.findIndex((l, k) => k > i && end.test(l));
  return lines.slice(i + 1, j < 0 ? undefined : j);
}

const nets = (lines: string[], action: "accept" | "reject") =>
  lines
    .map((l) => new RegExp(`^\\s*if \\( net ~ (\\S+) \\) then \\{\\s*(?:${action};)?`).exec(l)?.[1])
    .filter((x): x is string => x !== undefined);

/** confd's rendering for one node and family, read from that family's three files (bird*.cfg or bird6*.cfg). */
export function parseConfd(
  files: { bird: string; aggr: string; ipam: string },
  family: Family = "4",
): Rendering {
  const lines: Record<string, string> = {};
  const suffix = FILTER_SUFFIX[family];
  const asLine = /^\s*local as (\d+);/m.exec(files.bird);
  if (!asLine)
    throw new Error(
      `e2e differential: confd's ${family === "6" ? "bird6.cfg" : "bird.cfg"} has no \`local as\` (IPv${family} disabled on the node?)`,
    );
  lines.asn = asLine[0].trim();
  const sessions: Record<string, Session> = {};
  const filterRules: Record<string, string[]> = {};
  const fn = new RegExp(`^function '(bgp_.*_${suffix})'\\(\\) \\{\\n([\\s\\S]*?)\\n\\}`, "gm");
  for (const m of files.bird.matchAll(fn))
    filterRules[m[1]] = m[2]
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  const proto = /^protocol bgp (\S+) from bgp_template \{\n([\s\S]*?)\n\}/gm;
  for (const m of files.bird.matchAll(proto)) {
    const body = m[2];
    const neighbor = /^\s*neighbor (\S+) as (\d+);/m.exec(body);
    if (!neighbor) throw new Error(`e2e differential: protocol ${m[1]} has no neighbor line`);
    const cluster = /^\s*rr cluster id (\S+);/m.exec(body);
    const restart = /^\s*graceful restart time (\d+);/m.exec(body);
    const exportBlock = /export filter \{([\s\S]*?)\};/.exec(body)?.[1] ?? "";
    sessions[m[1]] = {
      neighbor: neighbor[1],
      asn: Number(neighbor[2]),
      rrClient: /^\s*rr client;/m.test(body),
      ...(cluster ? { clusterId: cluster[1] } : {}),
      ...(restart ? { restartTime: Number(restart[1]) } : {}),
      password: /^\s*password "/m.test(body),
      filters: [...exportBlock.matchAll(new RegExp(`'(bgp_.*_${suffix})'\\(\\);`, "g"))].map(
        (x) => x[1],
      ),
    };
    // The protocol's lines, passwords masked: the finding quotes them.
    lines[`session ${m[1]}`] = body
      .split("\n")
      .map((l) => l.trim().replace(/^password ".*";/, 'password "…";'))
      .filter((l) => /^(neighbor|rr |graceful restart time|password)/.test(l))
      .join(" ");
  }
  const staticBody = section(files.aggr, /^protocol static \{/, /^\}/);
  const routes = staticBody
    .map((l) => /^\s*route (\S+) blackhole;/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);
  const blockSection = section(files.aggr, /# IP blocks for this host\./, /# Static routes/);
  const blockSet = new Set(
    blockSection.map((l) => /^\s*route (\S+) blackhole;/.exec(l)?.[1]).filter(Boolean) as string[],
  );
  lines.static = staticBody
    .map((l) => l.trim())
    .filter((l) => l.startsWith("route"))
    .join(" ");
  const exp = section(files.ipam, /^function calico_export_to_bgp_peers/, /^\}/);
  const rr = section(exp.join("\n"), /# Configured as a RR/, /^\s*$/);
  const pools = exp.join("\n").split("\n");
  const poolNets: string[] = [];
  for (let i = 0; i < pools.length; i++) {
    const m = /^\s*if \( net ~ (\S+) \) then \{\s*$/.exec(pools[i]);
    if (m && /^\s*accept;/.test(pools[i + 1] ?? "")) poolNets.push(m[1]);
  }
  lines.exports = exp
    .map((l) => l.trim())
    .filter((l) => l.startsWith("if ( net"))
    .join(" ");
  return {
    asn: Number(asLine[1]),
    sessions,
    staticRoutes: sorted(routes.filter((r) => !blockSet.has(r))),
    blocks: sorted([...blockSet].map((b) => `/${b.split("/")[1]}`)),
    allowlist: sorted(nets(rr, "accept")),
    pools: sorted(poolNets),
    filterRules,
    lines,
  };
}

/**
 * The emulation's derivation for the same node and family, in the same shape: the peers of that family (an IPv6 one
 * has a `:` in its address: bird6's), and for IPv6 the node's IPv6 half and the filters' exportV6 rules (confd calls
 * a filter's V6 function only when the filter has exportV6).
 */
export function fromEmulation(b: Emulated, family: Family = "4"): Omit<Rendering, "lines"> {
  const fname = (f: string) => `bgp_${f}_${FILTER_SUFFIX[family]}`;
  const ops: Record<string, string> = { In: "~", NotIn: "!~", Equal: "=", NotEqual: "!=" };
  const six = family === "6";
  const half = six
    ? b.v6
    : { serviceRoutes: b.serviceRoutes, blocks: b.blocks, allowlist: b.allowlist, pools: b.pools };
  if (!half) throw new Error(`e2e differential: the emulation has no IPv6 half for ${b.node.name}`);
  const rulesOf = (f: Emulated["filters"][number]) => (six ? f.rules6 : f.rules);
  const withRules = new Set(b.filters.filter((f) => rulesOf(f) !== undefined).map((f) => f.name));
  return {
    asn: b.asn,
    sessions: Object.fromEntries(
      b.peers
        .filter((p) => p.ip.includes(":") === six)
        .map((p) => [
          p.protocol,
          {
            neighbor: p.ip,
            asn: p.asn,
            rrClient: p.rrClient,
            ...(p.rrClient && b.clusterId !== undefined ? { clusterId: b.clusterId } : {}),
            ...(p.restartTime === undefined ? {} : { restartTime: p.restartTime }),
            password: p.password !== undefined,
            filters: p.filters.filter((f) => withRules.has(f)).map(fname),
          },
        ]),
    ),
    staticRoutes: sorted(half.serviceRoutes),
    blocks: sorted(half.blocks.map((x) => `/${x.split("/")[1]}`)),
    allowlist: sorted(half.allowlist),
    pools: sorted(half.pools),
    filterRules: Object.fromEntries(
      b.filters.map((f) => [
        fname(f.name),
        (rulesOf(f) ?? []).map(
          (r) =>
            `if ((net ${ops[r.matchOperator]} ${r.cidr})) then { ${r.action === "Accept" ? "accept" : "reject"}; }`,
        ),
      ]),
    ),
  };
}

/** Every difference between confd's rendering and the emulation's, one line each, naming the node. */
export function differences(
  node: string,
  confd: Rendering,
  emu: Omit<Rendering, "lines">,
): string[] {
  const out: string[] = [];
  const j = (x: unknown) => JSON.stringify(x);
  const say = (what: string, c: unknown, e: unknown, line?: string) =>
    out.push(
      `${node}: ${what}: confd ${j(c)}, emulation ${j(e)}${line ? ` (confd: ${line})` : ""}`,
    );
  if (confd.asn !== emu.asn) say("AS", confd.asn, emu.asn, confd.lines.asn);
  for (const p of sorted(new Set([...Object.keys(confd.sessions), ...Object.keys(emu.sessions)]))) {
    const c = confd.sessions[p];
    const e = emu.sessions[p];
    if (j(c) !== j(e)) say(`session ${p}`, c ?? null, e ?? null, confd.lines[`session ${p}`]);
  }
  for (const k of ["staticRoutes", "blocks", "allowlist", "pools"] as const)
    if (j(confd[k]) !== j(emu[k]))
      say(
        k,
        confd[k],
        emu[k],
        k === "staticRoutes" || k === "blocks" ? confd.lines.static : confd.lines.exports,
      );
  // confd renders every BGPFilter on every node; the ones this node's sessions use are compared.
  const used = new Set(
    [...Object.values(confd.sessions), ...Object.values(emu.sessions)].flatMap((s) => s.filters),
  );
  for (const f of sorted(used))
    if (j(confd.filterRules[f]) !== j(emu.filterRules[f]))
      say(`filter ${f}`, confd.filterRules[f] ?? null, emu.filterRules[f] ?? null);
  return out;
}
