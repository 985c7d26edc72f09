// Calico selectors for the zone's node groups, and the evaluator of exactly the subset they use (preflight, lab).
// Zone names are DNS-1123 labels, safe inside quotes.
import { LABELS } from "../core/names";

export const selectors = {
  zone: (zone: string) => `${LABELS.zone} == '${zone}'`,
  reflectors: (zone: string) => `${LABELS.zone} == '${zone}' && ${LABELS.routeReflector} == 'true'`,
  /** `!=` also matches nodes without the label: every worker that joins later. */
  nonReflectors: (zone: string) =>
    `${LABELS.zone} == '${zone}' && ${LABELS.routeReflector} != 'true'`,
  ingress: (zone: string) => `${LABELS.zone} == '${zone}' && ${LABELS.ingress} == 'true'`,
};

export type Labels = Readonly<Record<string, string>>;

export interface SelectorTerm {
  key: string;
  op: "==" | "!=";
  value: string;
}

/** A selector outside the subset below: the plan never emits one, so whoever sees this must not guess. */
export class SelectorError extends Error {
  constructor(
    readonly selector: string,
    detail: string,
  ) {
    super(
      `selector ${JSON.stringify(selector)} ${detail}; only k == 'v', k != 'v' and && are understood (extend model/plan/selectors.ts)`,
    );
    this.name = "SelectorError";
  }
}

// A Kubernetes label key (optional DNS prefix + '/' + name) and a label value, single- or double-quoted.
const TERM =
  /[ ]*((?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)[ ]*(==|!=)[ ]*(?:'([A-Za-z0-9._-]*)'|"([A-Za-z0-9._-]*)")[ ]*/y;
const AND = /&&/y;

/**
 * Parses `k == 'v'`, `k != 'v'` joined by `&&`: exactly what `selectors` emits. Anything else (`has()`, `||`, `in`,
 * `all()`, `!`, an empty selector) throws a SelectorError instead of being half-understood.
 */
export function parseSelector(selector: string): SelectorTerm[] {
  const terms: SelectorTerm[] = [];
  let at = 0;
  for (;;) {
    TERM.lastIndex = at;
    const m = TERM.exec(selector);
    if (!m) {
      throw new SelectorError(
        selector,
        selector.trim() === ""
          ? "is empty (the plan spells every selector out)"
          : `has an unsupported term at ${JSON.stringify(selector.slice(at).trim())}`,
      );
    }
    terms.push({ key: m[1], op: m[5] as SelectorTerm["op"], value: m[6] ?? m[7] });
    at = TERM.lastIndex;
    if (at === selector.length) return terms;
    AND.lastIndex = at;
    if (!AND.test(selector)) {
      throw new SelectorError(
        selector,
        `has an unsupported operator at ${JSON.stringify(selector.slice(at))}`,
      );
    }
    at = AND.lastIndex;
  }
}

/** Calico semantics: `k != 'v'` also matches a node that has no label `k` (`nonReflectors` relies on it). */
export function matches(selector: string, labels: Labels): boolean {
  return termsMatch(parseSelector(selector), labels);
}

/** `matches` on a parsed selector: parse once, match many nodes (preflight matches every BGPPeer's). */
export function termsMatch(terms: readonly SelectorTerm[], labels: Labels): boolean {
  return terms.every((t) =>
    t.op === "==" ? labels[t.key] === t.value : labels[t.key] !== t.value,
  );
}
