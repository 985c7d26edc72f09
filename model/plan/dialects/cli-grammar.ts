// The grammar check shared by the EOS and NX-OS dialects: a script is the template's prologue, then statements of
// the template's forms (cli-shell.ts) and nothing else; every configuration line it sends is a command the dialect
// emits, in its mode (found from the running-config indentation); every object a create adds is guarded by an
// ownership check and a delete removes only what its create adds; the password lines are exactly on stdin.
import type { ScriptCommand } from "./dialect";
import {
  confirmScript,
  healthCheckScript,
  keptBlock,
  rollbackScript,
  survivedBlock,
  survivedIn,
} from "./cli-confirm";
import { gateBlock, type GatePieces } from "./gate";
import {
  APPLY,
  SECRET,
  instanceCase,
  missingInstance,
  NOTHING_TO_DELETE,
  prologue,
  functions,
  verify,
  type CliOs,
} from "./cli-shell";

/** A configuration line of the dialect: its parent mode, its form, the mode it opens, its range checks. */
export interface CliRule {
  parent: string;
  pattern: RegExp;
  opens?: string;
  valid?: (m: RegExpExecArray) => string | undefined;
}

export interface CliGrammar {
  os: CliOs;
  /** `EOS` or `NX-OS`, for messages. */
  title: string;
  rules: CliRule[];
  /** Mode names for messages. */
  modes: Record<string, string>;
  /** The dialect's fixed statements (multipath record and restore, foreign-member checks), given label and AS. */
  fixed(label: string, asn: number): string[];
  /** Statements that end a create / a delete (after APPLY), given the label and the script (for its timer). */
  tail(label: string, create: boolean, script: string): string[];
  /** The password lines for stdin, given the AS and the groups that have no `no password` line. */
  stdin(asn: number, groups: string[]): string;
  /** Groups a create configures (from its lines) and those without a password. */
  groups(lines: string[]): { all: string[]; withoutPassword: string[] };
  /** Objects (`kind name`) a line adds or removes. */
  subject(line: string): { added?: string; removed?: string };
}

/** The run's name: the change's stable name and the nonce made on the switch (cli-transaction.ts). */
const NAME_LINE = /\ns='(bgp-fabric-[a-z0-9][a-z0-9.-]*)'-\$n\n/;

/**
 * The base command's own session check, if the script has one (its settle and wait read back from it), for either
 * family's part (a dual-stack zone's IPv6 part checks its IPv6 groups' sessions).
 */
