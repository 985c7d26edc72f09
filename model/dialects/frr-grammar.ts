// The FRR dialect's own grammar: every `vtysh -c` argument is an FRR command this dialect emits, in its context
// (router bgp or address-family), and every script is one of the dialect's four templates (base or neighbor,
// create or delete) around the running-config prologue. Preflight and the property tests run it on every command.
import { parseIPv4 } from "../ip";
import { PEER_GROUPS } from "../names";
import { SECRET_PLACEHOLDER } from "../secrets";
import type { ScriptCommand } from "./dialect";
import {
  APPLY_STDIN,
  NOTHING_TO_DELETE,
  WRITE_MEMORY,
  missingInstance,
  prologue,
} from "./frr-shell";

type Level = "router" | "af";

interface Rule {
  level: Level;
  pattern: RegExp;
  /** The level after this line (address-family enters, exit-address-family leaves). */
  then?: Level;
  /** Range and form checks beyond the pattern; returns a problem or undefined. */
  valid?: (m: RegExpExecArray) => string | undefined;
}

const PG = `(${Object.values(PEER_GROUPS).join("|")})`;
const IP = String.raw`(\d{1,3}(?:\.\d{1,3}){3})`;
const NUM = String.raw`(0|[1-9]\d{0,9})`;
const DESC = "(bgp-fabric(?: [a-z0-9][a-z0-9.-]*)+)";

const ip = (text: string) =>
  parseIPv4(text) === undefined ? `${text} is not a dotted-quad IPv4 address` : undefined;
const range = (text: string, min: number, max: number, what: string) => {
  const n = Number(text);
  return n < min || n > max ? `${what} ${text} is outside ${min}-${max}` : undefined;
};

const rule = (level: Level, source: string, extra: Partial<Rule> = {}): Rule => ({
  level,
  pattern: new RegExp(`^${source}$`),
  ...extra,
});

/** Every line this dialect puts inside `router bgp N`, with its context. Nothing else may appear. */
const RULES: Rule[] = [
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
  rule("router", `neighbor ${IP} graceful-restart-disable`, { valid: (m) => ip(m[1]) }),
  rule("router", `no neighbor ${IP}`, { valid: (m) => ip(m[1]) }),
  rule("router", "address-family ipv4 unicast", { then: "af" }),
  rule("af", `maximum-paths ibgp ${NUM}`, { valid: (m) => range(m[1], 1, 64, "maximum-paths") }),
  rule("af", "no maximum-paths ibgp"),
  rule("af", `neighbor ${PG} activate`),
  rule("af", `neighbor ${PG} next-hop-self`),
  rule("af", "exit-address-family", { then: "router" }),
];

const VTYSH = String.raw`vtysh -c '[^'\n]*'(?: \\\n  -c '[^'\n]*')* </dev/null`;
/**
 * One statement after the prologue: stdin apply, a vtysh call, a vtysh call guarded by a running-config line, or
 * one of two vtysh calls chosen by a running-config line.
 */
const STATEMENT = new RegExp(
  String.raw`(${APPLY_STDIN})|(${VTYSH})|case "\$bgp" in \*'\n ([^'\n]*)\n'\*\) (${VTYSH}) ;; (?:\*\) (${VTYSH}) ;; )?esac`,
  "y",
);
const ARG = /-c '([^'\n]*)'/g;

type Statement =
  | { kind: "stdin" }
  | { kind: "vtysh"; args: string[] }
  | { kind: "guarded"; guard: string; args: string[] }
  | { kind: "either"; guard: string; present: string[]; absent: string[] };

interface Block {
  body: string[];
  persisted: boolean;
}

