// The shape of the `bgp-fabric:` stack config (zod): every rule on a single setting, with its description and default
// (docs/config-reference.md is generated from this file: `npm run docs:config`). Rules between settings: spec.ts.
import { z } from "zod";
import { isHostName, notASwitchHost, parseCidr4, parseIPv4 } from "../core/ip";
import {
  ROUTABLE_FIX,
  ipv6Problem,
  isIPv6Text,
  notRoutable6,
  parseCidr6,
  parseIPv6,
} from "../core/ip6";
import { DNS_LABEL, DNS_SUBDOMAIN, POSIX_USER } from "../core/patterns";

/** What an unset setting means (the spec applies them; the config reference shows them). */
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
  /**
   * How long a drain waits for the switches to withdraw the node's LoadBalancer next hops (or an undrain for them to
   * come back): calico-node re-renders BIRD within seconds of the label, and the withdrawal is one BGP UPDATE.
   */
  drainWaitSeconds: 60,
  /**
   * How long a switch drained for a password change (RFC 8326 GRACEFUL_SHUTDOWN on our inbound maps) gives the
   * upstream to move the traffic before the password changes, and its routes to settle before the undrain: the lab's
   * upstream converges in milliseconds; a slow one needs more.
   */
  switchDrainSeconds: 3,
  /** A failing zone stops the update before the next zone is touched; an unchanged zone costs nothing (docs/rollout.md). */
  rollout: "zone-by-zone",
  nodesReceive: "default-only",
  /** Reflectors send the zone's pod blocks (a /16 in /26 blocks is 1024) plus borrowed /32s and, in reflector mode, LB /32s. */
  maximumPrefixReflectors: 20000,
  /** An ingress node sends one /32 per LoadBalancer IP it serves. */
  maximumPrefixIngress: 2000,
  /** The vendors' default warning threshold (FRR, NX-OS, EOS AVD examples). */
  maximumPrefixWarningPercent: 75,
  /**
   * A session closed for exceeding its limit comes back after this long (a leak through the reflectors closes both
   * reflector sessions of both switches: the zone must not stay without them until someone clears them).
   */
  maximumPrefixRestartMinutes: 5,
  sshUser: "bgp-fabric",
  sshPort: 22,
  podBlockSize: 26,
  /** Calico's default IPv6 block size. */
  podBlockSize6: 122,
} as const;

/** Messages are `<what is wrong>; <what to do>`; the reader adds the path and the value. */
const msg = (problem: string, fix: string) => ({ message: `${problem}; ${fix}` });

/** What the config reference shows of a setting (zod `.meta()`); `rule` states a check zod cannot show by itself. */
export type SettingMeta = {
  description: string;
  default?: unknown;
  rule?: string;
  secret?: boolean;
  /** A map's key, as the reference writes it: `zones.<zone>`. */
  key?: string;
};
const about = (description: string, more: Omit<SettingMeta, "description"> = {}): SettingMeta => ({
  description,
  ...more,
});

/**
 * A rule on a value of the right type. Reported together with the rules between settings (spec.ts), which skip the
 * values it refused; a shape problem anywhere (type, required, unknown key) is reported alone, as before a value can
 * be read.
 */
export interface ValueProblem {
  problem: string;
  fix: string;
  /** Below the setting (a map key), relative to it. */
  at?: string[];
  got?: unknown;
}
export const VALUE_RULE = "bgp-fabric.valueRule";

function valueRule<T extends z.ZodType>(
  schema: T,
  rule: (value: z.output<T>) => ValueProblem[],
): T {
  return schema.check((ctx) => {
    if (ctx.issues.length > 0) return; // the value is not of the right shape: that is the problem to report
    for (const p of rule(ctx.value as z.output<T>)) {
      ctx.issues.push({
        code: "custom",
        message: `${p.problem}; ${p.fix}`,
        path: p.at ?? [],
        input: "got" in p ? p.got : ctx.value,
        params: { [VALUE_RULE]: p },
      });
    }
  }) as T;
}

/** The problem of a value-rule issue, as the rule stated it; undefined for a shape issue. */
export function valueProblem(issue: z.core.$ZodIssue): ValueProblem | undefined {
  return issue.code === "custom"
    ? ((issue.params as Record<string, unknown> | undefined)?.[VALUE_RULE] as
        ValueProblem | undefined)
    : undefined;
}

/** An integer setting inside [min, max]. */
const between = (min: number, max: number, fix: string, problem = `is outside ${min}-${max}`) =>
  valueRule(z.number().int(), (n) => (n >= min && n <= max ? [] : [{ problem, fix }])).meta({
    rule: `${min}–${max}`,
  });

