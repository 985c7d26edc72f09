// Overlapping ranges: every pair named, in O(n log n).
import type { ConfigProblem } from "../core/errors";
import type { Cidr4 } from "../core/ip";

/** The most overlapping pairs named one by one; the rest are counted in one line. */
export const MAX_OVERLAPS_SHOWN = 20;

/**
 * Every pair of overlapping ranges, each reported at the later one in config order, in O(n log n): sorted by start,
 * and since two prefixes overlap only when one contains the other, the ranges still open at a start form a chain of
 * prefixes that all contain it. 3,000 zones on one CIDR are 4.5 million pairs: the first ones, then a count.
 */
export function overlapProblems(all: { path: string; cidr: Cidr4 }[]): ConfigProblem[] {
  const order = all
    .map((r, k) => ({ ...r, k }))
    .sort((x, y) =>
      x.cidr.first !== y.cidr.first
        ? x.cidr.first < y.cidr.first
          ? -1
          : 1
        : x.cidr.last !== y.cidr.last
          ? x.cidr.last > y.cidr.last
            ? -1
            : 1
          : x.k - y.k,
    );
  const out: ConfigProblem[] = [];
  let more = 0;
  const chain: typeof order = [];
  for (const r of order) {
    while (chain.length > 0 && chain[chain.length - 1].cidr.last < r.cidr.first) chain.pop();
    const room = MAX_OVERLAPS_SHOWN - out.length;
    more += Math.max(0, chain.length - room);
    for (const c of chain.slice(0, Math.max(0, room))) {
      const [later, earlier] = c.k > r.k ? [c, r] : [r, c];
      out.push({
        path: later.path,
        problem: `overlaps ${earlier.path} (${earlier.cidr.text})`,
        got: later.cidr.text,
        fix: "give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
      });
    }
    chain.push(r);
  }
  if (more > 0)
    out.push({
      path: "(ranges)",
      problem: `and ${more} more overlapping pair${more === 1 ? "" : "s"} of ranges`,
      got: undefined,
      fix: "give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
    });
  return out;
}
