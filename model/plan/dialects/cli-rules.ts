// Building blocks of the EOS and NX-OS line rules: value forms and their range checks (FRR's forms where shared).
import { parseCidr4, parseIPv4 } from "../../core/ip";
import { parseCidr6, parseIPv6 } from "../../core/ip6";
import { PEER_GROUPS, PEER_GROUPS6 } from "../../core/names";
import type { CliRule } from "./cli-grammar";

/** Our groups of both families (a dual-stack zone's IPv6 groups beside the IPv4 ones). */
export const PG = `(${[...Object.values(PEER_GROUPS), ...Object.values(PEER_GROUPS6)].join("|")})`;
export const IP = String.raw`(\d{1,3}(?:\.\d{1,3}){3})`;
export const CIDR = String.raw`(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})`;
/** An IPv6 neighbor address and prefix (dual-stack zones), checked for the canonical form by `ip6`/`prefixRange6`. */
export const IP6 = String.raw`([0-9a-f:]{2,39})`;
export const CIDR6 = String.raw`([0-9a-f:]{2,39}/\d{1,3})`;
export const NUM = String.raw`(0|[1-9]\d{0,9})`;
export const DESC = "(bgp-fabric(?: [a-z0-9][a-z0-9.-]*)+)";
export const NAME = "(bgp-fabric-[a-z0-9][a-z0-9-]*)";

export const ip = (text: string) =>
  parseIPv4(text) === undefined ? `${text} is not a dotted-quad IPv4 address` : undefined;
export const ip6 = (text: string) =>
  parseIPv6(text) === undefined
    ? `${text} is not an IPv6 address in its canonical form (RFC 5952)`
    : undefined;
export const range = (text: string, min: number, max: number, what: string) => {
  const n = Number(text);
  return n < min || n > max ? `${what} ${text} is outside ${min}-${max}` : undefined;
};

/** `PREFIX [ge G] [le L]` with G above the prefix length and L at least it. */
export function prefixRange(prefix: string, ge?: string, le?: string): string | undefined {
  const c = parseCidr4(prefix);
  if (!c.ok) return `${prefix} ${c.problem}`;
  const len = Number(prefix.split("/")[1]);
  return (
    (ge !== undefined ? range(ge, len + 1, 32, "ge") : undefined) ??
    (le !== undefined ? range(le, len, 32, "le") : undefined)
  );
}

/** `PREFIX [ge G] [le L]` for IPv6, to /128. */
export function prefixRange6(prefix: string, ge?: string, le?: string): string | undefined {
  const c = parseCidr6(prefix);
  if (!c.ok) return `${prefix} ${c.problem}`;
  const len = c.cidr.prefix;
  return (
    (ge !== undefined ? range(ge, len + 1, 128, "ge") : undefined) ??
    (le !== undefined ? range(le, len, 128, "le") : undefined)
  );
}

export const timers = (k: string, h: string) =>
  range(k, 0, 3600, "keepalive") ?? (h !== "0" ? range(h, 3, 7200, "hold time") : undefined);

export const rule = (parent: string, source: string, extra: Partial<CliRule> = {}): CliRule => ({
  parent,
  pattern: new RegExp(`^${source}$`),
  ...extra,
});

/** The route-map entry lines, the same on both CLIs. */
export function routeMapRules(): CliRule[] {
  return [
    rule("config", `route-map ${NAME} (permit|deny) ${NUM}`, {
      opens: "rmap",
      valid: (m) => range(m[3], 1, 65535, "route-map sequence"),
    }),
    rule("config", `no route-map ${NAME}`),
    rule("rmap", `description ${DESC}`),
    rule("rmap", `match ip address prefix-list ${NAME}`),
    rule("rmap", `match ip next-hop prefix-list ${NAME}`),
    // Dual-stack zones: the IPv6 maps match IPv6 lists.
    rule("rmap", `match ipv6 address prefix-list ${NAME}`),
    rule("rmap", `match ipv6 next-hop prefix-list ${NAME}`),
    rule("rmap", `set local-preference ${NUM}`),
    rule("rmap", `set metric ${NUM}`, { valid: (m) => range(m[1], 0, 4294967295, "metric") }),
    rule("rmap", "set origin igp"),
  ];
}
