// Stack config -> validated FabricSpec: shape (zod) first, then every cross-field rule, all problems in one error.
import { posix } from "node:path";
import type { core } from "zod";
import { configSchema, keyName, knownKeys, nodeName, type RawConfig } from "./schema";
import {
  ConfigError,
  childPath,
  formatProblem,
  joinPath,
  showValue,
  type ConfigProblem,
} from "../core/errors";
import {
  parseCidr4,
  parseIPv4,
  contains,
  overlaps,
  isNetworkOrBroadcast,
  formatIPv4,
  type Cidr4,
} from "../core/ip";
import { SECRET_MARKER } from "./secrets";
import type {
  FabricSpec,
  HelmChartSpec,
  NodeSpec,
  SwitchSpec,
  Warning,
  ZoneSpec,
} from "../core/types";

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

export const DEFAULTS = {
  asAssignment: "admission-policy",
  calicoNamespace: "calico-system",
  metallbNamespace: "metallb-system",
  metallbChart: "metallb",
  metallbRepo: "https://metallb.github.io/metallb",
  ingressMode: "direct",
  /** F5 NGINX Ingress Controller: published as an OCI artifact only. */
  ingressChart: "nginx-ingress",
  ingressRepo: "oci://ghcr.io/nginx/charts",
  /** Helm's readiness wait per release (`atomic`): image pulls on a fresh node plus a rolling DaemonSet. */
  helmTimeoutSeconds: 600,
  ingressNamespace: "nginx-ingress",
  ingressClass: "nginx",
  keepaliveSeconds: 3,
  holdSeconds: 9,
  connectRetrySeconds: 5,
  gracefulRestartSeconds: 120,
  maximumPaths: 16,
  /**
   * How long a switch command waits for the sessions it brings up before it rolls its change back: long enough for
   * a node's BIRD to leave its error wait (Calico: at most 30 s) and the switch's connect retry, short enough that a
   * dead node fails the update within minutes.
   */
  healthCheckSeconds: 120,
  nodesReceive: "default-only",
  /** Reflectors send the zone's pod blocks (a /16 in /26 blocks is 1024) plus borrowed /32s and, in reflector mode, LB /32s. */
  maximumPrefixReflectors: 20000,
  /** An ingress node sends one /32 per LoadBalancer IP it serves. */
  maximumPrefixIngress: 2000,
  sshUser: "bgp-fabric",
  sshPort: 22,
  podBlockSize: 26,
} as const;

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

