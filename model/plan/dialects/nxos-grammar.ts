// The NX-OS dialect's grammar: every line it sends, in its mode (indentation 2), and the template's fixed statements.
import type { ScriptCommand } from "./dialect";
import { checkCli, type CliGrammar } from "./cli-grammar";
import { CLI_OS, checkpoint, restoreFamily6, restoreMaximumPaths, save } from "./cli-shell";
import {
  CIDR,
  CIDR6,
  DESC,
  IP,
  IP6,
  NAME,
  NUM,
  PG,
  ip,
  ip6,
  prefixRange,
  prefixRange6,
  range,
  routeMapRules,
  rule,
  timers,
} from "./cli-rules";
import { PEER_GROUPS, PEER_GROUPS6 } from "../../core/names";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import { UPDATE_SOURCE_PATTERNS } from "../../spec/update-source";
import { foreignMembers, foundMp } from "./nxos-forms";

const I1 = "  ";
/** An interface name as model/spec/update-source.ts accepts it for NX-OS. */
const NXOS_INTERFACE = `(${UPDATE_SOURCE_PATTERNS.nxos.source.slice(1, -1)})`;
const I2 = "    ";

export const NXOS_GRAMMAR: CliGrammar = {
  os: CLI_OS.nxos,
  title: "NX-OS",
  modes: {
    config: "at configuration level",
    rmap: "inside a route-map",
    router: "directly under router bgp",
    raf: "inside the instance's address-family ipv4 unicast",
    tpl: "inside a template peer (outside its address family)",
    taf: "inside a template peer's address-family ipv4 unicast",
    nbr: "inside a neighbor (outside its address family)",
    naf: "inside a neighbor's address-family ipv4 unicast",
    raf6: "inside the instance's address-family ipv6 unicast",
    taf6: "inside a template peer's address-family ipv6 unicast",
    naf6: "inside a neighbor's address-family ipv6 unicast",
    leaf: "below a line that opens no mode",
  },
  rules: [
    rule("config", `ip prefix-list ${NAME} description ${DESC}`),
    rule(
      "config",
      `ip prefix-list ${NAME} seq ${NUM} (permit|deny) ${CIDR}(?: ge ${NUM})?(?: le ${NUM})?`,
      { valid: (m) => range(m[2], 1, 4294967294, "sequence") ?? prefixRange(m[4], m[5], m[6]) },
    ),
    rule("config", `no ip prefix-list ${NAME}`),
    rule("config", `no ip prefix-list ${NAME} seq ${NUM}`),
    // Dual-stack zones: IPv6 lists, to /128.
    rule("config", `ipv6 prefix-list ${NAME} description ${DESC}`),
    rule(
      "config",
      `ipv6 prefix-list ${NAME} seq ${NUM} (permit|deny) ${CIDR6}(?: ge ${NUM})?(?: le ${NUM})?`,
      { valid: (m) => range(m[2], 1, 4294967294, "sequence") ?? prefixRange6(m[4], m[5], m[6]) },
    ),
    rule("config", `no ipv6 prefix-list ${NAME}`),
    rule("config", `no ipv6 prefix-list ${NAME} seq ${NUM}`),
    ...routeMapRules(),
    rule("config", `no route-map ${NAME} permit ${NUM}`),
    rule("config", `router bgp ${NUM}`, { opens: "router" }),
    rule("router", "address-family ipv4 unicast", { opens: "raf" }),
    rule("raf", `maximum-paths ibgp ${NUM}`, { valid: (m) => range(m[1], 1, 64, "maximum-paths") }),
    rule("raf", "no maximum-paths ibgp"),
    rule("router", "address-family ipv6 unicast", { opens: "raf6" }),
    rule("raf6", `maximum-paths ibgp ${NUM}`, {
      valid: (m) => range(m[1], 1, 64, "maximum-paths"),
    }),
    rule("raf6", "no maximum-paths ibgp"),
    // The IPv6 part's delete removes the family its create added to a switch that had none (cli-shell.ts).
    rule("router", "no address-family ipv6 unicast"),
    rule("router", `template peer ${PG}`, { opens: "tpl" }),
    rule("router", `no template peer ${PG}`),
    rule("tpl", `remote-as ${NUM}`, { valid: (m) => range(m[1], 1, 4294967295, "AS") }),
    rule("tpl", `description ${DESC}`),
    rule("tpl", "no password"),
    rule("tpl", `timers ${NUM} ${NUM}`, { valid: (m) => timers(m[1], m[2]) }),
    rule("tpl", "address-family ipv4 unicast", { opens: "taf" }),
    rule("taf", "capability additional-paths receive"),
    rule("taf", "next-hop-self"),
    rule("taf", `route-map ${NAME} (in|out)`),
    rule("taf", `maximum-prefix ${NUM}(?: ${NUM})? restart ${NUM}`, {
      valid: (m) =>
        range(m[1], 1, 4294967295, "maximum-prefix") ??
        (m[2] === undefined ? undefined : range(m[2], 1, 100, "warning threshold")) ??
        range(m[3], 1, 65535, "restart interval"),
    }),
    rule("tpl", "address-family ipv6 unicast", { opens: "taf6" }),
    rule("taf6", "capability additional-paths receive"),
    rule("taf6", "next-hop-self"),
    rule("taf6", `route-map ${NAME} (in|out)`),
    rule("taf6", `maximum-prefix ${NUM}(?: ${NUM})? restart ${NUM}`, {
      valid: (m) =>
        range(m[1], 1, 4294967295, "maximum-prefix") ??
        (m[2] === undefined ? undefined : range(m[2], 1, 100, "warning threshold")) ??
        range(m[3], 1, 65535, "restart interval"),
    }),
    rule("tpl", `update-source ${NXOS_INTERFACE}`),
    rule("tpl", "no update-source"),
    rule("router", `neighbor ${IP}`, { opens: "nbr", valid: (m) => ip(m[1]) }),
    rule("router", `no neighbor ${IP}`, { valid: (m) => ip(m[1]) }),
    rule("nbr", `inherit peer ${PG}`),
    rule("nbr", `description ${DESC}`),
    rule("nbr", "address-family ipv4 unicast", { opens: "naf" }),
    rule("router", `neighbor ${IP6}`, { opens: "nbr", valid: (m) => ip6(m[1]) }),
    rule("router", `no neighbor ${IP6}`, { valid: (m) => ip6(m[1]) }),
    rule("nbr", "address-family ipv6 unicast", { opens: "naf6" }),
  ],
  fixed: (label) => [
    ...(["ipv4", "ipv6"] as const).flatMap((family) =>
      (["read", "keep"] as const).map((mode) => foundMp(family, label, mode).join("\n")),
    ),
    ...Object.values(PEER_GROUPS).map((g) => foreignMembers(g, label)),
    restoreMaximumPaths(
      [`${I1}address-family ipv4 unicast`],
      `${I2}no maximum-paths ibgp`,
      `${I2}maximum-paths ibgp`,
    ),
    // A dual-stack zone's IPv6 part (nxos.ts `part`): the IPv6 family's multipath restore.
    ...Object.values(PEER_GROUPS6).map((g) => foreignMembers(g, label)),
    restoreFamily6(
      `${I1}address-family ipv6 unicast`,
      `${I2}no maximum-paths ibgp`,
      `${I2}maximum-paths ibgp`,
      `${I1}no address-family ipv6 unicast`,
      `${I2}address-family ipv6 unicast`,
      Object.values(PEER_GROUPS6),
    ),
  ],
  tail: (label, create) =>
    create ? [checkpoint(label)] : [checkpoint(label), save(CLI_OS.nxos, label)],
  stdin: (asn, groups) =>
    [
      `router bgp ${asn}`,
      ...groups.flatMap((g) => [
        `${I1}template peer ${g}`,
        `${I2}password 0 ${SECRET_PLACEHOLDER}`,
      ]),
      "",
    ].join("\n"),
  groups: (lines) => {
    const all: string[] = [];
    const withoutPassword: string[] = [];
    for (const l of lines) {
      const t = /^ {2}template peer (\S+)$/.exec(l);
      if (t) all.push(t[1]);
      else if (l === `${I2}no password` && all.length > 0)
        withoutPassword.push(all[all.length - 1]);
    }
    return { all, withoutPassword };
  },
  subject: (l) => {
    let m: RegExpExecArray | null;
    if ((m = /^no ip(?:v6)? prefix-list (\S+)$/.exec(l))) return { removed: `prefix-list ${m[1]}` };
    if ((m = /^ip(?:v6)? prefix-list (\S+) /.exec(l))) return { added: `prefix-list ${m[1]}` };
    if ((m = /^no route-map (\S+)$/.exec(l))) return { removed: `route-map ${m[1]}` };
    if ((m = /^route-map (\S+) (?:permit|deny) \d+$/.exec(l)))
      return { added: `route-map ${m[1]}` };
    if ((m = /^no template peer (\S+)$/.exec(l))) return { removed: `template ${m[1]}` };
    if ((m = /^template peer (\S+)$/.exec(l))) return { added: `template ${m[1]}` };
    if ((m = /^no neighbor (\S+)$/.exec(l))) return { removed: `neighbor ${m[1]}` };
    if ((m = /^neighbor (\S+)$/.exec(l))) return { added: `neighbor ${m[1]}` };
    return {};
  },
};

export const checkNxos = (command: ScriptCommand) => checkCli(NXOS_GRAMMAR, command);
