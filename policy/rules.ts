// The pack's rules as plain functions of a resource as the engine hands it to the pack (type, name, URN, inputs or,
// for the stack rule, outputs), so the tests run them on what the program registers under mocks. Each returns the
// violations it finds, every one naming the resource and the fix; index.ts reports them.
import { Address6 } from "ip-address";
import { parseIPv4 } from "../model/core/ip";
import { showValue } from "../model/core/errors";
import { LABELS } from "../model/core/names";
import { sshHostKey } from "../model/spec/schema";
import { NAMESPACE } from "../model/spec/stack-file";
import { isSecretAt, type Path } from "./markers";

export const POLICIES = {
  hostKey: "switch-host-key-pinned",
  credentials: "switch-credentials-secret",
  ingress: "ingress-nodes-per-zone",
  pool: "loadbalancer-pool-size",
  stdin: "command-stdin-secret",
  /** Records the secret markers the two secret rules read (markers.ts); changes nothing. */
  markers: "observe-secret-markers",
} as const;

export const DEFAULTS = { minPerZone: 2, maxAddresses: 256 } as const;

export interface Seen {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** Paths of the inputs that carried a secret marker; undefined when no remediation observed them. */
  secrets?: Set<Path>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
const isRemote = (type: string) => type.startsWith("command:remote:");
const COMMANDS = ["command:remote:Command", "command:local:Command"];

const unobserved = (r: Seen) =>
  `${r.name}: the secret markers of its inputs were not observed, so this rule cannot tell a secret from plain text; keep policy ${POLICIES.markers} at enforcementLevel remediate (the pack's default)`;

/** Why a connection's `hostKey` pins nothing: absent or blank, or not a public host key. */
function hostKeyProblem(c: Obj): "unpinned" | "malformed" | undefined {
  if (c.hostKey === undefined || c.hostKey === null) return "unpinned";
  if (typeof c.hostKey === "string" && c.hostKey.trim() === "") return "unpinned";
  // The stack schema's own check (model/spec/schema.ts): one rule for the stack config and any program's Connection.
  return sshHostKey.safeParse(c.hostKey).success ? undefined : "malformed";
}

/** The form a pinned key must take, and where it comes from. */
const keyForm = (host: string) =>
  `"<type> <base64>" as \`ssh-keyscan -t ed25519 ${host}\` prints it, without the host name or a comment`;

/**
 * Every switch command's SSH connection pins the switch's host key (`connection.hostKey`), and so does the hop it
 * goes through (`connection.proxy.hostKey`): an unpinned bastion could stand in for the switch behind it. A key is
 * pinned only in the form the stack config may hold (a program's own Connection included), checked by the schema.
 */
export function hostKeyPinned(r: Seen): string[] {
  if (!isRemote(r.type)) return [];
  const c = obj(r.props.connection);
  if (c === undefined) return [];
  const out: string[] = [];
  const host = String(c.host);
  const own = hostKeyProblem(c);
  if (own === "unpinned")
    out.push(
      `${r.name}: its SSH connection to ${host} pins no host key, so it would trust whatever answers at that address; pin it: sshHostKey of that switch in the stack config (the "type base64" of \`ssh-keyscan -t ed25519 ${host}\`), or the Connection's hostKey`,
    );
  else if (own === "malformed")
    out.push(
      `${r.name}: its SSH connection to ${host} has a hostKey that is not an OpenSSH public host key (got ${showValue(c.hostKey)}); pin ${keyForm(host)}: sshHostKey of that switch in the stack config, or the Connection's hostKey`,
    );
  const proxy = obj(c.proxy);
  if (proxy === undefined) return out;
  const via = String(proxy.host);
  const hop = hostKeyProblem(proxy);
  if (hop === "unpinned")
    out.push(
      `${r.name}: its SSH proxy ${via} pins no host key, so whatever answers there could relay or read the session; pin it: the proxy's hostKey (the "type base64" of \`ssh-keyscan -t ed25519 ${via}\`)`,
    );
  else if (hop === "malformed")
    out.push(
      `${r.name}: its SSH proxy ${via} has a hostKey that is not an OpenSSH public host key (got ${showValue(proxy.hostKey)}); pin ${keyForm(via)}: the proxy's hostKey`,
    );
  return out;
}

const CREDENTIALS = ["privateKey", "privateKeyPassword", "password"];

/** A secret of the stack's config: its key (what messages name) and its value (never shown). */
export interface ConfigSecret {
  key: string;
  value: string;
}

/**
 * The switches' SSH key and every BGP password from the stack's config as the CLI hands it to the pack (decrypted,
 * in PULUMI_CONFIG: NewPolicyAnalyzer's constructEnv). Values shorter than a BGP password's 8 characters are left
 * out (model/spec/secrets.ts refuses them anyway): they would match ordinary text.
 */
export function configSecrets(config: Record<string, string>): ConfigSecret[] {
  const out: ConfigSecret[] = [];
  const add = (key: string, v: unknown) => {
    if (typeof v === "string" && v.length >= 8) out.push({ key, value: v });
    else if (obj(v)) for (const [k, x] of Object.entries(obj(v)!)) add(`${key}.${k}`, x);
  };
  const key = config[`${NAMESPACE}:switchSshPrivateKey`];
  if (key !== undefined) add(`${NAMESPACE}:switchSshPrivateKey`, key);
  const passwords = config[`${NAMESPACE}:bgpPasswords`];
  if (passwords !== undefined) {
    let parsed: unknown = passwords;
    try {
      parsed = JSON.parse(passwords);
    } catch {
      // One password as plain text: the value itself.
    }
    add(`${NAMESPACE}:bgpPasswords`, parsed);
  }
  return out;
}

/** Every string of an input tree with its path, read through own descriptors (a policy proxy's `get` would throw on
 * an unknown value during preview). */
function stringLeaves(v: unknown, path: string[] = []): [string[], string][] {
  if (typeof v === "string") return [[path, v]];
  if (v === null || typeof v !== "object") return [];
  return Object.keys(v).flatMap((k) =>
    stringLeaves(Object.getOwnPropertyDescriptor(v, k)?.value, [...path, k]),
  );
}

/**
 * The switches' SSH key and the BGP passwords are secrets: a remote command's SSH credentials and a Kubernetes
 * Secret's data carry the secret marker, and no input holds a value of `secrets` (the stack config's SSH key and
 * passwords) in plain text, e.g. a password written into a command's script.
 */
export function credentialsSecret(r: Seen, secrets: ConfigSecret[]): string[] {
  const paths: string[][] = [];
  if (isRemote(r.type)) {
    const c = obj(r.props.connection);
    for (const [base, o] of [
      [["connection"], c],
      [["connection", "proxy"], obj(c?.proxy)],
    ] as const)
      for (const f of CREDENTIALS) if (o?.[f] !== undefined) paths.push([...base, f]);
  } else if (r.type === "kubernetes:core/v1:Secret") {
    for (const f of ["data", "stringData"])
      for (const k of Object.keys(obj(r.props[f]) ?? {})) paths.push([f, k]);
  }
  const leaks = stringLeaves(r.props).flatMap(([path, text]) =>
    secrets.filter((s) => text.includes(s.value)).map((s) => ({ path, key: s.key })),
  );
  if (paths.length === 0 && leaks.length === 0) return [];
  if (r.secrets === undefined) return [unobserved(r)];
  const marked = r.secrets;
  return [
    ...paths
      .filter((p) => !isSecretAt(marked, p))
      .map((p) =>
        p[0] === "connection"
          ? `${r.name}: ${p.join(".")} is not a Pulumi secret, so the state would hold it in plain text; read it with config.requireSecret (stored by pulumi config set --secret ${NAMESPACE}:switchSshPrivateKey) or wrap it in pulumi.secret()`
          : `${r.name}: ${p.join(".")} is not a Pulumi secret, so the state would hold the BGP password in plain text; pass it as a secret (config.requireSecret, stored by pulumi config set --secret --path '${NAMESPACE}:bgpPasswords.<zone>') or wrap it in pulumi.secret()`,
      ),
    ...leaks
      // A credential field already reported above is not reported twice.
      .filter(
        (l) => !isSecretAt(marked, l.path) && !paths.some((p) => p.join(".") === l.path.join(".")),
      )
      .map(
        (l) =>
          `${r.name}: ${l.path.join(".")} holds the value of ${l.key} in plain text, so the state and the preview would show it; read it with config.requireSecret (not require/get) so it stays a secret, and pass a password on stdin, never in a script`,
      ),
  ];
}

/** A command's stdin (where a BGP password reaches a switch) is a secret whenever it is set. */
export function stdinSecret(r: Seen): string[] {
  if (!COMMANDS.includes(r.type)) return [];
  const stdin = r.props.stdin;
  if (stdin === undefined || stdin === "") return [];
  if (r.secrets === undefined) return [unobserved(r)];
  if (isSecretAt(r.secrets, ["stdin"])) return [];
  return [
    `${r.name}: its stdin is plain text, so the state and the preview's diff would show it (a password on stdin must stay a secret); wrap it in pulumi.secret() or build it from config.requireSecret`,
  ];
}

/** Addresses of one MetalLB `addresses` entry: a CIDR or a `first-last` range, IPv4 or IPv6. */
export function poolEntrySize(entry: string): bigint | undefined {
  const ip = (t: string): [bigint, number] | undefined => {
    const v4 = parseIPv4(t);
    if (v4 !== undefined) return [v4, 32];
    return Address6.isValid(t) && !t.includes("/") ? [new Address6(t).bigInt(), 128] : undefined;
  };
  const range = entry.split("-");
  if (range.length === 2) {
    const [a, b] = range.map((t) => ip(t.trim()));
    return a && b && a[1] === b[1] && b[0] >= a[0] ? b[0] - a[0] + 1n : undefined;
  }
  const [addr, len, ...rest] = entry.split("/");
  const base = ip(addr ?? "");
  if (base === undefined || rest.length > 0 || !/^\d{1,3}$/.test(len ?? "")) return undefined;
  const n = Number(len);
  return n <= base[1] ? 1n << BigInt(base[1] - n) : undefined;
}

/** No MetalLB IPAddressPool holds more addresses than `maxAddresses`. */
export function poolSize(r: Seen, maxAddresses: number): string[] {
  // A Patch (server-side apply of the pool's fields) can widen a pool the program did not create: checked the same.
  if (!/^kubernetes:metallb\.io\/[^:]+:IPAddressPool(Patch)?$/.test(r.type)) return [];
  const pool = String(obj(r.props.metadata)?.name ?? r.name);
  const addresses = obj(r.props.spec)?.addresses;
  if (!Array.isArray(addresses)) return [];
  const sizes = addresses.map((a) => (typeof a === "string" ? poolEntrySize(a) : undefined));
  const unread = addresses.filter((_, i) => sizes[i] === undefined);
  if (unread.length > 0)
    return [
      `${r.name}: pool ${pool} has addresses this rule cannot read (${unread.map((a) => JSON.stringify(a)).join(", ")}); write each as a CIDR or a first-last range`,
    ];
  const total = sizes.reduce((s: bigint, n) => s + n!, 0n);
  if (total <= BigInt(maxAddresses)) return [];
  return [
    `${r.name}: pool ${pool} holds ${total} addresses (${addresses.join(", ")}), more than the ${maxAddresses} allowed; narrow bgp-fabric:loadBalancerPools.${pool}.cidr (a /${32 - Math.floor(Math.log2(maxAddresses))} holds ${2 ** Math.floor(Math.log2(maxAddresses))}) or raise the pack's ${POLICIES.pool}.maxAddresses`,
  ];
}

/**
 * Every zone keeps at least `minPerZone` ingress nodes, counted from the Node patches (their zone and ingress
 * labels, as the stack's outputs hold them). A zone is known from any node the program labels with it.
 */
export function ingressPerZone(
  resources: Seen[],
  minPerZone: number,
): { message: string; urn?: string }[] {
  const zones = new Map<string, { nodes: Set<string>; urn?: string }>();
  for (const r of resources) {
    if (r.type !== "kubernetes:core/v1:NodePatch" && r.type !== "kubernetes:core/v1:Node") continue;
    const meta = obj(r.props.metadata);
    const labels = obj(meta?.labels) ?? {};
    const zone = labels[LABELS.zone];
    if (typeof zone !== "string") continue;
    const z = zones.get(zone) ?? { nodes: new Set<string>() };
    zones.set(zone, z);
    if (labels[LABELS.ingress] === "true") {
      z.nodes.add(String(meta?.name ?? r.name));
      z.urn ??= r.urn;
    }
  }
  return [...zones.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, z]) => z.nodes.size < minPerZone)
    .map(([zone, z]) => ({
      message: `zone ${zone} has ${z.nodes.size} ingress node${z.nodes.size === 1 ? "" : "s"}${z.nodes.size > 0 ? ` (${[...z.nodes].sort().join(", ")})` : ""}, fewer than ${minPerZone}: one failure or drain leaves its LoadBalancer traffic no second path; list at least ${minPerZone} under bgp-fabric:zones.${zone}.ingressNodes`,
      ...(z.urn === undefined ? {} : { urn: z.urn }),
    }));
}
