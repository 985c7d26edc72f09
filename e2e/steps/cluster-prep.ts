// The cluster before the program: Calico's CRDs installed (the plan's Calico fields checked against them) and every
// planned node registered as its kubelet would, Ready through kwok (with confd: each node's addresses as calico-node
// writes them).
import { calicoCrdDir, calicoFieldsAccepted, installCrds, registerNodes } from "../cluster-prep";
import { check } from "../report";
import type { RunContext } from "../run-context";
import { registrations } from "../wire";

export async function clusterPrepStep(
  ctx: Pick<RunContext, "report" | "log" | "plan" | "kube" | "kinds" | "confd">,
): Promise<void> {
  const { report, log, plan, kube, kinds, confd } = ctx;
  const crds = await installCrds(kube, confd?.crdDir() ?? calicoCrdDir(plan.versions.calico));
  // The plan's Calico fields against those CRDs (with confd: Calico 3.28's; the IPv6 ones of a dual-stack stack).
  const fields = await calicoFieldsAccepted(kube, kinds, plan.kubernetes);
  report.calicoObjectsAccepted = fields.checked;
  check(
    fields.refused.length === 0,
    `Calico ${plan.versions.calico}'s CRDs refuse planned fields: ${fields.refused.join("; ")}`,
  );
  const regs = registrations(plan);
  await registerNodes(kube, plan, regs, confd);
  log(
    `${crds.length} Calico ${plan.versions.calico} CRDs; ${regs.length} Nodes registered as their kubelets would, Ready through kwok`,
  );
}
