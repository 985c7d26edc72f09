// Stack config -> validated FabricSpec: shape and single-setting rules (zod, schema.ts) first, then every rule
// between settings, all problems in one error.
import { posix } from "node:path";
import type { core } from "zod";
import { configSchema, DEFAULTS, knownKeys, valueProblem, type RawConfig } from "./schema";
import {
  ConfigError,
  childPath,
  formatProblem,
  joinPath,
  showValue,
  type ConfigProblem,
} from "../core/errors";
import { contains } from "../core/ip";
import { closest } from "../core/spelling";
import { SECRET_MARKER } from "./secrets";
import { drainProblems } from "./drain";
import { bgpSettings } from "./bgp-settings";
import { overlapProblems } from "./overlaps";
import { specContext, type NamedCidr, type SpecContext } from "./spec-context";
import { zoneSpec } from "./zone-spec";
import { dualStackServiceProblems, ipv6PoolProblems } from "./dual-stack";
import { isIPv6Text } from "../core/ip6";
import type { FabricSpec, HelmChartSpec, Warning } from "../core/types";

export interface ParseOptions {
  /** `pulumi up` needs the switch SSH key; the offline plan only warns when it is missing. */
  requireSecrets: boolean;
}

export interface ParsedSpec {
  spec: FabricSpec;
  /** Config-level warnings; the design lints are preflight's (model/verify/preflight/lints.ts). */
  warnings: Warning[];
  /** `strict: true` in the stack: preflight warnings stop the run like errors. */
  strict: boolean;
}

export { DEFAULTS };
export { MAX_OVERLAPS_SHOWN } from "./overlaps";

/** A map entry by name, never an inherited property. */
function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Keys every JavaScript object already has a meaning for: `__proto__` would set the prototype (dropping the entry
 * or injecting settings), `constructor` and `prototype` read inherited functions wherever a lookup is not `own`.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** Reserved keys anywhere in the config, refused by name before anything copies or reads the config. */
export function reservedKeys(
  value: unknown,
  path: string[],
  out: ConfigProblem[],
): ConfigProblem[] {
  if (value === null || typeof value !== "object") return out;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key))
      out.push({
        path: joinPath([...path, key]),
        problem: "is a reserved name",
        got: key,
        fix: "rename it (__proto__, constructor and prototype are JavaScript object properties)",
      });
    else reservedKeys((value as Record<string, unknown>)[key], [...path, key], out);
  }
  return out;
}

/**
 * What the plan is built for (docs/operations.md#input-limits): far above any datacenter's, low enough that every
 * check finishes in seconds. A config beyond them is refused before any other check, one line per limit.
 */
export const LIMITS = {
  /** Settings in the whole config: every map key and list item at any depth. */
  settings: 20_000,
  /** Nesting of maps and lists (the deepest setting is 5 levels down). */
  depth: 12,
  zones: 64,
  switchesPerZone: 8,
  nodesPerZone: 1_000,
} as const;