/** Keys that become parts of Kubernetes and Pulumi names: short DNS-1123 labels (names are never truncated). */
export const keyName = (what: string, max: number) =>
  z
    .string()
    .max(
      max,
      msg(
        `${what} name is longer than ${max} characters`,
        "shorten it (names are never truncated)",
      ),
    )
    .regex(
      DNS_LABEL,
      msg(
        `${what} name is not a DNS-1123 label`,
        "use lower-case letters, digits and '-', starting and ending with a letter or digit",
      ),
    );

export const nodeName = z
  .string()
  .max(
    63,
    msg(
      "node name is longer than 63 characters",
      "use the Kubernetes node name, at most 63 characters (it is also a label value)",
    ),
  )
  .regex(
    DNS_SUBDOMAIN,
    msg(
      "node name is not a DNS-1123 subdomain",
      "use the Kubernetes node name (lower-case letters, digits, '-' and '.')",
    ),
  );

/**
 * A map keyed by names: each key must pass `key` (a value rule, so a bad name is reported beside the problems of the
 * rest of the config); `count` states what the number of entries must be.
 */
function namedMap<V extends z.ZodType>(
  key: z.ZodString,
  value: V,
  count?: { rule: string; check: (n: number, keys: string[]) => ValueProblem | undefined },
) {
  return valueRule(z.record(z.string(), value), (map) => {
    const out: ValueProblem[] = [];
    const keys = Object.keys(map);
    for (const k of keys) {
      const r = key.safeParse(k);
      if (!r.success) {
        const [problem, fix] = r.error.issues[0].message.split("; ");
        out.push({ problem, fix, at: [k], got: k });
      }
    }
    const c = count?.check(keys.length, keys);
    if (c) out.push(c);
    return out;
  }).meta({ rule: [`keys: ${describeKey(key)}`, ...(count ? [count.rule] : [])].join("; ") });
}

/** The rule of a name schema in words, for the config reference. */
function describeKey(key: z.ZodString): string {
  const max = key.maxLength;
  const pattern = key.def.checks
    ?.map((c) => (c._zod.def as { pattern?: RegExp }).pattern)
    .find((p) => p !== undefined);
  return `${pattern === DNS_LABEL ? "DNS-1123 label" : pattern === DNS_SUBDOMAIN ? "DNS-1123 subdomain" : "name"}${max === null ? "" : `, at most ${max} characters`}`;
}

const ipv4Text = z
  .string()
  .max(15, msg("is not an IPv4 address", "write it as a.b.c.d, e.g. 10.1.0.11"));
const cidrText = z
  .string()
  .max(18, msg("is not an IPv4 prefix", "write it as a.b.c.d/len, e.g. 10.1.0.0/24"));

/** An IPv4 address in canonical dotted-quad form. */
const ipv4 = valueRule(ipv4Text, (text) =>
  parseIPv4(text) !== undefined
    ? []
    : [
        {
          problem: text.includes(":")
            ? "is IPv6 where an IPv4 address is needed"
            : "is not an IPv4 address",
          fix: text.includes(":")
            ? "write it as a.b.c.d, e.g. 10.1.0.11 (a node's or switch's IPv6 address goes in ipv6Address)"
            : "write it as a.b.c.d, e.g. 10.1.0.11",
        },
      ],
).meta({ rule: "dotted-quad IPv4 address (no leading zeros)" });

/** An IPv4 prefix with no host bits set, its length within [min, max]. */
const cidr = (min: number, max: number) =>
  valueRule(cidrText, (text) => {
    const r = parseCidr4(text, min, max);
    return r.ok ? [] : [{ problem: r.problem, fix: r.fix }];
  }).meta({ rule: `IPv4 prefix /${min} to /${max}, no host bits set` });

/** A routable IPv6 address (global unicast or unique local) in its canonical form (RFC 5952). */
const ipv6 = valueRule(
  z.string().max(45, msg("is not an IPv6 address", "write it as e.g. fd00:11::11 (no prefix)")),
  (text) => {
    const bad = ipv6Problem(text);
    if (bad) return [bad];
    const n = parseIPv6(text)!;
    const why = notRoutable6(n, n);
    return why ? [{ problem: why, fix: ROUTABLE_FIX.address }] : [];
  },
).meta({
  rule: "IPv6 address in the canonical form of RFC 5952 (lower case, zeros compressed), routable unicast",
});

