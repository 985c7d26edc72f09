// A worker joins after the `up` with only its zone label: the real admission policy gives it the zone's AS on its
// CREATE, and an update removing it keeps it removed.
import { ANNOTATIONS, LABELS } from "../../model/core/names";
import { registerNode } from "../cluster-prep";
import { check } from "../report";
import type { RunContext } from "../run-context";

export async function workerJoinStep(ctx: RunContext): Promise<void> {
  const { report, kube, plan } = ctx;
  const z = plan.zones[0];
  const name = `e2e-${z.name}-late-worker`;
  const node = await registerNode(kube, {
    name,
    labels: { [LABELS.zone]: z.name },
    address: "192.0.2.250",
    taints: [],
  });
  const ann = (node.metadata as { annotations?: Record<string, string> }).annotations ?? {};
  // The update that removes the annotation keeps it removed (what `pulumi destroy` releasing a patch needs:
  // the policy's keeps-a-removal condition).
  const removed = await kube.call(
    "PATCH",
    `/api/v1/nodes/${name}`,
    { metadata: { annotations: { [ANNOTATIONS.asNumber]: null } } },
    "application/merge-patch+json",
  );
  const after =
    (removed.metadata as { annotations?: Record<string, string> }).annotations?.[
      ANNOTATIONS.asNumber
    ] ?? null;
  report.workerAsn = {
    node: name,
    zone: z.name,
    annotation: ann[ANNOTATIONS.asNumber] ?? null,
    expected: String(z.asn),
    afterRemoval: after,
  };
  await kube.delete(`/api/v1/nodes/${name}`);
  check(
    after === null,
    `the admission policy put back the AS annotation an update removed from ${name} (${after})`,
  );
  check(
    ann[ANNOTATIONS.asNumber] === String(z.asn),
    `worker ${name} got AS annotation ${ann[ANNOTATIONS.asNumber]}, expected ${z.asn}`,
  );
}
