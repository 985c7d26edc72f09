// The FRR dialect's own grammar: every script is a sequence of the template's statements (frr-shell.ts) and nothing
// else, every `vtysh -c` argument is an FRR command this dialect emits in its context (config, route-map, router bgp
// or address-family), every object a create adds is guarded by an ownership check, and a delete removes only what
// its create adds. Preflight and the property tests run it on every command.
import { parseCidr4, parseIPv4 } from "../../core/ip";
import { parseCidr6, parseIPv6 } from "../../core/ip6";
import { PEER_GROUPS, PEER_GROUPS6 } from "../../core/names";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import type { ScriptCommand } from "./dialect";
import {
  APPLY,
  APPLY_STDIN,
  NOTHING_TO_DELETE,
  RESTORE_MAXIMUM_PATHS,
  RESTORE_MAXIMUM_PATHS6,
  ROLLBACK_END,
  ROLLBACK_IF,
  ROLLBACK_RUN,
  foreignMembers,
  foundMaximumPaths,
  instanceCase,
  missingInstance,
  prologue,
  save,
  saveLines,
  FRR_GATE,
} from "./frr-shell";
import { gateBlock } from "./gate";
import { GSHUT, HOLD_STDIN, drainCommand, undrainBlock } from "./frr-switch-drain";
import { keptBlock, survivedBlock } from "./frr-base-check";

type Level = "config" | "rmap" | "router" | "af" | "done";

interface Rule {
  level: Level;
  pattern: RegExp;
  /** The level after this line. */
  then?: Level;
  /** Range and form checks beyond the pattern; returns a problem or undefined. */
  valid?: (m: RegExpExecArray) => string | undefined;
}

const GROUPS: string[] = [...Object.values(PEER_GROUPS), ...Object.values(PEER_GROUPS6)];
const PG = `(${GROUPS.join("|")})`;
/** A neighbor or update-source address: a dotted quad, or an IPv6 address (dual-stack zones). */
const IP = String.raw`(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]{2,39})`;
const CIDR6 = String.raw`([0-9a-f:]{2,39}/\d{1,3})`;
const CIDR = String.raw`(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})`;
const NUM = String.raw`(0|[1-9]\d{0,9})`;
const DESC = "(bgp-fabric(?: [a-z0-9][a-z0-9.-]*)+)";
const NAME = "(bgp-fabric-[a-z0-9][a-z0-9-]*)";

const ip = (text: string) =>
  text.includes(":")
    ? parseIPv6(text) === undefined
      ? `${text} is not an IPv6 address in its canonical form (RFC 5952)`
      : undefined
    : parseIPv4(text) === undefined
      ? `${text} is not a dotted-quad IPv4 address`
      : undefined;
const range = (text: string, min: number, max: number, what: string) => {
  const n = Number(text);
  return n < min || n > max ? `${what} ${text} is outside ${min}-${max}` : undefined;
};
const cidr = (text: string) => {
  const c = parseCidr4(text);
  return c.ok ? undefined : `${text} ${c.problem}`;
};
const cidr6 = (text: string) => {
  const c = parseCidr6(text);
  return c.ok ? undefined : `${text} ${c.problem}`;
};

const rule = (level: Level, source: string, extra: Partial<Rule> = {}): Rule => ({
  level,
  pattern: new RegExp(`^${source}$`),
  ...extra,
});