/** A routable IPv6 prefix in canonical form with no host bits set, its length within [min, max]. */
const cidr6 = (min: number, max: number) =>
  valueRule(
    z.string().max(49, msg("is not an IPv6 prefix", "write it as addr/len, e.g. fd00:11::/64")),
    (text) => {
      const r = parseCidr6(text, min, max);
      if (!r.ok) return [{ problem: r.problem, fix: r.fix }];
      const why = notRoutable6(r.cidr.first, r.cidr.last);
      return why ? [{ problem: why, fix: ROUTABLE_FIX.prefix }] : [];
    },
  ).meta({
    rule: `IPv6 prefix /${min} to /${max} in canonical form (RFC 5952), no host bits set, routable unicast`,
  });

/** A LoadBalancer pool: an IPv4 prefix, or an IPv6 one (the family follows from the text). */
const poolCidr = valueRule(
  z
    .string()
    .max(
      49,
      msg("is not an IPv4 or IPv6 prefix", "write e.g. 203.0.113.0/26 or 2001:db8:100::/120"),
    ),
  (text) => {
    if (!isIPv6Text(text)) {
      const r = parseCidr4(text, 16, 32);
      return r.ok ? [] : [{ problem: r.problem, fix: r.fix }];
    }
    const r = parseCidr6(text, 64, 128);
    if (!r.ok) return [{ problem: r.problem, fix: r.fix }];
    const why = notRoutable6(r.cidr.first, r.cidr.last);
    return why
      ? [
          {
            problem: why,
            fix: "use a global unicast prefix (or unique local for internal services)",
          },
        ]
      : [];
  },
).meta({
  rule: "IPv4 prefix /16 to /32, or IPv6 prefix /64 to /128 (canonical, RFC 5952), no host bits set",
});

const version = (example: string) =>
  z
    .string()
    .regex(
      /^v?\d{1,4}\.\d{1,4}\.\d{1,4}$/,
      msg("is not a release version", `write it as major.minor.patch, e.g. ${example}`),
    );

/** A value Pulumi keeps encrypted: `{secure: …}` in the stack file (the program substitutes a marker). */
export const secret = z.strictObject(
  { secure: z.string() },
  msg("must be a secret", "set it with `pulumi config set --secret`"),
);

const chartRef = z
  .string()
  .max(200, msg("chart reference is too long", "use at most 200 characters"))
  .regex(
    // OCI path components (distribution spec): alphanumeric runs joined by '.', '_', '__' or dashes; never `..`.
    /^(oci:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+|[a-z0-9][a-z0-9-]*)$/,
    msg(
      "is not a Helm chart reference",
      "use a chart name such as metallb or oci://registry/path/chart",
    ),
  );
const repoUrl = z
  .string()
  .max(200, msg("repository URL is too long", "use at most 200 characters"))
  .regex(
    // An https chart repository, or an OCI registry path (`oci://host/path`) the chart name is appended to.
    /^(https:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[A-Za-z0-9][A-Za-z0-9._~-]*)*\/?|oci:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?)$/,
    msg(
      "is not an https Helm repository or oci:// registry URL",
      "use e.g. https://metallb.github.io/metallb or oci://registry.example.net/charts",
    ),
  );
/** An unpacked chart directory: plain path characters only (it reaches Helm, never a shell), no `~` or `$`. */
const chartPath = z
  .string()
  .max(400, msg("chart path is too long", "use at most 400 characters"))
  .regex(
    /^\/?[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*\/?$/,
    msg(
      "is not a chart directory path",
      "use a relative (to the project directory) or absolute path of letters, digits, '.', '_', '+', '-' and '/', e.g. ../charts/metallb-0.16.1",
    ),
  );
const timeoutSeconds = between(
  30,
  7200,
  `use e.g. ${DEFAULTS.helmTimeoutSeconds} (seconds Helm waits for the release to become ready)`,
)
  .optional()
  .meta(
    about("how long `pulumi up` waits for the release to be ready (Helm `atomic`), in seconds", {
      default: DEFAULTS.helmTimeoutSeconds,
    }),
  );
const sshUser = z
  .string()
  .regex(
    POSIX_USER,
    msg(
      "user is not a POSIX user name",
      "use lower-case letters, digits, '_' and '-', at most 32 characters",
    ),
  );
const sshPort = z.number().int().min(1).max(65535);

/**
 * A pinned SSH host key: `<type> <base64>`, what a known_hosts line holds after the host. One check for a switch's
 * `sshHostKey` and for any Connection's `hostKey` (the policy pack's switch-host-key-pinned rule imports it).
 */
export const sshHostKey = z
  .string()
  .max(1024, msg("sshHostKey is too long", "paste one public host key line"))
  .regex(
    /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]{16,}={0,3}$/,
    msg(
      "sshHostKey is not an OpenSSH public host key",
      "paste `<type> <base64>` from ssh-keyscan, without a comment",
    ),
  );
