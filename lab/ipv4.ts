// Small IPv4 helpers for the lab on top of the model's parser (the lab never re-validates what the model did).
import { parseCidr4, parseIPv4, type Cidr4 } from "../model/core/ip";

export function cidr(text: string): Cidr4 {
  const r = parseCidr4(text);
  if (!r.ok) throw new Error(`lab: ${text} ${r.problem}`);
  return r.cidr;
}

export function ip(text: string): bigint {
  const n = parseIPv4(text);
  if (n === undefined) throw new Error(`lab: ${text} is not an IPv4 address`);
  return n;
}

export function formatIp(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
}

/** The i-th `/len` subnet of `parent` (e.g. the i-th /26 block of a pod CIDR). */
export function subnet(parent: Cidr4, len: number, i: number): string {
  const size = 1n << BigInt(32 - len);
  const first = parent.first + size * BigInt(i);
  if (len < parent.prefix || first + size - 1n > parent.last)
    throw new Error(`lab: ${parent.text} has no /${len} number ${i}`);
  return `${formatIp(first)}/${len}`;
}

/** The address `offset` above the network address of `c`. */
export function hostAt(c: Cidr4, offset: bigint): string {
  const n = c.first + offset;
  if (n > c.last) throw new Error(`lab: ${c.text} has no address at offset ${offset}`);
  return formatIp(n);
}