/** Every line this dialect sends to vtysh, with its context. Nothing else may appear. */
const RULES: Rule[] = [
  rule("config", `ip prefix-list ${NAME} description ${DESC}`),
  rule(
    "config",
    `ip prefix-list ${NAME} seq ${NUM} (permit|deny) ${CIDR}(?: ge ${NUM})?(?: le ${NUM})?`,
    {
      valid: (m) =>
        cidr(m[4]) ??
        (m[5] !== undefined ? range(m[5], Number(m[4].split("/")[1]) + 1, 32, "ge") : undefined) ??
        (m[6] !== undefined ? range(m[6], Number(m[4].split("/")[1]), 32, "le") : undefined),
    },
  ),
  rule("config", `no ip prefix-list ${NAME}`),
  rule("config", `no ip prefix-list ${NAME} seq ${NUM}`),
  // Dual-stack zones: the IPv6 lists, to /128.
  rule("config", `ipv6 prefix-list ${NAME} description ${DESC}`),
  rule(
    "config",
    `ipv6 prefix-list ${NAME} seq ${NUM} (permit|deny) ${CIDR6}(?: ge ${NUM})?(?: le ${NUM})?`,
    {
      valid: (m) =>
        cidr6(m[4]) ??
        (m[5] !== undefined ? range(m[5], Number(m[4].split("/")[1]) + 1, 128, "ge") : undefined) ??
        (m[6] !== undefined ? range(m[6], Number(m[4].split("/")[1]), 128, "le") : undefined),
    },
  ),
  rule("config", `no ipv6 prefix-list ${NAME}`),
  rule("config", `no ipv6 prefix-list ${NAME} seq ${NUM}`),
  rule("config", `route-map ${NAME} (permit|deny) ${NUM}`, {
    then: "rmap",
    valid: (m) => range(m[3], 1, 65535, "route-map sequence"),
  }),
  rule("rmap", `route-map ${NAME} (permit|deny) ${NUM}`, {
    then: "rmap",
    valid: (m) => range(m[3], 1, 65535, "route-map sequence"),
  }),
  rule("config", `no route-map ${NAME}`),
  rule("config", `no route-map ${NAME} permit ${NUM}`),
  rule("rmap", `description ${DESC}`),
  rule("rmap", `match ip address prefix-list ${NAME}`),
  rule("rmap", `match ip next-hop prefix-list ${NAME}`),
  rule("rmap", `match ipv6 address prefix-list ${NAME}`),
  rule("rmap", `match ipv6 next-hop prefix-list ${NAME}`),
  rule("rmap", `set local-preference ${NUM}`),
  rule("rmap", `set metric ${NUM}`, { valid: (m) => range(m[1], 0, 4294967295, "metric") }),
  rule("rmap", "set origin igp"),
  rule("rmap", "exit", { then: "config" }),
  rule("config", `router bgp ${NUM}`, { then: "router" }),
  rule("router", "exit", { then: "config" }),
  rule("router", `neighbor ${PG} peer-group`),
  rule("router", `neighbor ${PG} remote-as internal`),
  rule("router", `neighbor ${PG} description ${DESC}`),
  rule("router", `neighbor ${PG} update-source ${IP}`, { valid: (m) => ip(m[2]) }),
  rule("router", `neighbor ${PG} timers ${NUM} ${NUM}`, {
    valid: (m) =>
      range(m[2], 0, 65535, "keepalive") ??
      (m[3] !== "0" ? range(m[3], 3, 65535, "hold time") : undefined),
  }),
  rule("router", `neighbor ${PG} timers connect ${NUM}`, {
    valid: (m) => range(m[2], 1, 65535, "connect retry"),
  }),
  rule("router", `no neighbor ${PG} password`),
  rule("router", `no neighbor ${PG} peer-group`),
  rule("router", `neighbor ${IP} peer-group ${PG}`, { valid: (m) => ip(m[1]) }),
  rule("router", `neighbor ${IP} description ${DESC}`, { valid: (m) => ip(m[1]) }),
  rule("router", `neighbor ${IP} shutdown`, { valid: (m) => ip(m[1]) }),
  rule("router", `no neighbor ${IP} shutdown`, { valid: (m) => ip(m[1]) }),
  rule("router", `neighbor ${IP} graceful-restart-disable`, { valid: (m) => ip(m[1]) }),
  rule("router", `no neighbor ${IP}`, { valid: (m) => ip(m[1]) }),
  rule("router", "address-family ipv4 unicast", { then: "af" }),
  rule("router", "address-family ipv6 unicast", { then: "af" }),
  rule("af", `maximum-paths ibgp ${NUM}`, { valid: (m) => range(m[1], 1, 64, "maximum-paths") }),
  rule("af", "no maximum-paths ibgp"),
  rule("af", `neighbor ${PG} activate`),
  rule("af", `no neighbor ${PG} activate`),
  rule("af", `neighbor ${PG} next-hop-self`),
  rule("af", `neighbor ${PG} route-map ${NAME} (in|out)`),
  rule("af", `neighbor ${PG} maximum-prefix ${NUM}(?: ${NUM})? restart ${NUM}`, {
    valid: (m) =>
      range(m[2], 1, 4294967295, "maximum-prefix") ??
      (m[3] === undefined ? undefined : range(m[3], 1, 100, "warning threshold")) ??
      range(m[4], 1, 65535, "restart interval"),
  }),
  rule("af", "exit-address-family", { then: "router" }),
];