const chartSettings = (release: string, chart: string, repo: string) => ({
  chart: chartRef.optional().meta(
    about(`the ${release} chart: a name in \`repo\`, or an \`oci://\` reference`, {
      default: chart,
    }),
  ),
  repo: repoUrl
    .optional()
    .meta(
      about(
        `the ${release} chart repository: https, or an \`oci://\` registry path the chart name is appended to`,
        { default: repo },
      ),
    ),
  path: chartPath
    .optional()
    .meta(
      about(
        `instead of \`chart\` and \`repo\`: an unpacked ${release} chart directory (air-gapped datacenters), relative to the project directory`,
      ),
    ),
  timeoutSeconds,
});

const AS_FIX =
  "use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)";
/** 16- and 32-bit AS numbers Calico can store (int32), less AS_TRANS (23456) and the documentation/reserved ones. */
const usableAsn = (n: number) =>
  Number.isInteger(n) &&
  n >= 1 &&
  n <= 2147483647 &&
  n !== 23456 &&
  !(n >= 64496 && n <= 64511) &&
  n !== 65535;

const switchSchema = z
  .strictObject({
    address: ipv4.meta(
      about("the switch's address in the zone's node subnet: the source of our BGP sessions"),
    ),
    ipv6Address: ipv6
      .optional()
      .meta(
        about(
          "dual-stack zones: the switch's address in the zone's IPv6 node subnet, the source of its IPv6 sessions",
        ),
      ),
    sshHost: valueRule(
      z
        .string()
        .max(253, msg("sshHost is longer than 253 characters", "use a DNS name or IPv4 address"))
        .refine(
          isHostName,
          msg(
            "sshHost is not a DNS name or a canonical IPv4 address",
            "use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
          ),
        ),
      (host) => {
        const why = notASwitchHost(host);
        return why
          ? [
              {
                problem: `${why}, not a core switch`,
                fix: "use the switch's management address or DNS name",
              },
            ]
          : [];
      },
    )
      .optional()
      .meta(
        about("where `pulumi up` reaches the switch over SSH", {
          default: "its `address`",
          rule: "a DNS name (RFC 1123 labels, the last one not numeric) or a dotted-quad IPv4 address; not localhost, loopback, 0.0.0.0/8, link-local, multicast, reserved or the node subnet's network or broadcast address",
        }),
      ),
    sshPort: sshPort
      .optional()
      .meta(about("the switch's SSH port", { default: "`switchSsh.port`'s" })),
    sshUser: sshUser
      .optional()
      .meta(about("the switch's SSH user", { default: "`switchSsh.user`'s" })),
    sshHostKey: sshHostKey
      .optional()
      .meta(
        about(
          "the switch's public host key, pinned (`ssh-keyscan -t ed25519 <host>`); unpinned, the first connection trusts any key (warned)",
        ),
      ),
    dialect: z
      .enum(
        ["frr", "eos", "nxos"],
        msg("is not a supported switch dialect", "use frr, eos or nxos"),
      )
      .meta(
        about(
          "the switch's configuration language: frr (FRRouting, SONiC, Cumulus), eos (Arista EOS), nxos (Cisco NX-OS); docs/dialects.md",
        ),
      ),
    updateSource: z
      .string()
      .max(
        40,
        msg("updateSource is longer than 40 characters", "use an interface name such as Vlan100"),
      )
      .optional()
      .meta(
        about(
          "EOS and NX-OS: the interface the node sessions leave from (`update-source`), in the switch's canonical form; unset, the switch picks it (docs/dialects.md)",
          {
            rule: "eos: Loopback<n>, Vlan<n>, Ethernet<n>[/<n>[/<n>]][.<n>], Port-Channel<n>[.<n>]; nxos: loopback<n>, Vlan<n>, Ethernet<n>/<n>[/<n>][.<n>], port-channel<n>[.<n>]; not for frr",
          },
        ),
      ),
  })
  .meta(about("a core switch of the zone, by name"));

const nodeSchema = z
  .strictObject({
    address: ipv4.meta(about("the node's address in the zone's node subnet")),
    ipv6Address: ipv6
      .optional()
      .meta(about("dual-stack zones: the node's address in the zone's IPv6 node subnet")),
  })
  .meta(about("a node, by its Kubernetes node name"));
const nodes = (description: string, count?: Parameters<typeof namedMap>[2]) =>
  namedMap(nodeName, nodeSchema, count).meta(about(description, { key: "node" }));