/** One problem per input limit the config exceeds; counting stops at the limit, so this is linear and bounded. */
export function limitProblems(raw: unknown): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  let settings = 0;
  let deepest = 0;
  const stack: [unknown, number][] = [[raw, 0]];
  while (stack.length > 0 && settings <= LIMITS.settings && deepest <= LIMITS.depth) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(v)) {
      if (++settings > LIMITS.settings) break;
      stack.push([child, depth + 1]);
    }
  }
  if (settings > LIMITS.settings)
    out.push({
      path: "(config)",
      problem: `holds more than ${LIMITS.settings} settings, the most this tool plans`,
      got: undefined,
      fix: "remove the stray keys, or split the datacenter into several stacks",
    });
  if (deepest > LIMITS.depth)
    out.push({
      path: "(config)",
      problem: `nests maps or lists more than ${LIMITS.depth} levels deep`,
      got: undefined,
      fix: "no setting is that deep: see docs/config-reference.md",
    });
  const count = (v: unknown) => (v !== null && typeof v === "object" ? Object.keys(v).length : 0);
  const zones = (raw as { zones?: unknown } | null)?.zones;
  if (count(zones) > LIMITS.zones)
    out.push({
      path: "zones",
      problem: `holds ${count(zones)} zones, more than the ${LIMITS.zones} this tool plans`,
      got: undefined,
      fix: `split the datacenter into stacks of at most ${LIMITS.zones} zones`,
    });
  else if (zones !== null && typeof zones === "object")
    for (const [name, z] of Object.entries(zones)) {
      const zone = (z ?? {}) as Record<string, unknown>;
      const sw = count(zone.switches);
      const nodes = count(zone.masters) + count(zone.ingressNodes);
      if (sw > LIMITS.switchesPerZone)
        out.push({
          path: joinPath(["zones", name, "switches"]),
          problem: `holds ${sw} switches, more than the ${LIMITS.switchesPerZone} a zone may have`,
          got: undefined,
          fix: "a zone has its two core switches (at most 8)",
        });
      if (nodes > LIMITS.nodesPerZone)
        out.push({
          path: joinPath(["zones", name]),
          problem: `holds ${nodes} masters and ingress nodes, more than the ${LIMITS.nodesPerZone} a zone may have`,
          got: undefined,
          fix: "split the zone",
        });
    }
  return out;
}

/** Throws a ConfigError naming every reserved key; run before anything copies or reads the config. */
export function refuseReservedKeys(raw: unknown): void {
  // Beyond the input limits nothing else is checked: every other check's cost is bounded by them.
  const limits = limitProblems(raw);
  if (limits.length > 0) throw new ConfigError(sortProblems(limits));
  const reserved = reservedKeys(raw, [], []);
  if (reserved.length > 0) throw new ConfigError(sortProblems(reserved));
}

/** Parses and validates the `bgp-fabric:` config object (keys without the namespace prefix). */
export function parseSpec(raw: unknown, options: ParseOptions): ParsedSpec {
  refuseReservedKeys(raw);
  return validateSpec(raw, options);
}

/** `parseSpec` for a config whose reserved keys were refused already (model/pipeline.ts): each check runs once. */
export function validateSpec(raw: unknown, options: ParseOptions, strip = true): ParsedSpec {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  const issues = parsed.success ? [] : parsed.error.issues;
  // An unknown key hides nothing: it is reported, and the config without it is checked (once) for every other problem.
  const unknown = strip ? issues.filter((i) => i.code === "unrecognized_keys") : [];
  if (unknown.length > 0) {
    let rest: string[] = [];
    try {
      validateSpec(withoutKeys(raw, unknown), options, false);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      rest = e.problems;
    }
    throw new ConfigError(
      [...new Set([...sortProblems(unknown.flatMap(fromZodIssue)), ...rest])].sort(),
    );
  }
  // A value of the wrong type: the rules between settings cannot read the config, so it is reported with the values
  // refused by their own rules (every problem zod can see), without them.
  const shape = issues.filter((i) => valueProblem(i) === undefined);
  if (shape.length > 0) throw new ConfigError(sortProblems(issues.flatMap(fromZodIssue)));
  // Only values refused by their own rule: the config has its shape, and the rules between settings skip them.
  const config = parsed.success ? parsed.data : (raw as RawConfig);
  const problems: ConfigProblem[] = issues.flatMap(fromZodIssue);
  const refused = new Set(problems.map((p) => p.path));
  const warnings: Warning[] = [];
  const spec = buildSpec(config, problems, warnings, options, refused);
  if (problems.length > 0) throw new ConfigError(sortProblems(problems));
  return {
    spec,
    warnings: warnings.sort(
      (a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
    ),
    strict: config.strict ?? false,
  };
}

/** `raw` without the unknown keys zod found: copies along their paths only, the input is never changed. */
function withoutKeys(raw: unknown, issues: core.$ZodIssue[]): unknown {
  const root = { v: raw } as Record<string, unknown>;
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    let parent = root;
    let key: PropertyKey = "v";
    for (const part of issue.path) {
      const child = parent[key as string];
      if (typeof child !== "object" || child === null) return raw; // not where zod saw it: nothing is stripped
      parent[key as string] = Array.isArray(child) ? [...child] : { ...child };
      parent = parent[key as string] as Record<string, unknown>;
      key = part;
    }
    const target = parent[key as string];
    if (typeof target !== "object" || target === null) continue;
    const copy = { ...(target as Record<string, unknown>) };
    for (const k of issue.keys) delete copy[k];
    parent[key as string] = copy;
  }
  return root.v;
}