const LEVEL_NAMES: Record<Level, string> = {
  config: "at configuration level",
  rmap: "inside a route-map",
  router: "outside address-family ipv4 unicast",
  af: "inside address-family ipv4 unicast",
  done: "after end",
};

const ARGS = String.raw`((?: -c (?:'[^'\n]*'|"[^"$\\\x60\n]* \$mp6?"))+)`;
const SET_START = String.raw`set --${ARGS}`;
const SET_ADD = String.raw`set -- "\$@"${ARGS}`;
const PAT = String.raw`\*'([^']*)'\*`;
const SCOPE = String.raw`"\$(cfg|bgp)"`;
const MSG = String.raw`echo ('[^'\n]*') >&2; exit 1`;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Statement =
  | { kind: "fixed"; text: string }
  | { kind: "start"; args: string[] }
  | { kind: "add"; args: string[]; guard?: string }
  | { kind: "either"; variable: string; args: string[][] }
  | { kind: "refuse"; scope: string; exists: string; marker: string }
  | { kind: "check"; text: string };

/** Statement forms (sticky regexes) and how each becomes a Statement. */
const FORMS: [RegExp, (m: RegExpExecArray) => Statement][] = [
  [new RegExp(SET_START, "y"), (m) => ({ kind: "start", args: args(m[1]) })],
  [new RegExp(SET_ADD, "y"), (m) => ({ kind: "add", args: args(m[1]) })],
  [
    new RegExp(`case ${SCOPE} in ${PAT}\\) ${SET_ADD} ;; esac`, "y"),
    (m) => ({ kind: "add", args: args(m[3]), guard: m[2] }),
  ],
  [
    new RegExp(`case "\\$fresh" in 1\\) ${SET_ADD} ;; \\*\\) ${SET_ADD} ;; esac`, "y"),
    (m) => ({ kind: "either", variable: "fresh", args: [args(m[1]), args(m[2])] }),
  ],
  [
    new RegExp(
      `case ${SCOPE} in ${PAT}\\) case "\\$(cfg|bgp)" in ${PAT}\\) ;; \\*\\) ${MSG} ;; esac ;; esac`,
      "y",
    ),
    (m) => ({ kind: "refuse", scope: m[1], exists: m[2], marker: m[4] }),
  ],
  [new RegExp(`case ${SCOPE} in ${PAT}\\) ;; \\*\\) exit 0 ;; esac`, "y"), (m) => check(m)],
  [new RegExp(`case ${SCOPE} in ${PAT}\\) ;; \\*\\) ${MSG} ;; esac`, "y"), (m) => check(m)],
  [
    new RegExp(`case "\\$bgp" in ${PAT}\\) fresh=0 ;; \\*\\) fresh=1 ;; esac`, "y"),
    (m) => check(m),
  ],
  [new RegExp(`case "\\$bgp" in ${PAT}\\) ;; \\*\\) ok=0 ;; esac`, "y"), (m) => check(m)],
];

const check = (m: RegExpExecArray): Statement => ({ kind: "check", text: m[0] });

/** Fixed statements of the template (exact text), given the script's AS and label. */
function fixedStatements(asn: number, label: string, groups: string[]): string[] {
  return [
    ...APPLY,
    APPLY_STDIN,
    "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
    instanceCase(asn, "ok=0").join("\n"),
    ROLLBACK_IF,
    ROLLBACK_RUN,
    ROLLBACK_END,
    RESTORE_MAXIMUM_PATHS,
    RESTORE_MAXIMUM_PATHS6,
    ...Object.values(PEER_GROUPS6).flatMap((g) => [
      foundMaximumPaths("ipv6", g, label, "read").join("\n"),
      foundMaximumPaths("ipv6", g, label, "keep").join("\n"),
    ]),
    ...groups.flatMap((g) => [
      foreignMembers(g, label),
      foundMaximumPaths("ipv4", g, label, "read").join("\n"),
      foundMaximumPaths("ipv4", g, label, "keep").join("\n"),
    ]),
  ];
}

function args(text: string): string[] {
  return [...text.matchAll(/ -c (?:'([^'\n]*)'|"([^"\n]*) \$mp6?")/g)].map((m) =>
    m[1] !== undefined ? m[1] : `${m[2]} 16`,
  );
}

