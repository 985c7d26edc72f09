// IPv4 parsing and prefix math on top of ip-address; strict forms only, so what we render is what we validated.
import { Address4 } from "ip-address";
import { HOST_LABEL } from "./patterns";

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export interface Cidr4 {
  text: string;
  prefix: number;
  first: bigint;
  last: bigint;
}

/** An IPv4 address in canonical dotted-quad form (no leading zeros, no suffix), else undefined. */
export function parseIPv4(text: string): bigint | undefined {
  if (!DOTTED_QUAD.test(text)) return undefined;
  return new Address4(text).bigInt();
}

/** A label resolvers read as a number (inet_aton: decimal, octal with 0, hexadecimal with 0x). */
const NUMERIC_LABEL = /^(\d+|0x[0-9a-f]*)$/i;

/**
 * A host name for SSH: a canonical dotted quad, or a DNS name of RFC 1123 labels whose last label is not numeric.
 * `010.001.000.002`, `0x0a.1.0.2` and `65101` are refused: resolvers read them as other addresses.
 */
export function isHostName(text: string): boolean {
  if (parseIPv4(text) !== undefined) return true;
  const labels = text.split(".");
  return (
    text.length <= 253 &&
    labels.every((l) => HOST_LABEL.test(l)) &&
    !NUMERIC_LABEL.test(labels[labels.length - 1])
  );
}

/** IPv4 ranges no core switch's management address can be in, each with why (RFC 6890 special-purpose blocks). */
const NOT_A_SWITCH: [string, string][] = [
  ["0.0.0.0/8", "is an unspecified (this-network) address, which connects to this machine"],
  ["127.0.0.0/8", "is a loopback address, which connects to this machine"],
  ["169.254.0.0/16", "is a link-local address (169.254.169.254 is the cloud metadata service)"],
  ["224.0.0.0/4", "is a multicast address"],
  ["240.0.0.0/4", "is a reserved or the broadcast address"],
];

/** Why a host name or address cannot be a core switch (localhost, loopback, link-local, ...); undefined if it can. */
export function notASwitchHost(text: string): string | undefined {
  const ip = parseIPv4(text);
  if (ip === undefined)
    return /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/i.test(
      text.replace(/\.$/, ""),
    )
      ? "is a name for this machine (localhost)"
      : undefined;
  for (const [block, why] of NOT_A_SWITCH) if (contains(cidr4(block), ip)) return why;
  return undefined;
}

export type CidrResult = { ok: true; cidr: Cidr4 } | { ok: false; problem: string; fix: string };

/** An IPv4 prefix `a.b.c.d/n` whose host bits are zero. */
export function parseCidr4(text: string, minPrefix = 0, maxPrefix = 32): CidrResult {
  const [addr, len, ...rest] = text.split("/");
  if (
    rest.length > 0 ||
    len === undefined ||
    !/^(3[0-2]|[12]?\d)$/.test(len) ||
    !DOTTED_QUAD.test(addr)
  ) {
    const v6 = text.includes(":");
    return {
      ok: false,
      problem: v6 ? "is IPv6 where an IPv4 prefix is needed" : "is not an IPv4 prefix",
      fix: v6
        ? "write it as a.b.c.d/len, e.g. 10.1.0.0/24 (a zone's IPv6 ranges go under zones.<zone>.ipv6)"
        : "write it as a.b.c.d/len, e.g. 10.1.0.0/24",
    };
  }
  const a = new Address4(text);
  const first = a.startAddress().bigInt();
  if (first !== new Address4(addr).bigInt()) {
    return {
      ok: false,
      problem: "has host bits set",
      fix: `use the network address ${a.startAddress().correctForm()}/${len}`,
    };
  }
  const prefix = Number(len);
  if (prefix < minPrefix || prefix > maxPrefix) {
    return {
      ok: false,
      problem: `has a /${prefix} prefix`,
      fix: `use a prefix from /${minPrefix} to /${maxPrefix}`,
    };
  }
  return { ok: true, cidr: { text, prefix, first, last: a.endAddress().bigInt() } };
}

export function overlaps(a: Cidr4, b: Cidr4): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function contains(c: Cidr4, ip: bigint): boolean {
  return c.first <= ip && ip <= c.last;
}

/** True for the network and broadcast addresses of prefixes shorter than /31. */
export function isNetworkOrBroadcast(c: Cidr4, ip: bigint): boolean {
  return c.prefix < 31 && (ip === c.first || ip === c.last);
}

/** Dotted quad of a 32-bit number, e.g. for a route-reflector cluster ID derived from an AS number. */
export function formatIPv4(value: number | bigint): string {
  const n = Number(value);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** A prefix already validated (by the spec, or built by us): a malformed one is a bug, so it throws. */
export function cidr4(text: string): Cidr4 {
  const r = parseCidr4(text);
  if (!r.ok) throw new Error(`internal: ${text} ${r.problem}`);
  return r.cidr;
}

/** An address already validated: a malformed one is a bug, so it throws. */
export function ipv4(text: string): bigint {
  const n = parseIPv4(text);
  if (n === undefined) throw new Error(`internal: ${text} is not an IPv4 address`);
  return n;
}

/** The i-th `/len` subnet of `parent` (e.g. the i-th /26 block of a pod CIDR). */
export function subnetAt(parent: Cidr4, len: number, i: number): string {
  const size = 1n << BigInt(32 - len);
  const first = parent.first + size * BigInt(i);
  if (len < parent.prefix || first + size - 1n > parent.last)
    throw new Error(`internal: ${parent.text} has no /${len} number ${i}`);
  return `${formatIPv4(first)}/${len}`;
}

/** The address `offset` above the network address of `c`. */
export function hostAt(c: Cidr4, offset: bigint): string {
  const n = c.first + offset;
  if (n > c.last) throw new Error(`internal: ${c.text} has no address at offset ${offset}`);
  return formatIPv4(n);
}
