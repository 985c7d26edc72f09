// calico-node runs before a datacenter's switches are configured: each node's BIRD starts from the plan's Calico
// objects (no LoadBalancer IP yet) ahead of `up`, whose neighbor commands wait for their sessions before they save
// (docs/commit-confirm.md); after `up` the nodes are reconfigured from what the API server holds.
import { nodeBgp } from "../../lab/calico-bird";
import { ANNOTATIONS } from "../../model/core/names";
import { check } from "../report";
import type { RunContext } from "../run-context";

export async function nodesBeforeUpStep(ctx: RunContext): Promise<void> {
  const { lab, plan, kube, confd, cp, log } = ctx;
  confd?.attach(lab, cp.kubeconfig);
  const r = await lab.applyNodeBgp(nodeBgp(plan, []), 0, { wait: false });
  log(`${r.started.length} nodes' BIRD started ahead of the health-checked switch commands`);
  // The workers registered before their zone's admission policy exists: no AS yet (what `sessions` then shows
  // arriving with a status report).
  const workers = new Set(plan.zones.flatMap((z) => z.workers.map((n) => n.name)));
  const early = (await kube.list("/api/v1/nodes")).filter((n) => {
    const m = n.metadata as { name: string; annotations?: Record<string, string> };
    return workers.has(m.name) && m.annotations?.[ANNOTATIONS.asNumber] !== undefined;
  });
  check(early.length === 0, `workers had an AS before the first up: ${early.length}`);
}
