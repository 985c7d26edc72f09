// A drain or undrain (docs/drain.md) applied to the running lab as `pulumi up` applies it: the node patches whose
// labels changed first (the lab plays calico-node: it re-renders the node's BIRD from the next plan, where the
// exclusion label takes its LoadBalancer /32s away), then the new drain waits' `create` on the switches, each after
// what it depends on; the waits the next plan no longer holds are deleted last (Pulumi deletes after every update),
// their `delete` waiting for the next hops to come back.
import { nodeBgp, type NodeBgp } from "./calico-bird";
import { inDependencyOrder } from "./apply-order";
import { ssh } from "./remote-command";
import type { Lab } from "./lab";
import type { DrainWait, NetworkPlan, SwitchPlan } from "../model/core/types";

export interface WaitRun {
  wait: DrainWait;
  phase: "create" | "delete";
  /** ms since the drain started when the command returned. */
  returnedAtMs: number;
  code: number;
  output: string;
}

const waitsOf = (plan: NetworkPlan) =>
  plan.switches.flatMap((sw) => (sw.drainWaits ?? []).map((w) => ({ sw, w })));

/** The node patches whose body differs between two plans: the nodes calico-node re-renders. */
function changedNodes(before: NetworkPlan, next: NetworkPlan): string[] {
  const body = (p: NetworkPlan, name: string) =>
    JSON.stringify(p.kubernetes.find((o) => o.resourceName === name)?.body);
  return next.kubernetes
    .filter(
      (o) => o.body.kind === "Node" && body(before, o.resourceName) !== body(next, o.resourceName),
    )
    .map((o) => o.body.metadata.name)
    .sort();
}

/**
 * What calico-node does when a node's exclusion label comes or goes: its BIRD re-rendered in place (the /32s leave or
 * come back). The node keeps its LoadBalancer addresses: on a drained node kube-proxy still answers them, only the
 * announcement stops, so flows already on their way there finish. Returns the nodes reconfigured.
 */
export function followLabels(lab: Lab, bgp: NodeBgp[]): string[] {
  const changed = bgp.filter(
    (b) => JSON.stringify(b) !== JSON.stringify(lab.bgp.find((x) => x.node.name === b.node.name)),
  );
  for (const b of changed) lab.reconfigureNode(b.node.name, b);
  lab.bgp = lab.bgp.map((x) => changed.find((b) => b.node.name === x.node.name) ?? x);
  return changed.map((b) => b.node.name);
}

export async function applyDrain(
  lab: Lab,
  next: NetworkPlan,
  t0: number = Date.now(),
): Promise<WaitRun[]> {
  const runs: WaitRun[] = [];
  const run = async (sw: SwitchPlan, w: DrainWait, phase: "create" | "delete") => {
    const r = await ssh(lab.ssh, sw, w[phase], undefined, (w.timeoutSeconds + 30) * 1000);
    runs.push({
      wait: w,
      phase,
      returnedAtMs: Date.now() - t0,
      code: r.code,
      output: (r.stderr + r.stdout).trim(),
    });
    if (r.code !== 0)
      throw new Error(
        `lab: ${phase} of ${w.name} exited ${r.code}: ${(r.stderr + r.stdout).trim()}`,
      );
  };
  const bgp = nodeBgp(next, undefined, lab.ssh.passwords);
  const patched = changedNodes(lab.plan, next);
  const had = new Set(waitsOf(lab.plan).map(({ w }) => w.name));
  const keeps = new Set(waitsOf(next).map(({ w }) => w.name));
  const ops = [
    ...patched.map((node) => ({
      name: next.kubernetes.find((o) => o.body.kind === "Node" && o.body.metadata.name === node)!
        .resourceName,
      dependsOn: [],
      item: async () => {
        followLabels(lab, [bgp.find((b) => b.node.name === node)!]);
      },
    })),
    ...waitsOf(next)
      .filter(({ w }) => !had.has(w.name))
      .map(({ sw, w }) => ({
        name: w.name,
        dependsOn: w.dependsOn,
        item: () => run(sw, w, "create"),
      })),
  ];
  await inDependencyOrder(ops, "create", (f) => f());
  const gone = waitsOf(lab.plan).filter(({ w }) => !keeps.has(w.name));
  await inDependencyOrder(
    gone.map(({ sw, w }) => ({
      name: w.name,
      dependsOn: w.dependsOn,
      item: () => run(sw, w, "delete"),
    })),
    "delete",
    (f) => f(),
  );
  lab.plan = next;
  return runs;
}