function sortProblems(problems: ConfigProblem[]): string[] {
  return [...new Set(problems.map(formatProblem))].sort();
}

/** Settings whose values are secrets: a problem with one never shows what was written. */
const SECRET_SETTINGS = new Set(["switchSshPrivateKey", "bgpPasswords"]);

function fromZodIssue(issue: core.$ZodIssue): ConfigProblem[] {
  const path = joinPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (!SECRET_SETTINGS.has(String(issue.path[0]))) return fromIssue(issue, path, input);
  if (issue.code === "invalid_union") {
    // `bgpPasswords.<zone>` is a secret or a map of switch to secret: report the problems of the form it has.
    const perSwitch = typeof input === "object" && input !== null && !("secure" in input);
    return (issue.errors[perSwitch ? 1 : 0] ?? []).flatMap((sub) =>
      fromZodIssue({
        ...sub,
        path: [...issue.path, ...sub.path],
        input: sub.path.reduce<unknown>(
          (v, k) =>
            typeof v === "object" && v !== null
              ? (v as Record<PropertyKey, unknown>)[k]
              : undefined,
          input,
        ),
      } as core.$ZodIssue),
    );
  }
  if (typeof input === "string")
    return [
      {
        path,
        problem: "is in plain text in the stack file",
        got: SECRET_MARKER,
        fix: "set it with `pulumi config set --secret` (and change it: the stack file exposed it)",
      },
    ];
  return fromIssue(issue, path, input).map((p) => ({
    ...p,
    got: p.got === undefined ? undefined : SECRET_MARKER,
  }));
}

