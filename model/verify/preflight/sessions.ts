// Session consistency: every planned session exists on both ends, the Calico side (from BGPPeers) and the switch
// side (from the switch plan) agree on addresses, AS, password, timers, address family, route-reflector roles and
// export filters, no session crosses a zone, and both ends of each are in the subnet that makes them reachable.
// The checks themselves: session-switch.ts, session-node.ts, session-leftovers.ts; their shared lookups:
// session-context.ts.
import { bgpPeerPath, type CalicoHalf, type CalicoNode } from "../calico-view";
import { childPath } from "../../core/errors";
import { names } from "../../core/names";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import { error, type Finding } from "./findings";
import { between, type PlanIndex } from "../plan-index";
import type { SwitchHalf } from "./switch-side";
import { list, sessionContext } from "./session-context";
import { switchSessionCheck } from "./session-switch";
import { joiningWorkerChecks, nodeSessionCheck } from "./session-node";
import { reachabilityChecks, unclaimedChecks } from "./session-leftovers";
export { BIRD_HOLD_SECONDS } from "./session-timers";

export function sessionChecks(
  idx: PlanIndex,
  nodes: CalicoNode[],
  halves: CalicoHalf[],
  switchHalves: SwitchHalf[],
  badCluster: Set<string>,
  findings: Finding[],
): void {
  const ctx = sessionContext(idx, nodes, halves, switchHalves, badCluster, findings);
  for (const s of idx.plan.sessions) {
    const a = ctx.endOf(s.a);
    const b = ctx.endOf(s.b);
    const label = between(a, b);
    if (s.kind === "rr-switch" || s.kind === "ingress-switch")
      switchSessionCheck(ctx, s, a, b, label);
    else nodeSessionCheck(ctx, s, a, b, label);
  }
  joiningWorkerChecks(ctx);
  unclaimedChecks(ctx);
  reachabilityChecks(ctx);
}

/** The Secret, Role and RoleBinding that let calico-node read each password a BGPPeer references (pitfall 17). */
export function passwordChecks(idx: PlanIndex, halves: CalicoHalf[], findings: Finding[]): void {
  const refs = new Map<string, { name: string; key: string }>();
  for (const h of halves) if (h.password) refs.set(`${h.from}|${h.password.name}`, h.password);
  const roles = idx.objects("Role");
  const bindings = idx.objects("RoleBinding");
  for (const [k, ref] of [...refs].sort()) {
    const from = k.split("|")[0];
    const path = bgpPeerPath(from, "password");
    const secret = idx.objects("Secret").find((o) => o.body.metadata.name === ref.name);
    if (!secret) {
      findings.push(
        error(
          path,
          `names Secret ${ref.name}, which the plan does not create`,
          ref.name,
          "create it",
        ),
      );
      continue;
    }
    const ns = secret.body.metadata.namespace;
    const data = (secret.body as { stringData?: Record<string, string> }).stringData ?? {};
    if (!Object.hasOwn(data, ref.key)) {
      findings.push(
        error(
          path,
          `names key ${ref.key} of Secret ${ref.name}, which holds ${list(Object.keys(data))}`,
          ref.key,
          "use the key of the switch the BGPPeer dials",
        ),
      );
    }
    for (const [key, value] of Object.entries(data)) {
      if (value !== SECRET_PLACEHOLDER) {
        findings.push(
          error(
            childPath(`kubernetes.Secret.${ref.name}.stringData`, key),
            "holds a literal value in the plan; secrets reach it only at deployment",
            "<redacted>",
            "keep the <secret> placeholder; the Zone component fills it from bgpPasswords.<zone>[.<switch>]",
          ),
        );
      }
    }
    const role = roles.find((r) => {
      const rules =
        (
          r.body as {
            rules?: { resources?: string[]; resourceNames?: string[]; verbs?: string[] }[];
          }
        ).rules ?? [];
      return (
        r.body.metadata.namespace === ns &&
        rules.some(
          (x) =>
            x.resources?.includes("secrets") &&
            x.resourceNames?.includes(ref.name) &&
            ["get", "list", "watch"].every((v) => x.verbs?.includes(v)),
        )
      );
    });
    const bound =
      role &&
      bindings.some((b) => {
        const body = b.body as {
          roleRef?: { kind?: string; name?: string };
          subjects?: { kind?: string; name?: string; namespace?: string }[];
        };
        return (
          b.body.metadata.namespace === ns &&
          body.roleRef?.kind === "Role" &&
          body.roleRef.name === role.body.metadata.name &&
          (body.subjects ?? []).some(
            (s) => s.kind === "ServiceAccount" && s.name === "calico-node" && s.namespace === ns,
          )
        );
      });
    if (!bound) {
      findings.push(
        error(
          path,
          `names Secret ${ns}/${ref.name}, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it`,
          ref.name,
          "grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
        ),
      );
    }
  }
}