interface Parsed {
  asn: number;
  statements: Statement[];
  /** Every vtysh argument in textual order, split into transactions (each starting with configure terminal). */
  transactions: string[][];
  stdin: boolean;
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}
  fail(problem: string): undefined {
    this.problems.push(`${this.where}: ${problem}`);
    return undefined;
  }

  parse(script: string, create: boolean): Parsed | undefined {
    const asnMatch = /\nrouter bgp (\d{1,10})\n/.exec(script);
    if (!asnMatch) return this.fail("has no running-config check for a router bgp instance");
    const asn = Number(asnMatch[1]);
    const labelMatch = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(
      script,
    );
    if (!labelMatch) return this.fail("does not take the switch's bgp-fabric lock");
    const label = labelMatch[1];
    const ifMissing = create ? missingInstance(label, asn) : NOTHING_TO_DELETE;
    const head = `${prologue(asn, ifMissing, label).join("\n")}\n`;
    if (!script.startsWith(head))
      return this.fail(`does not start with the dialect's prologue for router bgp ${asn}`);
    const saves = [
      save(label, "XMSGX")
        .map((l) => esc(l).replace("XMSGX", "[^'\\n]*"))
        .join("\\n"),
    ];
    const saveForm = new RegExp(saves[0], "y");
    const fixed = fixedStatements(asn, label, GROUPS);
    const rest = script.slice(head.length);
    const statements: Statement[] = [];
    let at = 0;
    let sawSave = false;
    while (at < rest.length) {
      let matched: Statement | undefined;
      let end = at;
      const f = fixed.find((t) => rest.startsWith(t, at));
      if (f !== undefined) {
        matched = { kind: "fixed", text: f };
        end = at + f.length;
      } else {
        saveForm.lastIndex = at;
        if (saveForm.exec(rest)) {
          matched = { kind: "fixed", text: "save" };
          end = saveForm.lastIndex;
          sawSave = true;
        }
        for (const [re, make] of FORMS) {
          if (matched) break;
          re.lastIndex = at;
          const m = re.exec(rest);
          if (m) {
            matched = make(m);
            end = re.lastIndex;
          }
        }
      }
      if (!matched) return this.fail(`unexpected text ${JSON.stringify(rest.slice(at, at + 60))}`);
      statements.push(matched);
      at = end;
      if (at === rest.length) break;
      if (rest[at] !== "\n")
        return this.fail(`unexpected text ${JSON.stringify(rest.slice(at, at + 60))}`);
      at += 1;
    }
    if (!sawSave || statements[statements.length - 1].kind !== "fixed")
      this.fail("does not end by saving only a complete change (verified write memory)");
    const transactions: string[][] = [];
    for (const s of statements) {
      if (s.kind === "start") transactions.push([...s.args]);
      else if (s.kind === "add" || s.kind === "either") {
        const t = transactions[transactions.length - 1];
        if (!t) return this.fail("adds vtysh arguments before starting a transaction");
        t.push(...(s.kind === "add" ? s.args : s.args.flat()));
      }
    }
    return {
      asn,
      statements,
      transactions,
      stdin: statements.some((s) => s.kind === "fixed" && s.text === APPLY_STDIN),
    };
  }

  /** Each transaction: configure terminal, grammar-checked lines in context, end. */
  grammar(p: Parsed): void {
    for (const t of p.transactions) {
      if (t[0] !== "configure terminal")
        this.fail("a vtysh transaction does not start with configure terminal");
      let level: Level = "config";
      for (const line of t.slice(1)) {
        if (line === "end") {
          if (level === "done") this.fail('"end" twice in one transaction');
          level = "done";
          continue;
        }
        const hit =
          RULES.map((r) => ({ r, m: r.pattern.exec(line) })).find(
            (x) => x.m !== null && x.r.level === level,
          ) ?? RULES.map((r) => ({ r, m: r.pattern.exec(line) })).find((x) => x.m !== null);
        if (!hit) {
          this.fail(`${JSON.stringify(line)} is not an FRR command this dialect emits`);
          continue;
        }
        if (hit.r.level !== level) {
          this.fail(`${JSON.stringify(line)} appears ${LEVEL_NAMES[level]}`);
          continue;
        }
        if (/^router bgp /.test(line) && line !== `router bgp ${p.asn}`)
          this.fail(`${JSON.stringify(line)} is not the instance the script checked (${p.asn})`);
        const bad = hit.r.valid?.(hit.m!);
        if (bad) this.fail(`${JSON.stringify(line)}: ${bad}`);
        level = hit.r.then ?? level;
      }
      if (level !== "done") this.fail("a vtysh transaction does not end with end");
    }
  }
}