function fromIssue(issue: core.$ZodIssue, path: string, got: unknown): ConfigProblem[] {
  const value = valueProblem(issue);
  if (value) return [{ path, problem: value.problem, got, fix: value.fix }];
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const near = closest(key, known);
      return {
        path: joinPath([...issue.path, key]),
        problem: "is not a known setting",
        got: (got as Record<string, unknown> | undefined)?.[key],
        fix: near
          ? `did you mean ${childPath(joinPath(issue.path).replace(/^\(root\)$/, ""), near)}? (or remove it)`
          : `remove it or fix its spelling; known here: ${known.join(", ")}`,
      };
    });
  }
  if (issue.code === "invalid_type" && got === undefined) {
    return [
      {
        path,
        problem: "is required",
        got,
        fix: "set it (see docs/config-reference.md)",
      },
    ];
  }
  const custom = issue.message.indexOf("; ");
  if (custom > 0 && !issue.message.startsWith("Invalid input")) {
    return [
      { path, problem: issue.message.slice(0, custom), got, fix: issue.message.slice(custom + 2) },
    ];
  }
  if (issue.code === "invalid_type") {
    return [
      {
        path,
        problem: `must be ${article(issue.expected)}`,
        got,
        fix: `write ${article(issue.expected)} value`,
      },
    ];
  }
  if (issue.code === "too_small" || issue.code === "too_big") {
    return [
      {
        path,
        problem: "is out of range",
        got,
        fix: `use a value ${issue.code === "too_small" ? "of at least" : "of at most"} ${String((issue as { minimum?: unknown; maximum?: unknown }).minimum ?? (issue as { maximum?: unknown }).maximum)}`,
      },
    ];
  }
  return [{ path, problem: "is invalid", got, fix: issue.message }];
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function buildSpec(
  raw: RawConfig,
  problems: ConfigProblem[],
  warnings: Warning[],
  options: ParseOptions,
  /** Paths whose value its own rule refused (schema.ts): the rules here leave them out. */
  refused: Set<string>,
): FabricSpec {
  const ctx = specContext(raw, problems, refused);
  // Version gates and version-dependent behaviour are checked on the plan (model/verify/preflight/gates.ts, lints.ts).
  const asAssignment = raw.kubernetes.asAssignment ?? DEFAULTS.asAssignment;
  const bgp = bgpSettings(raw, problems, refused);

  // Datacenter-wide ranges that nothing else may overlap.
  const service = ctx.cidr("kubernetes.serviceCidr", raw.kubernetes.serviceCidr);
  if (service) ctx.ranges.push({ path: "kubernetes.serviceCidr", cidr: service });
  const { pools, poolCidrs, poolCidrs6 } = loadBalancerPools(ctx);

  const zoneNames = Object.keys(raw.zones).sort();
  const zones = zoneNames.map((zoneName) => zoneSpec(ctx, zoneName));
  problems.push(
    ...drainProblems(
      zones,
      raw.ingress.mode ?? DEFAULTS.ingressMode,
      new Map(
        zoneNames.map((zn) => [
          zn,
          Object.fromEntries(
            Object.entries(raw.zones[zn].ingressNodes ?? {}).map(([n, v]) => [n, v.drain === true]),
          ),
        ]),
      ),
    ),
  );

  // No two ranges overlap: node subnets, pod CIDRs, the service CIDR and LoadBalancer pools.
  problems.push(...overlapProblems([...ctx.ranges, ...poolCidrs]));
  // IPv6 ranges (another number space: IPv4-embedding ranges are refused by their own rule) among themselves.
  problems.push(...overlapProblems([...ctx.ranges6, ...poolCidrs6]));
  problems.push(
    ...ipv6PoolProblems(
      poolCidrs6.map((p) => ({ path: p.path, cidr: p.cidr.text })),
      zones,
    ),
  );
  const lbIp = raw.ingress.loadBalancerIP;
  problems.push(...loadBalancerIpProblems(ctx, lbIp, poolCidrs));
  problems.push(
    ...dualStackServiceProblems(
      pools.map((p) => ({
        ...p,
        ipv4: !isIPv6Text(p.cidr),
        ipv6: isIPv6Text(p.cidr) || p.cidr6 !== undefined,
      })),
      lbIp,
    ),
  );
  problems.push(...unknownZoneProblems(raw, zoneNames));
  if (raw.switchSshPrivateKey === undefined) {
    const missing: ConfigProblem = {
      path: "switchSshPrivateKey",
      problem: "is required to configure the core switches",
      got: undefined,
      fix: "set it with `pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric`",
    };
    // The offline plan needs no key: it only says that `pulumi up` will.
    if (options.requireSecrets) problems.push(missing);
    else
      warnings.push({
        path: missing.path,
        message: formatProblem(missing).slice(missing.path.length + 2),
      });
  }

  return {
    datacenter: raw.datacenter,
    kubernetes: {
      version: raw.kubernetes.version,
      serviceCidr: raw.kubernetes.serviceCidr,
      asAssignment,
    },
    calico: {
      version: raw.calico.version,
      namespace: raw.calico.namespace ?? DEFAULTS.calicoNamespace,
      natOutgoing: raw.calico.natOutgoing ?? false,
    },
    metallb: {
      ...chartSource("metallb", raw.metallb, DEFAULTS.metallbChart, DEFAULTS.metallbRepo, problems),
      version: raw.metallb.version,
      namespace: raw.metallb.namespace ?? DEFAULTS.metallbNamespace,
    },
    ingress: {
      mode: raw.ingress.mode ?? DEFAULTS.ingressMode,
      ...chartSource("ingress", raw.ingress, DEFAULTS.ingressChart, DEFAULTS.ingressRepo, problems),
      version: raw.ingress.version,
      namespace: raw.ingress.namespace ?? DEFAULTS.ingressNamespace,
      ingressClass: raw.ingress.ingressClass ?? DEFAULTS.ingressClass,
      ...(lbIp === undefined ? {} : { loadBalancerIP: lbIp }),
    },
    bgp,
    loadBalancerPools: pools,
    zones,
    rollout: rollout(raw, zoneNames, problems),
  };
}