const drainFlag = (description: string) =>
  z
    .boolean(
      msg("must be true or false", "write drain: true to drain, false (or nothing) to serve"),
    )
    .optional()
    .meta(about(description, { default: false }));

const ingressNodeSchema = z
  .strictObject({
    address: ipv4.meta(about("the node's address in the zone's node subnet")),
    ipv6Address: ipv6
      .optional()
      .meta(about("dual-stack zones: the node's address in the zone's IPv6 node subnet")),
    drain: drainFlag(
      "takes the node out of load balancing (docs/drain.md): `pulumi up` labels it `node.kubernetes.io/exclude-from-external-load-balancers`, so Calico withdraws its LoadBalancer /32s, and returns once every core switch of the zone has withdrawn them; false brings them back the same way",
    ),
  })
  .meta(about("an ingress node, by its Kubernetes node name"));

const zoneSchema = z
  .strictObject({
    asn: valueRule(
      z.number(msg("AS number must be a number", "write it without quotes, e.g. 65101")),
      (n) => (usableAsn(n) ? [] : [{ problem: "is not a usable AS number", fix: AS_FIX }]),
    ).meta(
      about("the zone's AS: every session inside the zone is iBGP", {
        rule: "an integer 1–2147483647 (Calico's v1 CRDs store int32), not 23456, 64496–64511 or 65535",
      }),
    ),
    nodeCidr: cidr(8, 29).meta(
      about("the zone's L2 node subnet (masters, ingress nodes, switches)"),
    ),
    podCidr: cidr(8, 28).meta(about("the zone's Calico IPPool")),
    podBlockSize: z
      .number()
      .int()
      .optional()
      .meta(
        about("the IPPool's block size (Calico `blockSize`)", {
          default: DEFAULTS.podBlockSize,
          rule: "20–32, and not shorter than the pod CIDR's prefix",
        }),
      ),
    ipv6: z
      .strictObject({
        nodeCidr: cidr6(48, 126).meta(
          about("the zone's IPv6 node subnet, on the same L2 segment as the IPv4 one"),
        ),
        podCidr: cidr6(32, 122).meta(about("the zone's IPv6 Calico IPPool")),
        podBlockSize: z
          .number()
          .int()
          .optional()
          .meta(
            about("the IPv6 IPPool's block size (Calico `blockSize`)", {
              default: DEFAULTS.podBlockSize6,
              rule: "116–128, and not shorter than the IPv6 pod CIDR's prefix",
            }),
          ),
      })
      .optional()
      .meta(
        about(
          "dual-stack: the zone's IPv6 ranges; then every switch, master and ingress node of the zone has an ipv6Address and peers over IPv6 too",
        ),
      ),
    routeReflectorClusterId: ipv4.optional().meta(
      about("the route-reflector cluster ID both reflectors of the zone share", {
        default: "244.0.0.0 + the low 24 bits of the AS",
      }),
    ),
    switches: namedMap(keyName("switch", 20), switchSchema, {
      rule: "at least one",
      check: (n) =>
        n > 0
          ? undefined
          : {
              problem: "has no core switch",
              fix: "list the zone's core switches (two for redundancy)",
              got: {},
            },
    }).meta(about("the zone's core switches, by name (two for redundancy)", { key: "switch" })),
    masters: nodes("the zone's two masters, its route reflectors; keys are Kubernetes node names", {
      rule: "exactly two",
      check: (n, keys) =>
        n === 2
          ? undefined
          : {
              problem: `has ${n} master${n === 1 ? "" : "s"}, the zone's route reflectors`,
              fix: "list exactly two masters per zone",
              got: keys,
            },
    }),
    ingressNodes: namedMap(nodeName, ingressNodeSchema)
      .meta(
        about(
          "the zone's ingress nodes (two or more for ECMP and failover; fewer is warned); keys are Kubernetes node names",
          { key: "node" },
        ),
      )
      .optional(),
    drain: drainFlag(
      "drains every ingress node of the zone (docs/drain.md): its LoadBalancer traffic moves to the other zones; the one way to drain all of a zone's ingress nodes",
    ),
  })
  .meta(about("a zone, by name"));

