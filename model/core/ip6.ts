// IPv6 parsing and prefix math on top of ip-address; the canonical text form only (RFC 5952: lower case, leading
// zeros dropped, the longest run of two or more zero fields compressed), so what we render is what we validated.
import { Address6 } from "ip-address";
import type { Cidr4, CidrResult } from "./ip";

/** An IPv6 prefix: the same shape as an IPv4 one (first and last address as numbers), another number space. */
export type Cidr6 = Cidr4;

/** Characters an IPv6 text can hold: no zone index (`%eth0`), no embedded dotted quad, no brackets. */
const IPV6_CHARS = /^[0-9a-f:]{2,39}$/;

/** True when the text is meant as IPv6 (it has a colon): the family a value is checked and rendered in. */
export function isIPv6Text(text: string): boolean {
  return text.includes(":");
}

/** The RFC 5952 form of an address ip-address can read, else undefined. */
export function canonicalIPv6(text: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(text)) return undefined;
  try {
    return new Address6(text).correctForm();
  } catch {
    return undefined;
  }
}

/** An IPv6 address in its canonical form (RFC 5952, no prefix, no zone), else undefined. */
export function parseIPv6(text: string): bigint | undefined {
  if (!IPV6_CHARS.test(text) || canonicalIPv6(text) !== text) return undefined;
  return new Address6(text).bigInt();
}

/** The fix for an address or prefix that cannot route (notRoutable6). */
export const ROUTABLE_FIX = {
  address: "use a global unicast or unique local (fd00::/8) address",
  prefix: "use a global unicast or unique local (fd00::/8) prefix",
};

/**
 * A non-canonical text whose value cannot route (`::ffff:10.1.0.2`, `::10.1.0.2`, `64:ff9b::10.1.0.2`): why, so
 * the fix never names a canonical form that is refused in turn.
 */
function unroutableForm(
  canonical: string,
  fix: string,
): { problem: string; fix: string } | undefined {
  const n = new Address6(canonical).bigInt();
  const why = notRoutable6(n, n);
  return why === undefined ? undefined : { problem: why, fix };
}

/** The problem with an address that is not a canonical IPv6 address, with its fix. */
export function ipv6Problem(text: string): { problem: string; fix: string } | undefined {
  if (parseIPv6(text) !== undefined) return undefined;
  const canonical = canonicalIPv6(text);
  if (canonical !== undefined && !text.includes("/"))
    return (
      unroutableForm(canonical, ROUTABLE_FIX.address) ?? {
        problem: "is not in the canonical IPv6 form (RFC 5952)",
        fix: `write ${canonical}`,
      }
    );
  return { problem: "is not an IPv6 address", fix: "write it as e.g. fd00:11::11 (no prefix)" };
}

/** An IPv6 prefix `addr/len` in canonical form whose host bits are zero, its length within [min, max]. */
export function parseCidr6(text: string, minPrefix = 0, maxPrefix = 128): CidrResult {
  const [addr, len, ...rest] = text.split("/");
  const malformed = {
    ok: false as const,
    problem: "is not an IPv6 prefix",
    fix: "write it as addr/len, e.g. fd00:11::/64",
  };
  if (rest.length > 0 || len === undefined || !/^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(len))
    return malformed;
  const canonical = canonicalIPv6(addr);
  if (canonical === undefined) return malformed;
  const prefix = Number(len);
  const a = new Address6(`${canonical}/${prefix}`);
  const first = a.startAddress().bigInt();
  if (first !== new Address6(canonical).bigInt())
    return {
      ok: false,
      problem: "has host bits set",
      fix: `use the network address ${a.startAddress().correctForm()}/${prefix}`,
    };
  if (canonical !== addr)
    return {
      ok: false,
      ...(unroutableForm(canonical, ROUTABLE_FIX.prefix) ?? {
        problem: "is not in the canonical IPv6 form (RFC 5952)",
        fix: `write ${canonical}/${prefix}`,
      }),
    };
  if (prefix < minPrefix || prefix > maxPrefix)
    return {
      ok: false,
      problem: `has a /${prefix} prefix`,
      fix: `use a prefix from /${minPrefix} to /${maxPrefix}`,
    };
  return { ok: true, cidr: { text, prefix, first, last: a.endAddress().bigInt() } };
}

/** A prefix already validated: a malformed one is a bug, so it throws. */
export function cidr6(text: string): Cidr6 {
  const r = parseCidr6(text);
  if (!r.ok) throw new Error(`internal: ${text} ${r.problem}`);
  return r.cidr;
}

/** An address already validated: a malformed one is a bug, so it throws. */
export function ipv6(text: string): bigint {
  const n = parseIPv6(text);
  if (n === undefined) throw new Error(`internal: ${text} is not an IPv6 address`);
  return n;
}

/** The canonical text of a 128-bit number. */
export function formatIPv6(n: bigint): string {
  return Address6.fromBigInt(n).correctForm();
}

/**
 * IPv6 blocks where a routable unicast address is needed (node subnets, pods, pools, sessions), each with why
 * (RFC 4291 2.4 and RFC 6890): the first that contains the range is the one reported. Only global unicast
 * (2000::/3) and unique local (fc00::/7, RFC 4193) ranges route between the nodes and the switches.
 */
const NOT_ROUTABLE: [string, string][] = [
  ["::/128", "is the unspecified address"],
  ["::1/128", "is the loopback address"],
  ["::ffff:0:0/96", "is an IPv4-mapped address (it is IPv4, not IPv6)"],
  // The NAT64 prefixes lie inside ::/8: named before it, so the reason given is theirs.
  ["64:ff9b::/96", "is a NAT64 address that embeds IPv4 (RFC 6052)"],
  ["64:ff9b:1::/48", "is a local-use NAT64 address that embeds IPv4 (RFC 8215)"],
  ["::/8", "is in ::/8 (unspecified, loopback, IPv4-compatible: reserved, RFC 4291)"],
  ["2002::/16", "is a 6to4 address that embeds IPv4 (RFC 3056)"],
  ["2001::/32", "is a Teredo address that embeds IPv4 (RFC 4380)"],
  ["fe80::/10", "is link-local (fe80::/10): it does not route, and every interface has its own"],
  ["fec0::/10", "is site-local (fec0::/10, deprecated by RFC 3879)"],
  ["ff00::/8", "is multicast (ff00::/8)"],
];

const ROUTABLE = ["2000::/3", "fc00::/7"].map(cidr6);

/** Why no session, pod or pool can use this range (first..last); undefined for routable unicast. */
export function notRoutable6(first: bigint, last: bigint): string | undefined {
  for (const [block, why] of NOT_ROUTABLE) {
    const c = cidr6(block);
    if (first <= c.last && c.first <= last) return why;
  }
  if (!ROUTABLE.some((c) => c.first <= first && last <= c.last))
    return "is not global unicast (2000::/3) or unique local (fc00::/7)";
  return undefined;
}

/** The i-th `/len` subnet of `parent` (the i-th block of a pod CIDR). */
export function subnetAt6(parent: Cidr6, len: number, i: number): string {
  const size = 1n << BigInt(128 - len);
  const first = parent.first + size * BigInt(i);
  if (len < parent.prefix || first + size - 1n > parent.last)
    throw new Error(`internal: ${parent.text} has no /${len} number ${i}`);
  return `${formatIPv6(first)}/${len}`;
}

/** Numeric order of two addresses of either family: IPv4 first, then IPv6. */
export function compareAddresses(a: bigint | undefined, b: bigint | undefined): number {
  const x = a ?? 0n;
  const y = b ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}