/** The LoadBalancer pools, sorted by name, and their ranges for the overlap check. */
function loadBalancerPools(ctx: SpecContext): {
  pools: FabricSpec["loadBalancerPools"];
  poolCidrs: NamedCidr[];
  poolCidrs6: NamedCidr[];
} {
  const { raw, cidr } = ctx;
  const pools: FabricSpec["loadBalancerPools"] = [];
  const poolCidrs: NamedCidr[] = [];
  const poolCidrs6: NamedCidr[] = [];
  for (const name of Object.keys(raw.loadBalancerPools).sort()) {
    const path = joinPath(["loadBalancerPools", name]);
    const pool = raw.loadBalancerPools[name];
    if (isIPv6Text(pool.cidr)) {
      const c = ctx.cidr6(`${path}.cidr`, pool.cidr);
      if (c) poolCidrs6.push({ path: `${path}.cidr`, cidr: c });
    } else {
      const c = cidr(`${path}.cidr`, pool.cidr);
      if (c) poolCidrs.push({ path: `${path}.cidr`, cidr: c });
    }
    if (pool.cidr6 !== undefined && isIPv6Text(pool.cidr))
      ctx.problems.push({
        path: `${path}.cidr6`,
        problem: "is set, but the pool's cidr is IPv6 already",
        got: pool.cidr6,
        fix: "give cidr6 to an IPv4 pool (one pool of both families), or remove it",
      });
    else if (pool.cidr6 !== undefined) {
      const c = ctx.cidr6(`${path}.cidr6`, pool.cidr6);
      if (c) poolCidrs6.push({ path: `${path}.cidr6`, cidr: c });
    }
    pools.push({
      name,
      cidr: pool.cidr,
      ...(pool.cidr6 === undefined ? {} : { cidr6: pool.cidr6 }),
      autoAssign: pool.autoAssign ?? true,
    });
  }
  return { pools, poolCidrs, poolCidrs6 };
}

/** `ingress.loadBalancerIP` lies in a LoadBalancer pool. */
function loadBalancerIpProblems(
  ctx: SpecContext,
  lbIp: string | undefined,
  poolCidrs: NamedCidr[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const address = ctx.address;
  if (lbIp !== undefined) {
    const ip = address("ingress.loadBalancerIP", lbIp);
    if (ip !== undefined && !poolCidrs.some((p) => contains(p.cidr, ip))) {
      problems.push({
        path: "ingress.loadBalancerIP",
        problem: "is in no LoadBalancer pool",
        got: lbIp,
        fix: "pick an address from loadBalancerPools, or leave it unset so MetalLB allocates one",
      });
    }
  }
  return problems;
}

/** Per-zone settings outside `zones` (passwords, lab workers) name a zone of the stack. */
function unknownZoneProblems(raw: RawConfig, zoneNames: string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const zoneName of Object.keys(raw.bgpPasswords ?? {}).sort()) {
    if (!zoneNames.includes(zoneName)) {
      problems.push({
        path: joinPath(["bgpPasswords", zoneName]),
        problem: "names no zone",
        got: zoneName,
        fix: `use one of: ${zoneNames.map(showValue).join(", ")}`,
      });
    }
  }
  for (const zoneName of Object.keys(raw.lab?.workers ?? {}).sort()) {
    if (!zoneNames.includes(zoneName)) {
      problems.push({
        path: joinPath(["lab", "workers", zoneName]),
        problem: "names no zone",
        got: zoneName,
        fix: `use one of: ${zoneNames.map(showValue).join(", ")}`,
      });
    }
  }
  return problems;
}