export const configSchema = z.strictObject({
  datacenter: keyName("datacenter", 24).meta(
    about("the datacenter's name: names the Cluster component and the plan"),
  ),
  kubernetes: z
    .strictObject({
      version: z
        .string()
        .regex(
          /^v?1\.\d{1,3}(\.\d{1,3})?$/,
          msg("is not a Kubernetes version", "write it as 1.34 or 1.34.2"),
        )
        .meta(
          about(
            "the cluster's Kubernetes version: picks the admission policy API (v1beta1 before 1.36, v1 from 1.36)",
          ),
        ),
      serviceCidr: cidr(8, 28).meta(
        about("the cluster's service range (checked for overlaps, never announced)"),
      ),
      asAssignment: z
        .enum(
          ["admission-policy", "external"],
          msg("is not an AS assignment mechanism", "use admission-policy or external"),
        )
        .optional()
        .meta(
          about(
            "how joining workers get their zone's AS: a MutatingAdmissionPolicy per zone, or your provisioning annotates projectcalico.org/ASNumber",
            { default: DEFAULTS.asAssignment },
          ),
        ),
    })
    .meta(about("the cluster")),
  calico: z
    .strictObject({
      version: version("3.32.1").meta(
        about("the Calico release: gates every emitted kind and field"),
      ),
      namespace: keyName("namespace", 63)
        .optional()
        .meta(about("calico-node's namespace", { default: DEFAULTS.calicoNamespace })),
      natOutgoing: z
        .boolean()
        .optional()
        .meta(about("the IPPools' `natOutgoing`", { default: false })),
    })
    .meta(about("Calico, installed beforehand (this program configures its BGP)")),
  metallb: z
    .strictObject({
      version: version("0.16.1").meta(
        about("the MetalLB Helm chart version (installed controller-only)"),
      ),
      namespace: keyName("namespace", 63)
        .optional()
        .meta(about("MetalLB's namespace", { default: DEFAULTS.metallbNamespace })),
      ...chartSettings("MetalLB", DEFAULTS.metallbChart, DEFAULTS.metallbRepo),
    })
    .meta(about("MetalLB, which allocates LoadBalancer IPs (Calico announces them)")),
  ingress: z
    .strictObject({
      mode: z
        .enum(
          ["direct", "reflector"],
          msg(
            "is not an ingress advertisement mode",
            "use direct (ingress nodes peer with the core switches) or reflector (ADD-PATH through the route reflectors)",
          ),
        )
        .optional()
        .meta(
          about(
            "how LoadBalancer /32s reach the switches: ingress nodes peer with their zone's core switches (direct), or through the reflectors with ADD-PATH (reflector)",
            { default: DEFAULTS.ingressMode },
          ),
        ),
      ...chartSettings("NGINX ingress controller", DEFAULTS.ingressChart, DEFAULTS.ingressRepo),
      version: version("2.6.4").meta(
        about("the F5 NGINX Ingress Controller Helm chart version (tested: 2.6.4 = app 5.5.4)"),
      ),
      namespace: keyName("namespace", 63)
        .optional()
        .meta(about("the ingress controller's namespace", { default: DEFAULTS.ingressNamespace })),
      ingressClass: keyName("ingress class", 63)
        .optional()
        .meta(about("the IngressClass it serves", { default: DEFAULTS.ingressClass })),
      loadBalancerIP: ipv4.optional().meta(
        about("the controller Service's LoadBalancer IP, from a pool", {
          default: "allocated by MetalLB",
        }),
      ),
    })
    .meta(about("the NGINX ingress controller on the ingress nodes")),
  bgp: z
    .strictObject({
      keepaliveSeconds: z
        .number()
        .int()
        .optional()
        .meta(
          about("switch-side keepalive toward reflectors and ingress nodes", {
            default: DEFAULTS.keepaliveSeconds,
            rule: "1 to a third of `holdSeconds`",
          }),
        ),
      holdSeconds: between(
        3,
        65535,
        "use a hold time of at least 3 s (9 detects a dead ingress node within 10 s)",
      )
        .optional()
        .meta(
          about(
            "switch-side hold time (the negotiated one is the lower of both ends'; Calico's BIRD holds 240 s)",
            { default: DEFAULTS.holdSeconds },
          ),
        ),
      connectRetrySeconds: between(1, 65535, "use e.g. 5")
        .optional()
        .meta(about("switch-side connect retry", { default: DEFAULTS.connectRetrySeconds })),
      gracefulRestartSeconds: between(
        1,
        4095,
        "use e.g. 120",
        "is outside 1-4095 (the BGP restart-time field is 12 bits)",
      )
        .optional()
        .meta(
          about("Calico `maxRestartTime` of the node-to-reflector peerings", {
            default: DEFAULTS.gracefulRestartSeconds,
          }),
        ),
      maximumPaths: between(1, 64, "use at least the number of ingress nodes per zone, e.g. 16")
        .optional()
        .meta(
          about("switch `maximum-paths ibgp`: equal paths per LoadBalancer /32", {
            default: DEFAULTS.maximumPaths,
          }),
        ),
      healthCheckSeconds: z
        .number()
        .int()
        // A wait shorter than a connect retry or two fails sessions that were about to come up.
        .refine(
          (n) => n === 0 || (n >= 10 && n <= 1800),
          msg(
            "is neither 0 nor within 10-1800",
            `use e.g. ${DEFAULTS.healthCheckSeconds} (0 applies switch changes without waiting for their sessions)`,
          ),
        )
        .optional()
        .meta(
          about(
            "how long each switch neighbor command waits for its session to be Established before it saves, else rolls its change back and fails the update (docs/commit-confirm.md); 0 disables the wait",
            { default: DEFAULTS.healthCheckSeconds, rule: "0, or 10–1800" },
          ),
        ),
      drainWaitSeconds: between(10, 1800, `use e.g. ${DEFAULTS.drainWaitSeconds}`)
        .optional()
        .meta(
          about(
            "how long a drain waits, per core switch, for the node's LoadBalancer next hops to be withdrawn (an undrain: to come back) before it fails the update naming the switch, node and routes (docs/drain.md)",
            { default: DEFAULTS.drainWaitSeconds },
          ),
        ),
      switchDrainSeconds: between(
        0,
        300,
        `use e.g. ${DEFAULTS.switchDrainSeconds} (0 changes a password without draining the switch first)`,
      )
        .optional()
        .meta(
          about(
            "how long a switch whose password changes stays drained (graceful-shutdown on our inbound route maps) before the change, and after its sessions are back before the undrain: time for the upstream to move the traffic (docs/password-rotation.md); 0 skips the drain, and connections through the switch are reset",
            { default: DEFAULTS.switchDrainSeconds },
          ),
        ),
      nodesReceive: z
        .enum(
          ["default-only", "pods-and-pools", "all"],
          msg(
            "is not an outbound policy toward the nodes",
            "use default-only (the upstream default route), pods-and-pools (the other zones' pod CIDRs and the pools) or all",
          ),
        )
        .optional()
        .meta(
          about(
            "what the switches send the reflectors: the upstream default route, the other zones' pod CIDRs and the pools, or all",
            { default: DEFAULTS.nodesReceive },
          ),
        ),
      maximumPrefix: z
        .strictObject({
          reflectors: between(1, 4294967295, `use e.g. ${DEFAULTS.maximumPrefixReflectors}`)
            .optional()
            .meta(
              about("switch `maximum-prefix` of the reflectors' peer group", {
                default: DEFAULTS.maximumPrefixReflectors,
              }),
            ),
          ingress: between(1, 4294967295, `use e.g. ${DEFAULTS.maximumPrefixIngress}`)
            .optional()
            .meta(
              about("switch `maximum-prefix` of the ingress nodes' peer group", {
                default: DEFAULTS.maximumPrefixIngress,
              }),
            ),
          warningPercent: between(1, 100, `use e.g. ${DEFAULTS.maximumPrefixWarningPercent}`)
            .optional()
            .meta(
              about("share of a limit, in percent, at which the switch logs a warning", {
                default: DEFAULTS.maximumPrefixWarningPercent,
              }),
            ),
          restartMinutes: between(1, 65535, `use e.g. ${DEFAULTS.maximumPrefixRestartMinutes}`)
            .optional()
            .meta(
              about(
                "minutes after which a session the switch closed for exceeding its limit restarts by itself (docs/switches.md)",
                { default: DEFAULTS.maximumPrefixRestartMinutes },
              ),
            ),
        })
        .optional()
        .meta(about("accepted-prefix limits (preflight warns when a full zone would exceed one)")),
      transportAcceptsDefault: z
        .boolean()
        .optional()
        .meta(
          about(
            "whether the transport contract's inbound policy accepts a default route (`0.0.0.0/0`) from the other zones",
            { default: false },
          ),
        ),
    })
    .optional()
    .meta(about("BGP timers and switch policy")),
  loadBalancerPools: namedMap(
    keyName("pool", 40),
    z
      .strictObject({
        cidr: poolCidr.meta(
          about(
            "the pool's range, IPv4 or IPv6 (IPv6 needs every zone dual-stack): a MetalLB IPAddressPool and a Calico serviceLoadBalancerIPs entry",
          ),
        ),
        cidr6: cidr6(64, 128)
          .optional()
          .meta(
            about(
              "an IPv4 pool's IPv6 range (every zone dual-stack): the pool holds both families, as a dual-stack Service needs (MetalLB takes its two addresses from one pool)",
            ),
          ),
        autoAssign: z
          .boolean()
          .optional()
          .meta(about("whether MetalLB allocates from it without being asked", { default: true })),
      })
      .meta(about("a LoadBalancer pool, by name")),
    {
      rule: "at least one",
      check: (n) =>
        n > 0
          ? undefined
          : {
              problem: "has no pool",
              fix: "add one, e.g. loadBalancerPools: {public: {cidr: 203.0.113.0/26}}",
              got: {},
            },
    },
  ).meta(about("the LoadBalancer pools, by name", { key: "pool" })),
  switchSsh: z
    .strictObject({
      user: sshUser
        .optional()
        .meta(about("the SSH user of every switch", { default: DEFAULTS.sshUser })),
      port: sshPort
        .optional()
        .meta(about("the SSH port of every switch", { default: DEFAULTS.sshPort })),
    })
    .optional()
    .meta(about("defaults for every switch's SSH connection")),
  switchSshPrivateKey: secret.optional().meta(
    about(
      "the SSH private key for the switches (required by `pulumi up`; the offline plan warns)",
      {
        secret: true,
      },
    ),
  ),
  bgpPasswords: z
    .record(
      z.string(),
      z
        .union([secret, z.record(z.string(), secret)])
        .meta(
          about(
            "the zone's TCP-MD5 password for all its switches, or `{<switch>: password}` for one per switch (a rotation then bounces one switch's sessions: docs/password-rotation.md)",
            { secret: true },
          ),
        ),
    )
    .optional()
    .meta(
      about(
        "TCP-MD5 passwords of the switch sessions, by zone name (optional): one for the zone, or one per switch",
        { key: "zone" },
      ),
    ),
  zones: namedMap(keyName("zone", 20), zoneSchema, {
    rule: "at least one",
    check: (n) =>
      n > 0
        ? undefined
        : {
            problem: "has no zone",
            fix: "add at least one zone with its AS, subnets, switches and masters",
            got: {},
          },
  }).meta(about("the zones, by name: each its own AS and L2 node subnet", { key: "zone" })),
  rollout: z
    .enum(
      ["zone-by-zone", "parallel"],
      msg(
        "is not a rollout mode",
        "use zone-by-zone (a zone waits for the previous zone's health-checked switch changes) or parallel",
      ),
    )
    .optional()
    .meta(
      about(
        "how `pulumi up` rolls a change out over the zones: zone-by-zone, each zone's Kubernetes objects and switch commands wait for the previous zone's health-checked switch commands, so a failing zone stops the update before the next one; or parallel (docs/rollout.md)",
        { default: DEFAULTS.rollout },
      ),
    ),
  rolloutOrder: z
    .array(keyName("zone", 20))
    .optional()
    .meta(
      about(
        "the zones a zone-by-zone rollout changes first, in this order (e.g. `[az2, az1]`: a canary zone first); zones not listed follow by name",
        { default: "zone names in order", rule: "zone names, each once" },
      ),
    ),
  strict: z
    .boolean()
    .optional()
    .meta(
      about(
        "preflight warnings stop `pulumi preview/up` and the offline plan like errors (`npm run plan -- --strict`)",
        { default: false },
      ),
    ),
  lab: z
    .strictObject({
      workers: z
        .record(
          z.string(),
          namedMap(nodeName, nodeSchema).meta(about("the zone's lab workers", { key: "node" })),
        )
        .optional()
        .meta(
          about(
            "lab-only worker hosts by zone and node name (`npm run lab`); production workers need no config: they join by themselves",
            { key: "zone" },
          ),
        ),
    })
    .optional()
    .meta(about("the lab (`npm run lab`) only")),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawZone = z.infer<typeof zoneSchema>;
export type RawSwitch = z.infer<typeof switchSchema>;

/** The settings allowed at a config path (for "unknown key" messages); record keys are skipped. */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let schema: any = configSchema;
  const unwrap = () => {
    while (schema?.def?.type === "optional") schema = schema.def.innerType;
  };
  // A union (a zone's password or its map of switch to password): the option the next key leads into, else the object.
  const choose = (part?: string) => {
    if (schema?.def?.type !== "union") return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const options: any[] = schema.def.options;
    const object = options.find((o) => o.def.type === "object");
    schema =
      part === undefined || (object && part in object.shape)
        ? object
        : (options.find((o) => o.def.type === "record") ?? object);
  };
  unwrap();
  for (const part of path) {
    choose(String(part));
    if (schema?.def?.type === "object") schema = schema.shape[String(part)];
    else if (schema?.def?.type === "record") schema = schema.def.valueType;
    else return [];
    unwrap();
  }
  choose();
  if (schema?.def?.type === "record") {
    schema = schema.def.valueType;
    unwrap();
  }
  return schema?.def?.type === "object" ? Object.keys(schema.shape).sort() : [];
}