function baseCheck(os: CliOs, label: string, script: string): string[] {
  const found = survivedIn(script);
  if (found === undefined) return [];
  try {
    return (["ipv4", "ipv6"] as const).flatMap((family) => [
      keptBlock(os, family),
      survivedBlock(os, label, found.settle, found.timeout, family),
    ]);
  } catch {
    return [];
  }
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ARG = String.raw`(?: (?:'[^'\n]*'|"[^"$\\\x60\n]* \$mp"))`;
const MSG = String.raw`echo '[^'\n]*' >&2; exit 1`;
const PAT = String.raw`((?:[^']|'\*')*)`;
const SCOPE = String.raw`"\$(cfg|bgp)"`;
const ADD = String.raw`set -- "\$@"${ARG}+`;
const BLOCK = (then: string) =>
  String.raw`case "\$bgp" in \*'${PAT}'\*\) t=\$\{bgp#\*'(?:[^']*)'\}; t="\n\$\{t%%'\n +'\[! \]\*\}\n"; case "\$t" in \*'([^']*)'\*\) ${then} ;; \*\) ${then} ;; esac ;; esac`;

/** Statement forms; `guard` statements are ownership checks (their text names what they guard). */
const FORMS: { re: RegExp; guard?: boolean }[] = [
  { re: new RegExp(String.raw`set --${ARG}*`, "y") },
  { re: new RegExp(ADD, "y") },
  { re: new RegExp(String.raw`case ${SCOPE} in \*'${PAT}'\*\) ${ADD} ;; esac`, "y") },
  {
    re: new RegExp(
      String.raw`case ${SCOPE} in \*'${PAT}'\*\) case "\$(?:cfg|bgp)" in \*'${PAT}'\*\) ;; \*\) ${MSG} ;; esac ;; esac`,
      "y",
    ),
    guard: true,
  },
  { re: new RegExp(String.raw`case ${SCOPE} in \*'${PAT}'\*\) ${MSG} ;; esac`, "y"), guard: true },
  { re: new RegExp(String.raw`case ${SCOPE} in \*'${PAT}'\*\) ;; \*\) ${MSG} ;; esac`, "y") },
  { re: new RegExp(String.raw`case ${SCOPE} in \*'${PAT}'\*\) ;; \*\) exit 0 ;; esac`, "y") },
  {
    re: new RegExp(BLOCK(String.raw`(?::|exit 0|${MSG}|${ADD})`), "y"),
    guard: true,
  },
];

interface Parsed {
  asn: number;
  /** Every configuration line in the order the script adds them (one branch of each conditional). */
  lines: { text: string; lineNo: number }[];
  /** Ownership-check statements (their text). */
  guards: string[];
  stdin: boolean;
}

class Checker {
  readonly problems: string[] = [];
  constructor(
    private readonly g: CliGrammar,
    private readonly where: string,
  ) {}
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
    const head = `${prologue(this.g.os, asn, ifMissing, label).join("\n")}\n`;
    if (!script.startsWith(head))
      return this.fail(`does not start with the dialect's prologue for router bgp ${asn}`);
    const nameMatch = NAME_LINE.exec(script);
    if (!nameMatch || !nameMatch[1].startsWith(`bgp-fabric-${label.replace("/", "-")}-`))
      return this.fail("does not name its change after the switch (session or checkpoint)");
    const [verifyRead, ...verifyCase] = verify(this.g.os, asn, label, []);
    const bad = /\|\| (\{ undo;.*\})$/.exec(verifyRead)![1];
    const required = this.g.tail(label, create, script);
    const fixed = [
      functions(this.g.os, label, nameMatch[1]).join("\n"),
      APPLY,
      SECRET,
      verifyRead,
      verifyCase.join("\n"),
      ...this.g.fixed(label, asn),
      ...required,
      ...baseCheck(this.g.os, label, script),
    ];
    const verifyLine = new RegExp(
      String.raw`case "\$bgp" in \*'([^']*)'\*\) ;; \*\) ${esc(bad)} ;; esac`,
      "y",
    );
    const seen = new Set<string>();
    const rest = script.slice(head.length);
    const headLines = head.split("\n").length - 1;
    const lines: { text: string; lineNo: number }[] = [];
    const guards: string[] = [];
    let stdin = false;
    let at = 0;
    let applied = false;
    while (at < rest.length) {
      let end = -1;
      let text = "";
      let guard = false;
      const f = fixed.find((t) => rest.startsWith(t, at));
      if (f !== undefined) {
        end = at + f.length;
        text = f;
        seen.add(f);
        if (f === SECRET) stdin = true;
        if (f === APPLY) applied = true;
      } else {
        for (const form of [...FORMS, { re: verifyLine }]) {
          form.re.lastIndex = at;
          const m = form.re.exec(rest);
          if (m && (form.re.lastIndex === rest.length || rest[form.re.lastIndex] === "\n")) {
            end = form.re.lastIndex;
            text = m[0];
            guard = "guard" in form && form.guard === true;
            break;
          }
        }
      }
      if (end < 0) return this.fail(`unexpected text ${JSON.stringify(rest.slice(at, at + 60))}`);
      if (guard) guards.push(text);
      if (text.includes("set --")) {
        // The configuration lines of the statement's last `set --` (one branch of a conditional), each with the
        // number of the script line it is on.
        const groups = [...text.matchAll(/set --(?: "\$@")?((?: (?:'[^'\n]*'|"[^"\n]* \$mp"))*)/g)];
        const last = groups[groups.length - 1];
        if (applied) this.fail("adds configuration lines after applying them");
        const from = at + last.index + last[0].length - last[1].length;
        for (const a of last[1].matchAll(/ (?:'([^'\n]*)'|"([^"\n]*) \$mp")/g)) {
          const lineNo = headLines + rest.slice(0, from + a.index).split("\n").length;
          lines.push({ text: a[1] !== undefined ? a[1] : `${a[2]} 16`, lineNo });
        }
      }
      at = end;
      if (at === rest.length) break;
      if (rest[at] !== "\n")
        return this.fail(`unexpected text ${JSON.stringify(rest.slice(at, at + 60))}`);
      at += 1;
    }
    if (!applied) this.fail("never applies its lines");
    for (const r of required)
      if (!seen.has(r)) this.fail(`lacks the step ${JSON.stringify(r.slice(0, 60))}`);
    return { asn, lines, guards, stdin };
  }

  /** Each line a command of the dialect in its mode; the mode comes from the indentation. */
  grammar(p: Parsed): void {
    const stack: string[] = [];
    p.lines.forEach(({ text: line, lineNo }) => {
      const body = line.trimStart();
      const spaces = line.length - body.length;
      const where = `line ${lineNo} ${JSON.stringify(line)}`;
      if (spaces % this.g.os.indent !== 0)
        return this.fail(`${where} is not indented in steps of ${this.g.os.indent}`);
      const depth = spaces / this.g.os.indent;
      if (depth > stack.length) return this.fail(`${where} is indented below no mode`);
      // A failing line leaves the modes as they were, so one mangled line is one problem.
      const parent = depth === 0 ? "config" : stack[depth - 1];
      const hits = this.g.rules
        .map((r) => ({ r, m: r.pattern.exec(body) }))
        .filter((x) => x.m !== null);
      const hit = hits.find((x) => x.r.parent === parent);
      if (hits.length === 0)
        return this.fail(`${where} is not an ${this.g.title} command this dialect emits`);
      if (!hit) return this.fail(`${where} appears ${this.g.modes[parent] ?? parent}`);
      if (/^router bgp /.test(body) && body !== `router bgp ${p.asn}`)
        this.fail(`${where} is not the instance the script checked (${p.asn})`);
      const bad = hit.r.valid?.(hit.m!);
      if (bad) this.fail(`${where}: ${bad}`);
      stack.length = depth;
      stack.push(hit.r.opens ?? "leaf");
    });
  }
}

/** Problems of one command against the dialect's grammar and template; empty when it is well-formed. */
export function checkCli(g: CliGrammar, command: ScriptCommand): string[] {
  const create = new Checker(g, "create");
  const applied = withoutGate(g, command, create);
  if (applied === undefined) return create.problems;
  const c = create.parse(applied, true);
  if (!c) return create.problems;
  create.grammar(c);
  const del = new Checker(g, "delete");
  const d = del.parse(command.delete, false);
  if (d) {
    del.grammar(d);
    if (d.asn !== c.asn) del.fail(`checks router bgp ${d.asn}, but create configures ${c.asn}`);
    if (d.stdin) del.fail("reads stdin");
  }
  // Every object the create adds is guarded by an ownership check naming it; the delete removes nothing else.
  const added = new Set<string>();
  for (const { text } of c.lines) {
    const s = g.subject(text.trimStart());
    if (s.added) added.add(s.added);
  }
  for (const s of added) {
    const name = s.split(" ").pop()!;
    if (!c.guards.some((t) => t.includes(` ${name}\n`) || t.includes(` ${name} `)))
      create.fail(`adds ${s} without refusing one that is not ours`);
  }
  for (const { text } of d?.lines ?? []) {
    const s = g.subject(text.trimStart());
    if (s.removed && !added.has(s.removed))
      del.fail(`removes ${s.removed}, which the create does not add`);
  }
  for (const { text } of c.lines) {
    const s = g.subject(text.trimStart());
    if (s.removed && !added.has(s.removed))
      create.fail(`removes ${s.removed}, which it does not add`);
  }
  // Passwords: exactly the groups without a `no password` line, on stdin, applied only by SECRET.
  const stdin = new Checker(g, "stdin");
  const { all, withoutPassword } = g.groups(c.lines.map((l) => l.text));
  const secret = all.filter((x) => !withoutPassword.includes(x));
  if (!c.stdin || secret.length === 0) {
    if (command.stdin !== undefined || c.stdin || secret.length > 0)
      stdin.fail("password lines and the stdin apply do not go together");
  } else if (command.stdin !== g.stdin(c.asn, secret))
    stdin.fail(`is not exactly the password lines of ${secret.join(", ")} for router bgp ${c.asn}`);
  return [...create.problems, ...del.problems, ...stdin.problems];
}

/** The dialect's pieces of the health gate (model/plan/dialects/gate.ts), as its `Dialect` wires them. */
export function cliGate(os: CliOs): GatePieces {
  return {
    healthCheck: (c) => healthCheckScript(os, c),
    confirm: (c) => confirmScript(os, c),
    rollback: (c) => rollbackScript(os, c),
  };
}

/**
 * The create without what the plan composed after it (gate.ts `gatedCreate`): the health gate of the command's
 * `healthCheck` and `delete`, if any, then the confirm, recomputed from the change's name; anything else is a problem.
 */
function withoutGate(g: CliGrammar, command: ScriptCommand, create: Checker): string | undefined {
  const text = command.create;
  const asn = /\nrouter bgp (\d{1,10})\n/.exec(text)?.[1];
  const label = /bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) - another bgp-fabric command/.exec(text)?.[1];
  const name = NAME_LINE.exec(text)?.[1];
  if (asn === undefined || label === undefined || name === undefined)
    return create.fail(
      "does not name its switch, AS and change before the health gate and confirm",
    );
  const pieces = cliGate(g.os);
  let tail: string;
  try {
    tail = [
      "",
      ...(command.healthCheck === undefined
        ? []
        : [
            gateBlock(pieces, {
              label,
              asn: Number(asn),
              changeId: command.healthCheck.changeId,
              create: "",
              delete: command.delete,
              check: command.healthCheck,
            }),
          ]),
      pieces.confirm({ label, changeId: name }),
    ].join("\n");
  } catch (e) {
    return create.fail(`health gate: ${(e as Error).message}`);
  }
  if (!text.endsWith(tail))
    return create.fail(
      `does not end with ${command.healthCheck ? "the health gate of its health check and delete, then " : ""}the confirm of its change`,
    );
  return text.slice(0, -tail.length);
}
