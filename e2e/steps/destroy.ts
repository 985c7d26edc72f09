// Destroy (with an ingress node drained): the switches exactly as before, every created object gone, our patches'
// keys given back, the drained node's exclusion label gone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runningConfig } from "../../lab/switch-frr";
import { LABELS } from "../../model/core/names";
import { nodeAddressAnnotations } from "../confd/calico-node";
import { drainedLabelAfter, type DrainContext } from "../drain-step";
import { check } from "../report";
import type { RunContext } from "../run-context";

export async function destroyStep(ctx: RunContext, drained: DrainContext): Promise<void> {
  const { report, kube, kinds, lab: theLab, step } = ctx;
  await step("destroy");
  const label = await drainedLabelAfter(drained);
  check(
    label === null,
    `after destroy the drained node still has ${LABELS.excludeFromLb}=${label}`,
  );
  // The zones the e2e added were peered on the transport by the lab (the network team's part): undone first.
  if (report.addZone) theLab.removeTransportTo([report.addZone.zone]);
  for (const sw of theLab.topo.switches) {
    const pre = readFileSync(join(theLab.state.dir, "hosts", sw.ns, "pre-plan.conf"), "utf8");
    if (runningConfig(theLab.state, sw) !== pre) report.switchesDiffering.push(sw.ns);
  }
  report.destroyRestored = report.switchesDiffering.length === 0;
  const final = theLab.plan;
  for (const obj of final.kubernetes) {
    const { apiVersion, kind, metadata } = obj.body;
    const live = await kube.find(
      await kinds.path(apiVersion, kind, metadata.name, metadata.namespace),
    );
    if (obj.mode === "create") {
      if (live) report.objectsLeft.push(`${kind} ${metadata.name}`);
      continue;
    }
    // A patch gives back its own keys; what the kubelet registered (the zone label) stays.
    const m = (live?.metadata ?? {}) as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    for (const k of Object.keys(metadata.labels ?? {}))
      if (k !== LABELS.zone && m.labels && k in m.labels)
        report.patchedFieldsLeft.push(`${metadata.name} label ${k}`);
    // The IPv6 address annotation is calico-node's too (its start-up writes it: e2e/confd/calico-node.ts): the
    // patch gives back its ownership, and calico-node's value stays.
    const calicoNode =
      ctx.confd && kind === "Node" ? nodeAddressAnnotations(final, metadata.name) : {};
    for (const [k, v] of Object.entries(metadata.annotations ?? {}))
      if (m.annotations && k in m.annotations && !(calicoNode[k] === v && m.annotations[k] === v))
        report.patchedFieldsLeft.push(`${metadata.name} annotation ${k}`);
  }
  check(
    report.destroyRestored,
    `switches differ from their pre-state after destroy: ${report.switchesDiffering.join(", ")}`,
  );
  check(
    report.objectsLeft.length === 0,
    `objects left after destroy: ${report.objectsLeft.join(", ")}`,
  );
  check(
    report.patchedFieldsLeft.length === 0,
    `patched fields left: ${report.patchedFieldsLeft.join(", ")}`,
  );
}