/** The objects a list of vtysh lines adds (`added`) or removes (`removed`), as `kind name`. */
function subjects(lines: string[]): { added: Set<string>; removed: Set<string> } {
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^no ip(?:v6)? prefix-list (\S+)$/.exec(l))) removed.add(`prefix-list ${m[1]}`);
    else if ((m = /^ip(?:v6)? prefix-list (\S+) /.exec(l))) added.add(`prefix-list ${m[1]}`);
    else if ((m = /^no route-map (\S+)$/.exec(l))) removed.add(`route-map ${m[1]}`);
    else if ((m = /^route-map (\S+) /.exec(l))) added.add(`route-map ${m[1]}`);
    else if ((m = /^no neighbor (\S+)(?: peer-group)?$/.exec(l))) removed.add(`neighbor ${m[1]}`);
    else if ((m = /^neighbor (\S+) peer-group/.exec(l))) added.add(`neighbor ${m[1]}`);
  }
  return { added, removed };
}

/** The objects a create guards by an ownership refusal (existence pattern plus the bgp-fabric marker). */
function guardedNames(statements: Statement[]): Set<string> {
  const out = new Set<string>();
  const MARKER =
    /^\n(?:ip(?:v6)? prefix-list \S+ description| neighbor \S+ description|route-map \S+ (?:permit|deny) \d+\n description) bgp-fabric $/;
  for (const s of statements) {
    if (s.kind !== "refuse" || !MARKER.test(s.marker)) continue;
    const m =
      /^\nip(?:v6)? prefix-list (\S+) $/.exec(s.exists) ??
      /^\nroute-map (\S+) $/.exec(s.exists) ??
      /^\n neighbor (\S+) (?:peer-group\n)?$/.exec(s.exists);
    if (!m) continue;
    const kind = s.exists.startsWith("\nip")
      ? "prefix-list"
      : s.exists.startsWith("\nroute")
        ? "route-map"
        : "neighbor";
    // The marker must name the same object.
    if (!s.marker.includes(` ${m[1]} `)) continue;
    out.add(`${kind} ${m[1]}`);
  }
  return out;
}

/**
 * The create without its health gate: the gate must be exactly the one the command's `healthCheck` and `delete`
 * give (recomputed), right before the save that confirms the change. Undefined (with a problem) when it is not.
 */
function withoutGate(command: ScriptCommand, create: Checker): string | undefined {
  const text = command.create;
  const hasGate = text.includes("\nif (\n");
  if (!command.healthCheck)
    return hasGate ? create.fail("has a health gate but no health check") : text;
  const asn = /\nrouter bgp (\d{1,10})\n/.exec(text)?.[1];
  const label = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(text)?.[1];
  if (asn === undefined || label === undefined)
    return create.fail("has no running-config check for a router bgp instance");
  let tail: string;
  try {
    tail = `\n${gateBlock(FRR_GATE, {
      label,
      asn: Number(asn),
      changeId: command.healthCheck.changeId,
      create: "",
      delete: command.delete,
      check: command.healthCheck,
    })}\n${saveLines(label).join("\n")}`;
  } catch (e) {
    return create.fail(`health check: ${(e as Error).message}`);
  }
  if (!text.endsWith(tail))
    return create.fail(
      "does not end with the health gate of its health check and delete, then the confirming save",
    );
  return `${text.slice(0, text.length - tail.length)}\n${saveLines(label).join("\n")}`;
}

/**
 * The drain command (frr-switch-drain.ts) has no transaction of its own: it must be exactly the drain its own instance,
 * groups (ours only), inbound maps (ours only) and wait give, reading exactly those groups' password lines.
 * Undefined when the command is not a drain command.
 */
