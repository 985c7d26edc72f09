// The FRR drain wait (docs/drain.md): read-only, it polls zebra's routes inside the LoadBalancer pools
// (`show ip route <pool> longer-prefixes json`: one object per prefix, each route entry starting with its "prefix" and
// holding its next hops as `"ip":"<address>"`) until none goes via the node (withdrawn) or one does (restored).
import { q } from "./frr-shell";
import type { DrainCheck } from "./dialect";

const POLL_SECONDS = 1;

/** The polling loop's body: `left` collects the prefixes routed via the node; `ok=0` when zebra did not answer. */
function scan(pools: string[], address: string): string[] {
  return [
    "left='' ok=1",
    `for p in ${pools.map(q).join(" ")}; do`,
    `r=$(vtysh -c "show ip route $p longer-prefixes json" </dev/null 2>/dev/null) || { ok=0; break; }`,
    "case \"$r\" in '{'*) ;; *) ok=0; break ;; esac",
    "while :; do",
    `case "$r" in *'"prefix":"'*) ;; *) break ;; esac`,
    `r=\${r#*'"prefix":"'}; x=\${r%%'"'*}; e=\${r%%'"prefix":"'*}`,
    // Only the prefix's own characters are echoed.
    `case "$e" in *'"ip":"${address}"'*) case "$x" in ''|*[!0-9./]*) x=unknown ;; esac; left="$left $x" ;; esac`,
    "done",
    "done",
  ];
}

export function frrDrainWait(c: DrainCheck): { create: string; delete: string } {
  q(c.address);
  const wait = String(c.timeoutSeconds);
  if (!/^[1-9][0-9]{0,4}$/.test(wait)) throw new Error(`internal: drain wait ${wait}`);
  const who = `${c.label} ${c.node} at ${c.address}`;
  const script = (until: "withdrawn" | "restored") =>
    [
      // Whole seconds: one more, so the wait never ends before its bound.
      `end=$(($(date +%s) + ${wait} + 1))`,
      "while :; do",
      ...scan(c.pools, c.address),
      until === "withdrawn"
        ? '[ "$ok" = 0 ] || [ -n "$left" ] || exit 0'
        : '[ "$ok" = 0 ] || [ -z "$left" ] || exit 0',
      '[ "$(date +%s)" -lt "$end" ] || break',
      `sleep ${POLL_SECONDS}`,
      "done",
      `[ "$ok" = 1 ] || { echo ${q(`bgp-fabric: ${until === "withdrawn" ? "drain" : "undrain"} of ${who} - zebra did not answer show ip route for ${wait} s`)} >&2; exit 1; }`,
      until === "withdrawn"
        ? `echo ${q(`bgp-fabric: drain of ${who} - after ${wait} s the switch still routes via the node:`)}"$left" ${q("- check the node label node.kubernetes.io/exclude-from-external-load-balancers and its calico-node")} >&2`
        : `echo ${q(`bgp-fabric: undrain of ${who} - after ${wait} s the switch routes nothing in ${c.pools.join(" ")} via the node - check its calico-node and its ingress pods`)} >&2`,
      "exit 1",
    ].join("\n");
  return { create: script("withdrawn"), delete: script("restored") };
}
