// The lab's Calico selector evaluator is the model's (model/selectors.ts), shared with preflight; here its errors
// carry the lab's prefix so a model change that emits a richer selector fails the lab loudly.
import {
  matches as modelMatches,
  parseSelector as modelParseSelector,
  type Labels,
  type SelectorTerm,
} from "../model/selectors";

export type { Labels, SelectorTerm };

export function parseSelector(selector: string): SelectorTerm[] {
  try {
    return modelParseSelector(selector);
  } catch (e) {
    throw new Error(`lab: ${(e as Error).message}`);
  }
}

/** Calico semantics: `k != 'v'` also matches a node that has no label `k` (model/selectors.ts relies on it). */
export function matches(selector: string, labels: Labels): boolean {
  parseSelector(selector);
  return modelMatches(selector, labels);
}