function checkDrainCommand(command: ScriptCommand): string[] | undefined {
  const text = command.create;
  if (!text.includes(`\n${HOLD_STDIN}\n`)) return undefined;
  const problem = [
    "create: is not exactly the drain its router bgp instance, peer groups and inbound route maps give",
  ];
  const asn = Number(/\nrouter bgp (\d{1,10})\n/.exec(text)?.[1]);
  const label = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(text)?.[1];
  const settle = /\nsleep (\d{1,5})\nfi ;;\nesac$/.exec(text)?.[1];
  const mark = new RegExp(
    `\\nvtysh -c 'configure terminal'((?: -c 'route-map ${NAME} permit ${NUM}' -c '${GSHUT}' -c 'exit')+) -c 'end' `,
  ).exec(text)?.[1];
  if (label === undefined || settle === undefined || mark === undefined) return problem;
  const entries = [...mark.matchAll(/ -c 'route-map (\S+) permit (\d+)'/g)].map((m) => ({
    map: m[1],
    seq: Number(m[2]),
  }));
  const groups = [...text.matchAll(/-c 'clear bgp ipv[46] unicast peer-group (\S+) soft in'/g)].map(
    (m) => m[1],
  );
  // Only our groups, and only their inbound maps (named `bgp-fabric-<zone>-<role>-in`).
  if (
    groups.length === 0 ||
    groups.some((g) => !GROUPS.includes(g)) ||
    entries.some((e) => !/^bgp-fabric-[a-z0-9-]+-in(?:-v6)?$/.test(e.map))
  )
    return problem;
  let expected: { create: string; delete: string };
  try {
    expected = drainCommand({
      asn,
      label,
      groups,
      entries,
      settleSeconds: Number(settle),
      timeoutSeconds: 1,
    });
  } catch {
    return problem;
  }
  const stdin = [
    `router bgp ${asn}`,
    ...groups.map((g) => ` neighbor ${g} password ${SECRET_PLACEHOLDER}`),
    "",
  ].join("\n");
  if (text !== expected.create || command.delete !== expected.delete) return problem;
  if (command.stdin !== stdin || command.healthCheck !== undefined)
    return ["stdin: is not exactly the password lines of the drained groups"];
  return [];
}

/**
 * The create without the undrain after a password change (frr-switch-drain.ts): it must be exactly the one the script's
 * own transaction gives (its password groups and their inbound maps' permit entries), right before the save.
 */