/** Parses and validates the `bgp-fabric:` config object (keys without the namespace prefix). */
export function parseSpec(raw: unknown, options: ParseOptions): ParsedSpec {
  const reserved = reservedKeys(raw, [], []);
  if (reserved.length > 0) throw new ConfigError(sortProblems(reserved));
  const shape = configSchema.safeParse(raw, { reportInput: true });
  if (!shape.success) throw new ConfigError(sortProblems(shape.error.issues.flatMap(fromZodIssue)));
  const problems: ConfigProblem[] = [];
  const warnings: Warning[] = [];
  const spec = buildSpec(shape.data, problems, warnings, options);
  if (problems.length > 0) throw new ConfigError(sortProblems(problems));
  return {
    spec,
    warnings: warnings.sort(
      (a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
    ),
    strict: shape.data.strict ?? false,
  };
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
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: joinPath([...issue.path, key]),
      problem: "is not a known setting",
      got: (got as Record<string, unknown> | undefined)?.[key],
      fix: `remove it or fix its spelling; known here: ${knownKeys(issue.path).join(", ")}`,
    }));
  }
  if (issue.code === "invalid_type" && got === undefined) {
    return [
      {
        path,
        problem: "is required",
        got,
        fix: "set it (see the README's stack config reference)",
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

/** Everything that must be unique across the datacenter, with the path that claimed it first. */
class Claims {
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly problems: ConfigProblem[],
    private readonly what: string,
    private readonly fix: string,
  ) {}
  claim(key: string, path: string, got: unknown): void {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, path);
    else
      this.problems.push({
        path,
        problem: `${this.what} is already used by ${first}`,
        got,
        fix: this.fix,
      });
  }
}

interface NamedCidr {
  path: string;
  cidr: Cidr4;
}

function buildSpec(
  raw: RawConfig,
  problems: ConfigProblem[],
  warnings: Warning[],
  options: ParseOptions,
): FabricSpec {
  const cidr = (path: string, text: string, min: number, max: number): Cidr4 | undefined => {
    const r = parseCidr4(text, min, max);
    if (!r.ok) problems.push({ path, problem: r.problem, got: text, fix: r.fix });
    return r.ok ? r.cidr : undefined;
  };
  const address = (path: string, text: string): bigint | undefined => {
    const ip = parseIPv4(text);
    if (ip === undefined) {
      problems.push({
        path,
        problem: text.includes(":")
          ? "is IPv6; this fabric routes IPv4 only"
          : "is not an IPv4 address",
        got: text,
        fix: "write it as a.b.c.d, e.g. 10.1.0.11",
      });
    }
    return ip;
  };
  const key = (path: string, name: string, what: string, max: number): void => {
    const r = keyName(what, max).safeParse(name);
    if (!r.success) {
      const [problem, fix] = r.error.issues[0].message.split("; ");
      problems.push({ path, problem, got: name, fix });
    }
  };

  // Version gates and version-dependent behaviour are checked on the plan (model/verify/preflight/gates.ts, lints.ts).
  const asAssignment = raw.kubernetes.asAssignment ?? DEFAULTS.asAssignment;

  // Timers: RFC 4271 hold time is 0 or >= 3 s; keepalive at most a third of it.
  const bgp = {
    keepaliveSeconds: raw.bgp?.keepaliveSeconds ?? DEFAULTS.keepaliveSeconds,
    holdSeconds: raw.bgp?.holdSeconds ?? DEFAULTS.holdSeconds,
    connectRetrySeconds: raw.bgp?.connectRetrySeconds ?? DEFAULTS.connectRetrySeconds,
    gracefulRestartSeconds: raw.bgp?.gracefulRestartSeconds ?? DEFAULTS.gracefulRestartSeconds,
    maximumPaths: raw.bgp?.maximumPaths ?? DEFAULTS.maximumPaths,
    healthCheckSeconds: raw.bgp?.healthCheckSeconds ?? DEFAULTS.healthCheckSeconds,
    nodesReceive: raw.bgp?.nodesReceive ?? DEFAULTS.nodesReceive,
    maximumPrefix: {
      reflectors: raw.bgp?.maximumPrefix?.reflectors ?? DEFAULTS.maximumPrefixReflectors,
      ingress: raw.bgp?.maximumPrefix?.ingress ?? DEFAULTS.maximumPrefixIngress,
    },
  };
  if (bgp.holdSeconds < 3 || bgp.holdSeconds > 65535) {
    problems.push({
      path: "bgp.holdSeconds",
      problem: "is outside 3-65535",
      got: bgp.holdSeconds,
      fix: "use a hold time of at least 3 s (9 detects a dead ingress node within 10 s)",
    });
  } else if (bgp.keepaliveSeconds < 1 || bgp.keepaliveSeconds * 3 > bgp.holdSeconds) {
    problems.push({
      path: "bgp.keepaliveSeconds",
      problem: `is not between 1 and a third of the hold time (${bgp.holdSeconds} s)`,
      got: bgp.keepaliveSeconds,
      fix: `use at most ${Math.floor(bgp.holdSeconds / 3)}`,
    });
  }
  if (bgp.connectRetrySeconds < 1 || bgp.connectRetrySeconds > 65535) {
    problems.push({
      path: "bgp.connectRetrySeconds",
      problem: "is outside 1-65535",
      got: bgp.connectRetrySeconds,
      fix: "use e.g. 5",
    });
  }
  if (bgp.gracefulRestartSeconds < 1 || bgp.gracefulRestartSeconds > 4095) {
    problems.push({
      path: "bgp.gracefulRestartSeconds",
      problem: "is outside 1-4095 (the BGP restart-time field is 12 bits)",
      got: bgp.gracefulRestartSeconds,
      fix: "use e.g. 120",
    });
  }
  if (bgp.maximumPaths < 1 || bgp.maximumPaths > 64) {
    problems.push({
      path: "bgp.maximumPaths",
      problem: "is outside 1-64",
      got: bgp.maximumPaths,
      fix: "use at least the number of ingress nodes per zone, e.g. 16",
    });
  }
  // A wait shorter than a connect retry or two fails sessions that were about to come up.
  const hc = bgp.healthCheckSeconds;
  if (hc !== 0 && (hc < 10 || hc > 1800)) {
    problems.push({
      path: "bgp.healthCheckSeconds",
      problem: "is neither 0 nor within 10-1800",
      got: bgp.healthCheckSeconds,
      fix: `use e.g. ${DEFAULTS.healthCheckSeconds} (0 applies switch changes without waiting for their sessions)`,
    });
  }

  for (const role of ["reflectors", "ingress"] as const) {
    const n = bgp.maximumPrefix[role];
    if (n < 1 || n > 4294967295) {
      problems.push({
        path: `bgp.maximumPrefix.${role}`,
        problem: "is outside 1-4294967295",
        got: n,
        fix: `use e.g. ${role === "reflectors" ? DEFAULTS.maximumPrefixReflectors : DEFAULTS.maximumPrefixIngress}`,
      });
    }
  }

  // Datacenter-wide ranges that nothing else may overlap.
  const ranges: NamedCidr[] = [];
  const service = cidr("kubernetes.serviceCidr", raw.kubernetes.serviceCidr, 8, 28);
  if (service) ranges.push({ path: "kubernetes.serviceCidr", cidr: service });

  const pools: FabricSpec["loadBalancerPools"] = [];
  const poolCidrs: NamedCidr[] = [];
  for (const name of Object.keys(raw.loadBalancerPools).sort()) {
    const path = joinPath(["loadBalancerPools", name]);
    key(path, name, "pool", 40);
    const pool = raw.loadBalancerPools[name];
    const c = cidr(`${path}.cidr`, pool.cidr, 16, 32);
    if (c) poolCidrs.push({ path: `${path}.cidr`, cidr: c });
    pools.push({ name, cidr: pool.cidr, autoAssign: pool.autoAssign ?? true });
  }
  if (pools.length === 0) {
    problems.push({
      path: "loadBalancerPools",
      problem: "has no pool",
      got: raw.loadBalancerPools,
      fix: "add one, e.g. loadBalancerPools: {public: {cidr: 203.0.113.0/26}}",
    });
  }

  const zoneNames = Object.keys(raw.zones).sort();
  if (zoneNames.length === 0) {
    problems.push({
      path: "zones",
      problem: "has no zone",
      got: raw.zones,
      fix: "add at least one zone with its AS, subnets, switches and masters",
    });
  }
  const asns = new Claims(problems, "AS number", "give each zone its own AS");
  const addresses = new Claims(problems, "address", "give every switch and node its own address");
  const nodeNames = new Claims(
    problems,
    "node name",
    "Kubernetes node names are unique across the cluster",
  );
  const sshUser = raw.switchSsh?.user ?? DEFAULTS.sshUser;
  const sshPort = raw.switchSsh?.port ?? DEFAULTS.sshPort;
  const zones: ZoneSpec[] = [];

  for (const zoneName of zoneNames) {
    const zp = joinPath(["zones", zoneName]);
    const z = raw.zones[zoneName];
    key(zp, zoneName, "zone", 20);
    if (
      !Number.isInteger(z.asn) ||
      z.asn < 1 ||
      z.asn > 2147483647 ||
      z.asn === 23456 ||
      (z.asn >= 64496 && z.asn <= 64511) ||
      z.asn === 65535
    ) {
      problems.push({
        path: `${zp}.asn`,
        problem: "is not a usable AS number",
        got: z.asn,
        fix: "use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)",
      });
    } else {
      asns.claim(String(z.asn), `${zp}.asn`, z.asn);
    }
    const nodeCidr = cidr(`${zp}.nodeCidr`, z.nodeCidr, 8, 29);
    const podCidr = cidr(`${zp}.podCidr`, z.podCidr, 8, 28);
    if (nodeCidr) ranges.push({ path: `${zp}.nodeCidr`, cidr: nodeCidr });
    if (podCidr) ranges.push({ path: `${zp}.podCidr`, cidr: podCidr });
    const podBlockSize = z.podBlockSize ?? DEFAULTS.podBlockSize;
    if (podBlockSize < 20 || podBlockSize > 32 || (podCidr && podBlockSize < podCidr.prefix)) {
      problems.push({
        path: `${zp}.podBlockSize`,
        problem: `is outside 20-32 or shorter than the pod CIDR's prefix${podCidr ? ` (/${podCidr.prefix})` : ""}`,
        got: podBlockSize,
        fix: "use 26 (Calico's default) unless you know why not",
      });
    }
    let clusterId = formatIPv4((0xf4 << 24) + (Math.max(0, z.asn) & 0xffffff));
    if (z.routeReflectorClusterId !== undefined) {
      if (address(`${zp}.routeReflectorClusterId`, z.routeReflectorClusterId) !== undefined)
        clusterId = z.routeReflectorClusterId;
    }

    const inSubnet = (path: string, text: string): void => {
      const ip = address(path, text);
      if (ip === undefined) return;
      addresses.claim(text, path, text);
      if (nodeCidr && !contains(nodeCidr, ip)) {
        problems.push({
          path,
          problem: `is outside ${zp}.nodeCidr (${nodeCidr.text})`,
          got: text,
          fix: "use an address of the zone's node subnet",
        });
      } else if (nodeCidr && isNetworkOrBroadcast(nodeCidr, ip)) {
        problems.push({
          path,
          problem: `is the network or broadcast address of ${nodeCidr.text}`,
          got: text,
          fix: "use a host address",
        });
      }
    };

    const switches: SwitchSpec[] = [];
    const switchNames = Object.keys(z.switches).sort();
    if (switchNames.length === 0) {
      problems.push({
        path: `${zp}.switches`,
        problem: "has no core switch",
        got: z.switches,
        fix: "list the zone's core switches (two for redundancy)",
      });
    }
    for (const name of switchNames) {
      const sp = childPath(`${zp}.switches`, name);
      const s = z.switches[name];
      key(sp, name, "switch", 20);
      inSubnet(`${sp}.address`, s.address);
      switches.push({
        name,
        zone: zoneName,
        address: s.address,
        sshHost: s.sshHost ?? s.address,
        sshPort: s.sshPort ?? sshPort,
        sshUser: s.sshUser ?? sshUser,
        ...(s.sshHostKey === undefined ? {} : { sshHostKey: s.sshHostKey }),
        dialect: s.dialect,
      });
    }

    const nodes = (
      group: Record<string, { address: string }> | undefined,
      groupPath: string,
      role: NodeSpec["role"],
    ): NodeSpec[] =>
      Object.keys(group ?? {})
        .sort()
        .map((name) => {
          const np = childPath(groupPath, name);
          const r = nodeName.safeParse(name);
          if (!r.success) {
            const [problem, fix] = r.error.issues[0].message.split("; ");
            problems.push({ path: np, problem, got: name, fix });
          }
          nodeNames.claim(name, np, name);
          const text = (group ?? {})[name].address;
          inSubnet(`${np}.address`, text);
          return { name, zone: zoneName, address: text, role };
        });
    const masters = nodes(z.masters, `${zp}.masters`, "master");
    if (masters.length !== 2) {
      problems.push({
        path: `${zp}.masters`,
        problem: `has ${masters.length} master${masters.length === 1 ? "" : "s"}, the zone's route reflectors`,
        got: Object.keys(z.masters),
        fix: "list exactly two masters per zone",
      });
    }
    const ingressNodes = nodes(z.ingressNodes, `${zp}.ingressNodes`, "ingress");
    const workers = nodes(
      own(raw.lab?.workers, zoneName),
      joinPath(["lab", "workers", zoneName]),
      "worker",
    );

    zones.push({
      name: zoneName,
      asn: z.asn,
      nodeCidr: z.nodeCidr,
      podCidr: z.podCidr,
      podBlockSize,
      routeReflectorClusterId: clusterId,
      switches,
      masters,
      ingressNodes,
      workers,
      bgpPassword: own(raw.bgpPasswords, zoneName) !== undefined,
    });
  }

  // No two ranges overlap: node subnets, pod CIDRs, the service CIDR and LoadBalancer pools.
  const all = [...ranges, ...poolCidrs];
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < i; j++) {
      if (overlaps(all[i].cidr, all[j].cidr)) {
        problems.push({
          path: all[i].path,
          problem: `overlaps ${all[j].path} (${all[j].cidr.text})`,
          got: all[i].cidr.text,
          fix: "give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
        });
      }
    }
  }

  const lbIp = raw.ingress.loadBalancerIP;
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
  };
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
  if (timeoutSeconds < 30 || timeoutSeconds > 7200) {
    problems.push({
      path: `${key}.timeoutSeconds`,
      problem: "is outside 30-7200",
      got: timeoutSeconds,
      fix: `use e.g. ${DEFAULTS.helmTimeoutSeconds} (seconds Helm waits for the release to become ready)`,
    });
  }
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
