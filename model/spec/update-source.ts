// `zones.<zone>.switches.<switch>.updateSource`: the interface EOS and NX-OS sessions leave from, refused unless it is
// one interface name in the form the dialect's `show running-config` prints (it reaches the switch CLI verbatim).
import type { DialectName } from "../core/types";

/**
 * Canonical interface names per dialect (EOS: `Loopback0`, `Vlan100`, `Ethernet1/1`, `Port-Channel10`; NX-OS:
 * `loopback0`, `Vlan100`, `Ethernet1/1`, `port-channel10`, as their running configs print them). Numbers have no
 * leading zeros; nothing else (spaces, quotes, other interface types) passes.
 */
const N = "(?:0|[1-9]\\d{0,4})";
export const UPDATE_SOURCE_PATTERNS: Record<Exclude<DialectName, "frr">, RegExp> = {
  eos: new RegExp(
    `^(?:Loopback${N}|Vlan${N}|Ethernet${N}(?:/${N}){0,2}(?:\\.${N})?|Port-Channel${N}(?:\\.${N})?)$`,
  ),
  nxos: new RegExp(
    `^(?:loopback${N}|Vlan${N}|Ethernet${N}/${N}(?:/${N})?(?:\\.${N})?|port-channel${N}(?:\\.${N})?)$`,
  ),
};

const EXAMPLES: Record<Exclude<DialectName, "frr">, string> = {
  eos: "Loopback<n>, Vlan<n>, Ethernet<n>[/<n>[/<n>]][.<n>] or Port-Channel<n>[.<n>], e.g. Vlan100",
  nxos: "loopback<n>, Vlan<n>, Ethernet<n>/<n>[/<n>][.<n>] or port-channel<n>[.<n>], e.g. Vlan100",
};

/** Why `name` is refused as the update source of a `dialect` switch; undefined when it is accepted. */
export function updateSourceProblem(
  dialect: DialectName,
  name: string,
): { problem: string; fix: string } | undefined {
  if (dialect === "frr")
    return {
      problem: "is not used by the frr dialect (its sessions leave from the switch address)",
      fix: "remove updateSource; FRR renders update-source <address>",
    };
  if (UPDATE_SOURCE_PATTERNS[dialect].test(name)) return undefined;
  return {
    problem: `is not a ${dialect} interface name in running-config form`,
    fix: `use ${EXAMPLES[dialect]}`,
  };
}
