// The EOS dialect's grammar: every line it sends, in its mode (indentation 3), and the template's fixed statements.
import type { ScriptCommand } from "./dialect";
import { checkCli, type CliGrammar } from "./cli-grammar";
import {
  CLI_OS,
  SHOW_DIFF,
  commitNow,
  commitTimer,
  foundMaximumPaths,
  restoreMaximumPaths,
  save,
} from "./cli-shell";
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
import { COMMIT_TIMER_FORM, foreignMembers, markers } from "./eos-forms";

const I1 = "   ";
/** An interface name as model/spec/update-source.ts accepts it for EOS. */
const EOS_INTERFACE = `(${UPDATE_SOURCE_PATTERNS.eos.source.slice(1, -1)})`;

/** The script's commit timer when it is one the renderer makes (00:10:00-01:05:00), else the default (a mismatch). */
function timerIn(script: string): string {
  const t = /configure session \$s commit timer (\d\d:\d\d:\d\d)"/.exec(script)?.[1] ?? "";
  const m = COMMIT_TIMER_FORM.exec(t);
  const seconds = m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
  return seconds >= 600 && seconds <= 3900 ? t : "00:10:00";
}

export const EOS_GRAMMAR: CliGrammar = {
  os: CLI_OS.eos,
  title: "EOS",
  modes: {
    config: "at configuration level",
    plist: "inside an ip prefix-list",
    rmap: "inside a route-map",
    router: "outside address-family ipv4",
    af: "inside address-family ipv4",
    plist6: "inside an ipv6 prefix-list",
    af6: "inside address-family ipv6",
    leaf: "below a line that opens no mode",
  },
  rules: [
    rule("config", `ip prefix-list ${NAME}`, { opens: "plist" }),
    rule("config", `no ip prefix-list ${NAME}`),
    rule("plist", `seq ${NUM} (permit|deny) ${CIDR}(?: ge ${NUM})?(?: le ${NUM})?`, {
      valid: (m) => range(m[1], 1, 65535, "sequence") ?? prefixRange(m[3], m[4], m[5]),
    }),
    // Dual-stack zones: IPv6 lists, to /128.
    rule("config", `ipv6 prefix-list ${NAME}`, { opens: "plist6" }),
    rule("config", `no ipv6 prefix-list ${NAME}`),
    rule("plist6", `seq ${NUM} (permit|deny) ${CIDR6}(?: ge ${NUM})?(?: le ${NUM})?`, {
      valid: (m) => range(m[1], 1, 65535, "sequence") ?? prefixRange6(m[3], m[4], m[5]),
    }),
    ...routeMapRules(),
    rule("config", `router bgp ${NUM}`, { opens: "router" }),
    rule("router", `maximum-paths ${NUM}(?: ecmp ${NUM})?`, {
      valid: (m) =>
        range(m[1], 1, 600, "maximum-paths") ??
        (m[2] !== undefined && Number(m[2]) < Number(m[1])
          ? `ecmp ${m[2]} is below maximum-paths ${m[1]}`
          : undefined),
    }),
    rule("router", `no maximum-paths`),
    rule("router", `neighbor ${PG} peer group`),
    rule("router", `no neighbor ${PG} peer group`),
    rule("router", `neighbor ${PG} remote-as ${NUM}`, {
      valid: (m) => range(m[2], 1, 4294967295, "AS"),
    }),
    rule("router", `neighbor ${PG} next-hop-self`),
    rule("router", `neighbor ${PG} description ${DESC}`),
    rule("router", `no neighbor ${PG} password`),
    rule("router", `neighbor ${PG} maximum-routes 0`),
    rule("router", `neighbor ${PG} maximum-accepted-routes ${NUM} warning-limit ${NUM}`, {
      valid: (m) =>
        range(m[2], 1, 4294967294, "maximum-accepted-routes") ??
        range(m[3], 1, Number(m[2]), "warning-limit"),
    }),
    rule("router", `neighbor ${PG} idle-restart-timer ${NUM}`, {
      valid: (m) => range(m[2], 60, 3932100, "idle-restart-timer"),
    }),
    rule("router", `neighbor ${PG} update-source ${EOS_INTERFACE}`),
    rule("router", `no neighbor ${PG} update-source`),
    rule("router", `neighbor ${PG} timers ${NUM} ${NUM}`, { valid: (m) => timers(m[2], m[3]) }),
    rule("router", `neighbor ${PG} route-map ${NAME} (in|out)`),
    rule("router", `neighbor ${IP} peer group ${PG}`, { valid: (m) => ip(m[1]) }),
    rule("router", `neighbor ${IP} description ${DESC}`, { valid: (m) => ip(m[1]) }),
    rule("router", `no neighbor ${IP}`, { valid: (m) => ip(m[1]) }),
    rule("router", `neighbor ${IP6} peer group ${PG}`, { valid: (m) => ip6(m[1]) }),
    rule("router", `neighbor ${IP6} description ${DESC}`, { valid: (m) => ip6(m[1]) }),
    rule("router", `no neighbor ${IP6}`, { valid: (m) => ip6(m[1]) }),
    rule("router", "address-family ipv4", { opens: "af" }),
    rule("af", `neighbor ${PG} activate`),
    rule("af", `neighbor ${PG} additional-paths receive`),
    rule("router", "address-family ipv6", { opens: "af6" }),
    // No `maximum-paths` here: EOS's is instance-wide, for both families (the base's; docs/dialects.md).
    rule("af6", `neighbor ${PG} activate`),
    rule("af6", `neighbor ${PG} additional-paths receive`),
  ],
  fixed: (label) => [
    ...Object.values(PEER_GROUPS).flatMap((g) => [
      foundMaximumPaths(markers.peerGroup(g), `\n${I1}maximum-paths `, label, "read").join("\n"),
      foundMaximumPaths(markers.peerGroup(g), `\n${I1}maximum-paths `, label, "keep").join("\n"),
      foreignMembers(g, label),
      restoreMaximumPaths([], `${I1}no maximum-paths`, `${I1}maximum-paths`),
    ]),
    // A dual-stack zone's IPv6 part (eos.ts `part`): its groups' member guards (no multipath of its own).
    ...Object.values(PEER_GROUPS6).map((g) => foreignMembers(g, label)),
  ],
  tail: (label, create, script) =>
    create
      ? [SHOW_DIFF, commitTimer(label, timerIn(script))]
      : [commitNow(label), save(CLI_OS.eos, label)],
  stdin: (asn, groups) =>
    [
      `router bgp ${asn}`,
      ...groups.map((g) => `${I1}neighbor ${g} password 0 ${SECRET_PLACEHOLDER}`),
      "",
    ].join("\n"),
  groups: (lines) => ({
    all: lines.flatMap((l) => /^ {3}neighbor (\S+) peer group$/.exec(l)?.[1] ?? []),
    withoutPassword: lines.flatMap((l) => /^ {3}no neighbor (\S+) password$/.exec(l)?.[1] ?? []),
  }),
  subject: (l) => {
    let m: RegExpExecArray | null;
    if ((m = /^no ip(?:v6)? prefix-list (\S+)$/.exec(l))) return { removed: `prefix-list ${m[1]}` };
    if ((m = /^ip(?:v6)? prefix-list (\S+)$/.exec(l))) return { added: `prefix-list ${m[1]}` };
    if ((m = /^no route-map (\S+)$/.exec(l))) return { removed: `route-map ${m[1]}` };
    if ((m = /^route-map (\S+) (?:permit|deny) \d+$/.exec(l)))
      return { added: `route-map ${m[1]}` };
    if ((m = /^no neighbor (\S+)(?: peer group)?$/.exec(l))) return { removed: `neighbor ${m[1]}` };
    if ((m = /^neighbor (\S+) peer group/.exec(l))) return { added: `neighbor ${m[1]}` };
    return {};
  },
};

export const checkEos = (command: ScriptCommand) => checkCli(EOS_GRAMMAR, command);