/**
 * The rollout: `rolloutOrder`'s zones first, in its order, then every other zone by name (so a new zone is changed
 * last and its addition touches no existing entry's ordering unless its name sorts first). Each listed zone must
 * exist and appear once; an order with `rollout: parallel` would be ignored, so it is refused.
 */
function rollout(
  raw: RawConfig,
  zoneNames: string[],
  problems: ConfigProblem[],
): FabricSpec["rollout"] {
  const mode = raw.rollout ?? DEFAULTS.rollout;
  const listed: string[] = [];
  if (raw.rolloutOrder !== undefined && mode === "parallel") {
    problems.push({
      path: "rolloutOrder",
      problem: "orders a rollout that is parallel",
      got: raw.rolloutOrder,
      fix: "remove rolloutOrder, or set rollout: zone-by-zone",
    });
  }
  (raw.rolloutOrder ?? []).forEach((zone, i) => {
    const path = joinPath(["rolloutOrder", i]);
    if (!zoneNames.includes(zone))
      problems.push({
        path,
        problem: "names no zone",
        got: zone,
        fix: `use one of: ${zoneNames.map(showValue).join(", ")}`,
      });
    else if (listed.includes(zone))
      problems.push({
        path,
        problem: `repeats rolloutOrder.${raw.rolloutOrder!.indexOf(zone)}`,
        got: zone,
        fix: "list each zone once",
      });
    else listed.push(zone);
  });
  return { mode, order: [...listed, ...zoneNames.filter((z) => !listed.includes(z))] };
}

type ChartSource = Pick<HelmChartSpec, "chart" | "repo" | "path" | "timeoutSeconds">;

/**
 * A release's chart: a local `path`, an `oci://` chart reference (a `repo: oci://…` gets the chart name appended:
 * Helm looks OCI charts up by reference, not in a repository index), or a chart name in an https repository. The
 * upstream repository is the default; `path` excludes `chart` and `repo`.
 */
function chartSource(
  key: "metallb" | "ingress",
  raw: RawConfig["metallb"] | RawConfig["ingress"],
  defaultChart: string,
  defaultRepo: string,
  problems: ConfigProblem[],
): ChartSource {
  const timeoutSeconds = raw.timeoutSeconds ?? DEFAULTS.helmTimeoutSeconds;
  if (raw.path !== undefined) {
    const other = (["chart", "repo"] as const).filter((k) => raw[k] !== undefined);
    if (other.length > 0) {
      problems.push({
        path: `${key}.path`,
        problem: `is set together with ${other.map((k) => `${key}.${k}`).join(" and ")}`,
        got: raw.path,
        fix: "use either path (an unpacked chart directory) or repo and chart",
      });
    }
    return { path: chartDirectory(raw.path), timeoutSeconds };
  }
  const chart = raw.chart ?? defaultChart;
  const repo = raw.repo ?? (chart.startsWith("oci://") ? undefined : defaultRepo);
  if (repo !== undefined && chart.startsWith("oci://")) {
    problems.push({
      path: `${key}.chart`,
      problem: `is an oci:// reference, but ${key}.repo is set too`,
      got: chart,
      fix: `remove ${key}.repo, or give the chart name only`,
    });
  }
  if (repo?.startsWith("oci://"))
    return { chart: `${repo.replace(/\/$/, "")}/${chart}`, timeoutSeconds };
  return { chart, ...(repo === undefined ? {} : { repo }), timeoutSeconds };
}

/** `path` as Helm must see it to take it for a directory: `./x`, `../x` or `/x`, normalized, no trailing `/`. */
function chartDirectory(path: string): string {
  const n = posix.normalize(path).replace(/(.)\/$/, "$1");
  return n.startsWith("/") || n === ".." || n.startsWith("../") ? n : n === "." ? "." : `./${n}`;
}
