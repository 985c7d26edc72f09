// Stack-config edits for lab scenarios, written as a copy of the stack file in the run directory: a new zone
// modelled on the last one (next AS, next free subnets, same host layout) and a reflector-mode variant.
// These produce *config*; every network consequence still comes from the model's plan of that config.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { cidr4 as cidr, formatIPv4, ipv4, overlaps, type Cidr4 } from "../model/core/ip";
import { cidr6, formatIPv6, ipv6, isIPv6Text } from "../model/core/ip6";
import { NAMESPACE, readStackFile } from "../model/spec/stack-file";

type Raw = Record<string, unknown>;
interface RawZone {
  asn: number;
  nodeCidr: string;
  podCidr: string;
  /** Dual-stack (issue 19): the zone's IPv6 ranges; each host then has an `ipv6Address`. */
  ipv6?: { nodeCidr: string; podCidr: string } & Raw;
  routeReflectorClusterId?: string;
  switches: Record<string, Host & Raw>;
  masters: Record<string, Host>;
  ingressNodes?: Record<string, Host>;
  [k: string]: unknown;
}

interface Host {
  address: string;
  ipv6Address?: string;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

interface Family {
  parse: (text: string) => Cidr4;
  format: (n: bigint) => string;
  max: bigint;
}
const V4: Family = { parse: cidr, format: formatIPv4, max: 0xffffffffn };
const V6: Family = { parse: cidr6, format: formatIPv6, max: (1n << 128n) - 1n };

/** The next same-sized prefix after `from` that overlaps none of `taken` (both of `family`). */
function nextFree(from: Cidr4, taken: Cidr4[], family: Family = V4): string {
  const size = from.last - from.first + 1n;
  for (let first = from.first + size; first + size - 1n <= family.max; first += size) {
    const c = family.parse(`${family.format(first)}/${from.prefix}`);
    if (!taken.some((t) => overlaps(t, c))) return c.text;
  }
  throw new Error(`lab: no free /${from.prefix} after ${from.text}`);
}

/** `az2` -> `az3`; a name without a number gets `-2` and so on. */
function nextName(names: string[]): string {
  const last = [...names].sort().at(-1) ?? "zone0";
  const m = /^(.*?)(\d+)$/.exec(last);
  for (let i = m ? Number(m[2]) + 1 : 2; ; i++) {
    const n = m ? `${m[1]}${i}` : `${last}-${i}`;
    if (!names.includes(n)) return n;
  }
}

/** Adds one zone shaped like the last one; returns the new config and the zone's name. */
export function withExtraZone(raw: Raw): { raw: Raw; zone: string } {
  const out = clone(raw);
  const zones = out.zones as Record<string, RawZone>;
  const names = Object.keys(zones).sort();
  const last = names.at(-1);
  if (!last) throw new Error("lab: the stack has no zone to copy");
  const zone = nextName(names);
  const model = zones[last];
  const taken = [
    ...Object.values(zones).flatMap((z) => [z.nodeCidr, z.podCidr]),
    ...Object.values((out.loadBalancerPools ?? {}) as Record<string, { cidr: string }>).map(
      (p) => p.cidr,
    ),
    ...[(out.kubernetes as { serviceCidr?: string } | undefined)?.serviceCidr].filter(
      (x): x is string => !!x,
    ),
  ];
  const taken4 = taken.filter((c) => !isIPv6Text(c)).map(cidr);
  // Dual-stack: the IPv6 ranges likewise, after every zone's and IPv6 pool's.
  const taken6 = [
    ...Object.values(zones).flatMap((z) => (z.ipv6 ? [z.ipv6.nodeCidr, z.ipv6.podCidr] : [])),
    ...taken.filter(isIPv6Text),
  ].map(cidr6);
  const v6 = model.ipv6;
  const nodeCidr6 = v6 && nextFree(cidr6(v6.nodeCidr), taken6, V6);
  const podCidr6 = v6 && nextFree(cidr6(v6.podCidr), [...taken6, cidr6(nodeCidr6!)], V6);
  const nodeCidr = nextFree(cidr(model.nodeCidr), taken4);
  const podCidr = nextFree(cidr(model.podCidr), [...taken4, cidr(nodeCidr)]);
  const asns = new Set(Object.values(zones).map((z) => z.asn));
  let asn = Math.max(...asns) + 1;
  while (asns.has(asn)) asn++;
  // Same host offset inside the new subnet; host names follow the zone name when they contain it.
  const from = cidr(model.nodeCidr);
  const to = cidr(nodeCidr);
  const moved6 = (a: string) =>
    formatIPv6(cidr6(nodeCidr6!).first + (ipv6(a) - cidr6(v6!.nodeCidr).first));
  const move = <T extends Host>(
    group: Record<string, T> | undefined,
    rename: boolean,
  ): Record<string, T> =>
    Object.fromEntries(
      Object.entries(group ?? {}).map(([name, h]) => [
        rename ? (name.includes(last) ? name.split(last).join(zone) : `${name}-${zone}`) : name,
        {
          ...h,
          address: formatIPv4(to.first + (ipv4(h.address) - from.first)),
          ...(h.ipv6Address === undefined ? {} : { ipv6Address: moved6(h.ipv6Address) }),
        },
      ]),
    );
  const { routeReflectorClusterId: _derived, ...rest } = model; // the model derives a unique one from the AS
  zones[zone] = {
    ...rest,
    asn,
    nodeCidr,
    podCidr,
    ...(v6 ? { ipv6: { ...v6, nodeCidr: nodeCidr6!, podCidr: podCidr6! } } : {}),
    switches: move(model.switches, false),
    masters: move(model.masters, true),
    ...(model.ingressNodes ? { ingressNodes: move(model.ingressNodes, true) } : {}),
  };
  const workers = (out.lab as { workers?: Record<string, Record<string, Host>> } | undefined)
    ?.workers;
  if (workers?.[last]) workers[zone] = move(workers[last], true);
  return { raw: out, zone };
}

/** The same stack with `ingress.mode` set and only the zones named in `keep`. */
export function variant(raw: Raw, mode: "direct" | "reflector", keep: string[]): Raw {
  const out = clone(raw);
  (out.ingress as Raw).mode = mode;
  const zones = out.zones as Record<string, RawZone>;
  for (const z of Object.keys(zones)) if (!keep.includes(z)) delete zones[z];
  const workers = (out.lab as { workers?: Record<string, unknown> } | undefined)?.workers;
  for (const z of Object.keys(workers ?? {})) if (!keep.includes(z)) delete workers![z];
  return out;
}

export function readRaw(stackFile: string): Raw {
  return readStackFile(stackFile);
}

/** Writes a stack file the model reads back exactly (every key under the project's namespace). */
export function writeStack(file: string, raw: Raw, comment: string): void {
  const config = Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${NAMESPACE}:${k}`, v]));
  writeFileSync(file, `# ${comment}\n${stringify({ config })}`);
}