interface Shape {
  kind: "base" | "neighbor";
  /** Base: the peer groups in order and whether each takes its password from stdin. */
  groups: { name: string; password: boolean }[];
  /** Neighbor: its address and peer group. */
  neighbor?: { address: string; group: string };
  stdin: boolean;
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}
  fail(problem: string): undefined {
    this.problems.push(`${this.where}: ${problem}`);
    return undefined;
  }

  /** The prologue for the script's AS; returns the AS and the statements after it. */
  parse(script: string, create: boolean): { asn: number; statements: Statement[] } | undefined {
    const asnMatch = /\nrouter bgp (\d{1,10})\n/.exec(script);
    if (!asnMatch) return this.fail("has no running-config check for a router bgp instance");
    const asn = Number(asnMatch[1]);
    let ifMissing = NOTHING_TO_DELETE;
    if (create) {
      const label = /\n\*\) echo 'bgp-fabric: ([a-z0-9-]+\/[a-z0-9-]+) runs no router bgp /.exec(
        script,
      );
      if (!label) return this.fail("does not refuse to run on a switch without the instance");
      ifMissing = missingInstance(label[1], asn);
    }
    const head = `${prologue(asn, ifMissing).join("\n")}\n`;
    if (!script.startsWith(head))
      return this.fail(`does not start with the dialect's prologue for router bgp ${asn}`);
    const rest = script.slice(head.length);
    const statements: Statement[] = [];
    let at = 0;
    for (;;) {
      STATEMENT.lastIndex = at;
      const m = STATEMENT.exec(rest);
      if (!m) return this.fail(`unexpected text ${JSON.stringify(rest.slice(at, at + 60))}`);
      if (m[1]) statements.push({ kind: "stdin" });
      else if (m[2]) statements.push({ kind: "vtysh", args: args(m[2]) });
      else if (m[5])
        statements.push({ kind: "either", guard: m[3], present: args(m[4]), absent: args(m[5]) });
      else statements.push({ kind: "guarded", guard: m[3], args: args(m[4]) });
      at = STATEMENT.lastIndex;
      if (at === rest.length) return { asn, statements };
      if (rest[at] !== "\n") return this.fail(`unexpected text ${JSON.stringify(rest.slice(at))}`);
      at += 1;
    }
  }

  /** `configure terminal`, `router bgp N`, grammar-checked lines, `end`, optionally `write memory`. */
  block(args: string[], asn: number): Block | undefined {
    const persisted = args[args.length - 1] === "write memory";
    const end = persisted ? args.length - 2 : args.length - 1;
    if (args[0] !== "configure terminal" || args[1] !== `router bgp ${asn}` || args[end] !== "end")
      return this.fail(
        `vtysh call ${JSON.stringify(args.slice(0, 2))} is not configure terminal, router bgp ${asn}, ..., end`,
      );
    const body = args.slice(2, end);
    if (body.length === 0) return this.fail("vtysh call configures nothing");
    let level: Level = "router";
    for (const line of body) {
      const hit = RULES.map((r) => ({ r, m: r.pattern.exec(line) })).find((x) => x.m !== null);
      if (!hit) {
        this.fail(`${JSON.stringify(line)} is not an FRR command this dialect emits`);
        continue;
      }
      if (hit.r.level !== level)
        this.fail(
          `${JSON.stringify(line)} appears ${level === "af" ? "inside" : "outside"} address-family ipv4 unicast`,
        );
      const bad = hit.r.valid?.(hit.m!);
      if (bad) this.fail(`${JSON.stringify(line)}: ${bad}`);
      level = hit.r.then ?? level;
    }
    if (level !== "router") this.fail("leaves address-family ipv4 unicast open");
    return { body, persisted };
  }

  create(script: string): (Shape & { asn: number }) | undefined {
    const parsed = this.parse(script, true);
    if (!parsed) return undefined;
    const { asn, statements } = parsed;
    const [first, ...more] = statements;
    if (first.kind === "either") return this.neighborWithoutGr(first, more, asn);
    if (first.kind !== "vtysh") return this.fail("does not start with a vtysh configuration call");
    const block = this.block(first.args, asn);
    if (!block) return undefined;
    const neighbor = new RegExp(`^neighbor ${IP} peer-group ${PG}$`).exec(block.body[0]);
    if (neighbor) {
      const [, address, group] = neighbor;
      if (
        block.body.length !== 2 ||
        !new RegExp(`^neighbor ${address.replace(/\./g, "\\.")} description `).test(block.body[1])
      )
        this.fail(`neighbor ${address} is not added as: peer-group, then description`);
      if (!block.persisted || more.length > 0)
        this.fail("adds a neighbor without exactly one persisted vtysh call");
      return { asn, kind: "neighbor", groups: [], neighbor: { address, group }, stdin: false };
    }
    const groups = this.baseBody(block.body);
    const stdin = more.length > 0;
    if (stdin) {
      if (
        block.persisted ||
        more.length !== 2 ||
        more[0].kind !== "stdin" ||
        more[1].kind !== "vtysh" ||
        more[1].args.join("\n") !== "write memory"
      )
        this.fail(`persists the base other than by ${APPLY_STDIN} then ${WRITE_MEMORY}`);
    } else if (!block.persisted) {
      this.fail("never persists the base (no write memory)");
    }
    return { asn, kind: "base", groups, stdin };
  }

  /**
   * A neighbor whose graceful restart is disabled: the same persisted call twice, the second also disabling GR,
   * chosen by whether the running config already has `neighbor <address> graceful-restart-disable`.
   */
  private neighborWithoutGr(
    either: Extract<Statement, { kind: "either" }>,
    more: Statement[],
    asn: number,
  ): (Shape & { asn: number }) | undefined {
    const present = this.block(either.present, asn);
    const absent = this.block(either.absent, asn);
    if (!present || !absent) return undefined;
    const m = new RegExp(`^neighbor ${IP} peer-group ${PG}$`).exec(present.body[0]);
    if (!m) return this.fail("chooses between vtysh calls that do not add a neighbor");
    const [, address, group] = m;
    const gr = `neighbor ${address} graceful-restart-disable`;
    if (
      present.body.length !== 2 ||
      !new RegExp(`^neighbor ${address.replace(/\./g, "\\.")} description `).test(present.body[1])
    )
      this.fail(`neighbor ${address} is not added as: peer-group, then description`);
    if (either.guard !== gr || absent.body.join("\n") !== [...present.body, gr].join("\n"))
      this.fail(`does not add ${JSON.stringify(gr)} exactly when the running config lacks it`);
    if (!present.persisted || !absent.persisted || more.length > 0)
      this.fail("adds a neighbor without exactly one persisted vtysh call");
    return { asn, kind: "neighbor", groups: [], neighbor: { address, group }, stdin: false };
  }

  /** Peer-group stanzas in the dialect's order, then the address-family block naming the same groups. */
  private baseBody(body: string[]): { name: string; password: boolean }[] {
    const groups: { name: string; password: boolean }[] = [];
    let i = 0;
    const next = (pattern: string): RegExpExecArray | null => {
      const m = new RegExp(`^${pattern}$`).exec(body[i] ?? "");
      if (m) i += 1;
      return m;
    };
    for (let m = next(`neighbor ${PG} peer-group`); m; m = next(`neighbor ${PG} peer-group`)) {
      const pg = m[1];
      if (groups.some((g) => g.name === pg)) this.fail(`defines peer-group ${pg} twice`);
      const stanza = [
        `neighbor ${pg} remote-as internal`,
        `neighbor ${pg} description .+`,
        `neighbor ${pg} update-source .+`,
        `neighbor ${pg} timers \\d+ \\d+`,
        `neighbor ${pg} timers connect \\d+`,
      ];
      if (!stanza.every((line) => next(line))) {
        this.fail(
          `peer-group ${pg} is not followed by remote-as internal, description, update-source, timers and timers connect`,
        );
        return groups;
      }
      groups.push({ name: pg, password: !next(`no neighbor ${pg} password`) });
    }
    if (groups.length === 0) this.fail("is neither a base (peer groups) nor a neighbor command");
    if (!next("address-family ipv4 unicast") || !next("maximum-paths ibgp \\d+"))
      this.fail("lacks address-family ipv4 unicast with maximum-paths ibgp after the peer groups");
    for (const g of groups) {
      next(`neighbor ${g.name} activate`);
      next(`neighbor ${g.name} next-hop-self`);
    }
    if (!next("exit-address-family") || i !== body.length)
      this.fail(`has ${JSON.stringify(body[i] ?? "nothing")} where the base template ends`);
    return groups;
  }

  delete(script: string, shape: Shape & { asn: number }): void {
    const parsed = this.parse(script, false);
    if (!parsed) return;
    const { asn, statements } = parsed;
    if (asn !== shape.asn)
      this.fail(`checks router bgp ${asn}, but create configures ${shape.asn}`);
    const guarded = statements.filter((s) => s.kind === "guarded");
    if (shape.kind === "neighbor") {
      const n = shape.neighbor!;
      const [only] = statements;
      if (
        statements.length !== 1 ||
        only.kind !== "guarded" ||
        only.guard !== `neighbor ${n.address} peer-group ${n.group}`
      ) {
        this.fail(`does not remove neighbor ${n.address} only while it is in ${n.group}`);
        return;
      }
      const block = this.block(only.args, asn);
      if (block && (block.body.join("\n") !== `no neighbor ${n.address}` || !block.persisted))
        this.fail(`removes something other than neighbor ${n.address}`);
      return;
    }
    const last = statements[statements.length - 1];
    if (
      guarded.length !== shape.groups.length ||
      statements.length !== guarded.length + 1 ||
      last.kind !== "vtysh"
    ) {
      this.fail("is not one guarded removal per peer group followed by the maximum-paths reset");
      return;
    }
    guarded.forEach((g, k) => {
      if (g.kind !== "guarded") return;
      const pg = shape.groups[k]?.name;
      if (g.guard !== `neighbor ${pg} peer-group`)
        this.fail(`guard ${JSON.stringify(g.guard)} is not peer-group ${pg}`);
      const block = this.block(g.args, asn);
      if (block && (block.body.join("\n") !== `no neighbor ${pg} peer-group` || block.persisted))
        this.fail(`removes something other than peer-group ${pg}`);
    });
    const reset = this.block(last.args, asn);
    if (
      reset &&
      (reset.body.join("\n") !==
        "address-family ipv4 unicast\nno maximum-paths ibgp\nexit-address-family" ||
        !reset.persisted)
    )
      this.fail("does not end by resetting maximum-paths ibgp and persisting");
  }

  stdin(text: string | undefined, shape: Shape & { asn: number }): void {
    const secret = shape.groups.filter((g) => g.password).map((g) => g.name);
    if (!shape.stdin || secret.length === 0) {
      if (text !== undefined || shape.stdin || secret.length > 0)
        this.fail("password lines and the stdin apply do not go together");
      return;
    }
    const expected = [
      `router bgp ${shape.asn}`,
      ...secret.map((g) => ` neighbor ${g} password ${SECRET_PLACEHOLDER}`),
      "",
    ].join("\n");
    if (text !== expected)
      this.fail(
        `is not exactly the password lines of ${secret.join(", ")} for router bgp ${shape.asn}`,
      );
  }
}

function args(vtyshCall: string): string[] {
  return [...vtyshCall.matchAll(ARG)].map((m) => m[1]);
}

/** Problems of one command against the FRR grammar and templates; empty when it is well-formed. */
export function checkFrr(command: ScriptCommand): string[] {
  const create = new Checker("create");
  const shape = create.create(command.create);
  if (!shape) return create.problems;
  const del = new Checker("delete");
  del.delete(command.delete, shape);
  const stdin = new Checker("stdin");
  stdin.stdin(command.stdin, shape);
  return [...create.problems, ...del.problems, ...stdin.problems];
}