function withoutUndrain(text: string, create: Checker): string | undefined {
  if (!text.includes("\ndrained=0\n")) return text;
  const asn = Number(/\nrouter bgp (\d{1,10})\n/.exec(text)?.[1]);
  const label = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(text)?.[1];
  const settle = /\ndone\nsleep (\d{1,5})\nvtysh -c 'configure terminal'/.exec(text)?.[1];
  const wait =
    /\nend=\$\(\(\$\(date \+%s\) \+ (\d{1,5})\)\)\nwhile :; do\ndown=''\nfor a in \$\(printf/.exec(
      text,
    )?.[1];
  if (label === undefined || settle === undefined || wait === undefined)
    return create.fail("has an undrain that is not the dialect's undrain after a password change");
  // What the transaction (the `set --` statements only) configures.
  const args = text
    .split("\n")
    .filter((l) => l.startsWith("set -- "))
    .flatMap((l) => [...l.matchAll(/ -c '([^'\n]*)'/g)].map((m) => m[1]));
  const groups = args
    .map((l) => /^neighbor (\S+) peer-group$/.exec(l)?.[1])
    .filter((g): g is string => g !== undefined && !args.includes(`no neighbor ${g} password`));
  const entries = groups.flatMap((g) => {
    const map = args
      .map((l) => new RegExp(`^neighbor ${g} route-map (\\S+) in$`).exec(l)?.[1])
      .find(Boolean);
    if (map === undefined) return [];
    const seqs = args
      .map((l) => new RegExp(`^route-map ${map} permit (\\d+)$`).exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    return [...new Set(seqs)].map((seq) => ({ map, seq: Number(seq) }));
  });
  let undrain: string;
  try {
    undrain = `\n${undrainBlock({
      asn,
      label,
      groups,
      entries,
      settleSeconds: Number(settle),
      timeoutSeconds: Number(wait),
    })}\n`;
  } catch (e) {
    return create.fail(`undrain: ${(e as Error).message}`);
  }
  if (!text.includes(`${undrain}${saveLines(label).join("\n")}`))
    return create.fail(
      "has an undrain that is not exactly the one its password groups and inbound route maps give",
    );
  return text.replace(undrain, "\n");
}

/**
 * The create without the base's own session check (frr-base-check.ts): the read of the Established members of
 * exactly the groups its transaction configures, right before that transaction, and the wait for them right before
 * the save (after any undrain). Both or neither.
 */
function withoutBaseCheck(text: string, create: Checker): string | undefined {
  if (!text.includes("\nkept=''\n")) return text;
  const label = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(text)?.[1];
  const found =
    /\nif \[ -n "\$kept" \]; then\nsleep (\d{1,5})\nend=\$\(\(\$\(date \+%s\) \+ (\d{1,5})\)\)\n/.exec(
      text,
    );
  if (label === undefined || found === null)
    return create.fail("has a session check that is not the dialect's base check");
  const groups = text
    .split("\n")
    .filter((l) => l.startsWith("set -- "))
    .flatMap((l) => [...l.matchAll(/ -c 'neighbor (\S+) peer-group'/g)].map((m) => m[1]));
  const spec = {
    label,
    groups,
    settleSeconds: Number(found[1]),
    timeoutSeconds: Number(found[2]),
  };
  let kept: string;
  let survived: string;
  try {
    kept = `\n${keptBlock(spec)}\nset -- `;
    survived = `\n${survivedBlock(spec)}\n${saveLines(label).join("\n")}`;
  } catch (e) {
    return create.fail(`base check: ${(e as Error).message}`);
  }
  if (text.split(kept).length !== 2 || text.split(survived).length !== 2)
    return create.fail(
      "has a session check that is not exactly the one its peer groups give, before its apply and before its save",
    );
  return text.replace(kept, "\nset -- ").replace(survived, `\n${saveLines(label).join("\n")}`);
}

/** Problems of one command against the FRR grammar and templates; empty when it is well-formed. */
export function checkFrr(command: ScriptCommand): string[] {
  const drain = checkDrainCommand(command);
  if (drain !== undefined) return drain;
  const create = new Checker("create");
  const gated = withoutGate(command, create);
  if (gated === undefined) return create.problems;
  const unchecked = withoutBaseCheck(gated, create);
  if (unchecked === undefined) return create.problems;
  const ungated = withoutUndrain(unchecked, create);
  if (ungated === undefined) return create.problems;
  const c = create.parse(ungated, true);
  if (!c) return create.problems;
  create.grammar(c);
  const del = new Checker("delete");
  const d = del.parse(command.delete, false);
  if (d) {
    del.grammar(d);
    if (d.asn !== c.asn) del.fail(`checks router bgp ${d.asn}, but create configures ${c.asn}`);
    if (d.stdin) del.fail("reads stdin");
  }
  // Every object the create adds is guarded by an ownership refusal; the delete removes nothing else.
  const [apply] = c.transactions;
  const made = subjects(apply ?? []).added;
  // The health check waits for exactly the sessions this create brings up.
  if (command.healthCheck) {
    const peers = [...made]
      .map((x) => /^neighbor (\d+\.\d+\.\d+\.\d+|[0-9a-f:]*:[0-9a-f:]*)$/.exec(x)?.[1])
      .filter((a): a is string => a !== undefined);
    if (peers.join(" ") !== command.healthCheck.addresses.join(" "))
      create.fail(
        `checks the sessions of ${command.healthCheck.addresses.join(", ") || "no address"}, but adds ${peers.join(", ") || "no neighbor"}`,
      );
  }
  const guarded = guardedNames(c.statements);
  for (const s of made)
    if (!guarded.has(s)) create.fail(`adds ${s} without refusing one that is not ours`);
  for (const t of [...c.transactions.slice(1), ...(d?.transactions ?? [])])
    for (const s of subjects(t).removed)
      if (!made.has(s))
        (t === d?.transactions[0] ? del : create).fail(
          `removes ${s}, which the create does not add`,
        );
  // Passwords: exactly the groups without `no neighbor PG password`, on stdin, applied only through APPLY_STDIN.
  const stdin = new Checker("stdin");
  const groups = (apply ?? [])
    .map((l) => /^neighbor (\S+) peer-group$/.exec(l)?.[1])
    .filter((g): g is string => g !== undefined);
  const secret = groups.filter((g) => !(apply ?? []).includes(`no neighbor ${g} password`));
  if (!c.stdin || secret.length === 0) {
    if (command.stdin !== undefined || c.stdin || secret.length > 0)
      stdin.fail("password lines and the stdin apply do not go together");
  } else {
    const expected = [
      `router bgp ${c.asn}`,
      ...secret.map((g) => ` neighbor ${g} password ${SECRET_PLACEHOLDER}`),
      "",
    ].join("\n");
    if (command.stdin !== expected)
      stdin.fail(
        `is not exactly the password lines of ${secret.join(", ")} for router bgp ${c.asn}`,
      );
  }
  return [...create.problems, ...del.problems, ...stdin.problems];
}
