// Drain as config (docs/drain.md), the planner invariant: `pulumi up` returns only once every switch of a drained
// node's zone has withdrawn it, so each such switch must hold exactly one wait for it, at its address, after its
// labelled patch and its neighbor command, rendered by the switch's dialect; no wait names a node that is not drained.
import { joinPath } from "../../core/errors";
import { LABELS, names } from "../../core/names";
import { DIALECTS } from "../../plan/dialects";
import { poolsOf } from "../../plan/sessions";
import type { PlanIndex } from "../plan-index";
import { error, type Finding } from "./findings";

export function drainChecks(idx: PlanIndex, out: Finding[]): void {
  const plan = idx.plan;
  const pools = poolsOf(plan, "ipv4").sort();
  for (const z of plan.zones) {
    const drained = new Map(
      z.ingressNodes.filter((n) => n.drained).map((n) => [n.name, n.address]),
    );
    for (const [node] of drained) {
      const patch = plan.kubernetes.find(
        (o) => o.resourceName === names.nodePatch(z.name, node).resource,
      );
      if (patch?.body.metadata.labels?.[LABELS.excludeFromLb] !== "true")
        out.push(
          error(
            joinPath(["zones", z.name, "ingressNodes", node]),
            "is drained but its Node patch does not carry the exclusion label",
            patch?.body.metadata.labels,
            "label a drained node's patch",
          ),
        );
    }
    for (const sw of plan.switches.filter((s) => s.zone === z.name)) {
      const path = joinPath(["zones", z.name, "switches", sw.name]);
      const waits = sw.drainWaits ?? [];
      const want = [...drained.keys()].sort();
      const got = waits.map((w) => w.node);
      if (JSON.stringify(got) !== JSON.stringify(want))
        out.push(
          error(
            path,
            `waits for the drain of ${got.join(", ") || "no node"}, but the zone drains ${want.join(", ") || "none"}`,
            got,
            "plan one wait per drained ingress node on every switch of its zone",
          ),
        );
      for (const w of waits) {
        const address = drained.get(w.node);
        if (address === undefined) continue;
        const neighbor = names.switchNeighbor(z.name, sw.name, address);
        const render = DIALECTS[sw.dialect].drainWait?.({
          label: `${z.name}/${sw.name}`,
          node: w.node,
          address,
          pools,
          timeoutSeconds: w.timeoutSeconds,
        });
        const expected = {
          name: names.drainWait(z.name, sw.name, w.node),
          address,
          dependsOn: [names.nodePatch(z.name, w.node).resource, neighbor],
          deletedWith: neighbor,
          create: render?.create,
          delete: render?.delete,
        };
        const { name, dependsOn, deletedWith, create, delete: del } = w;
        if (
          JSON.stringify(expected) !==
          JSON.stringify({ name, address: w.address, dependsOn, deletedWith, create, delete: del })
        )
          out.push(
            error(
              path,
              `drain wait ${w.name} is not what the ${sw.dialect} dialect renders for ${w.node} at ${address}`,
              w.name,
              "render drain waits only from the plan's drained nodes",
            ),
          );
      }
    }
  }
}
