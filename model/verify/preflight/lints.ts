// Design lints with their fixes: version behaviour, the route-reflector /32 trap, the ECMP budget, redundancy,
// timers and MetalLB staying controller-only. Each rule lives here and nowhere else.
import { childPath, joinPath } from "../../core/errors";
import { names } from "../../core/names";
import { atLeast, GATES, parseVersion, READY_ENDPOINTS } from "../../core/versions";
import { error, warning, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";
import { BIRD_HOLD_SECONDS } from "./sessions";
import type { Scope } from ".";

/** Runtime: what versions and settings a config chooses. Invariants: what the planner always emits (marked). */
export function lints(idx: PlanIndex, all: Finding[], scope: Scope): void {
  const { plan } = idx;
  const findings = scope.runtime ? all : [];
  const invariant = scope.invariants ? all : [];
  const calico = parseVersion(plan.versions.calico);
  const metallb = parseVersion(plan.versions.metallb);

  if (calico && !atLeast(calico, GATES.calicoMinimum.version)) {
    findings.push(
      error(
        "calico.version",
        `is older than ${GATES.calicoMinimum.text}: route reflectors do not pass on LoadBalancer /32s they host no endpoint for (calico #8358)`,
        plan.versions.calico,
        `upgrade Calico to ${GATES.calicoMinimum.text} or later`,
      ),
    );
  }
  const bgpConfig = idx
    .objects("BGPConfiguration")
    .find((o) => o.body.metadata.name === names.bgpConfiguration.k8s);
  const aggregation = (bgpConfig?.body.spec as { serviceLoadBalancerAggregation?: string })
    ?.serviceLoadBalancerAggregation;
  if (aggregation !== "Disabled") {
    if (calico && !atLeast(calico, GATES.calicoLbAggregation.version))
      findings.push(
        warning(
          "calico.version",
          `before ${GATES.calicoLbAggregation.text} every node not labelled node.kubernetes.io/exclude-from-external-load-balancers=true announces the whole LoadBalancer CIDR`,
          plan.versions.calico,
          `label every worker at provisioning, or upgrade Calico to ${GATES.calicoLbAggregation.text} or later`,
        ),
      );
    // Invariant: the planner disables aggregation wherever the release supports it.
    else
      invariant.push(
        error(
          "calico.version",
          "supports serviceLoadBalancerAggregation, but the plan leaves it enabled: every node would announce the whole LoadBalancer CIDR",
          plan.versions.calico,
          "set serviceLoadBalancerAggregation: Disabled in the default BGPConfiguration",
        ),
      );
  }
  if (calico && !READY_ENDPOINTS.fixed(calico)) {
    findings.push(
      warning(
        "calico.version",
        "advertises a LoadBalancer /32 from an ingress node whose controller pod is not ready, black-holing that node's share of the traffic (calico #13246)",
        plan.versions.calico,
        `upgrade Calico to ${READY_ENDPOINTS.text}; until then drain an ingress node before maintenance`,
      ),
    );
  }

  // MetalLB allocates only: its speakers, or frr-k8s (deployed by default from 0.16), would run a second BGP speaker.
  const release = plan.helmReleases.find((r) => r.resourceName === names.metallbRelease.resource);
  const values = (release?.values ?? {}) as {
    speaker?: { enabled?: boolean };
    frrk8s?: { enabled?: boolean };
  };
  // Invariants: the planner always installs MetalLB controller-only.
  if (values.speaker?.enabled !== false) {
    invariant.push(
      error(
        "metallb",
        "runs MetalLB speakers, which would compete with Calico for the core switches' BGP sessions (metallb #114)",
        values.speaker,
        "install MetalLB controller-only: speaker.enabled=false",
      ),
    );
  }
  if (
    metallb &&
    atLeast(metallb, GATES.metallbFrrK8sDefault.version) &&
    values.frrk8s?.enabled !== false
  ) {
    invariant.push(
      error(
        "metallb.version",
        `${GATES.metallbFrrK8sDefault.text} and later deploy frr-k8s by default: a second BGP daemon on every node beside Calico's BIRD`,
        plan.versions.metallb,
        "set frrk8s.enabled=false on the MetalLB release",
      ),
    );
  }

  for (const zone of idx.zones.values()) {
    const zp = idx.zonePath(zone.name);
    const switches = plan.switches.filter((s) => s.zone === zone.name);
    const ingress = zone.ingressNodes.map((n) => n.name);
    if (plan.ingressMode === "reflector") {
      // The route-reflector /32 trap (calico #6451, #8162): without ADD-PATH receive on the switch, each reflector
      // passes on only its best path per LoadBalancer /32, so one ingress node per reflector takes all traffic.
      for (const sw of switches) {
        const g = sw.peerGroups.find((x) => x.role === "reflectors");
        // Invariant while every dialect negotiates ADD-PATH receive (frr does).
        if (g && !g.negotiates.addPathReceive) {
          invariant.push(
            error(
              "ingress.mode",
              `is reflector, but ${sw.zone}/${sw.name} (${sw.dialect}) does not negotiate ADD-PATH receive on peer-group ${g.name}: each reflector passes on only its best path per LoadBalancer /32, so one ingress node per reflector takes all the traffic (calico #6451)`,
              plan.ingressMode,
              "use ingress.mode: direct, or a switch dialect that negotiates ADD-PATH receive",
            ),
          );
        }
      }
    }
    const short = switches.filter((s) => s.maximumPaths < ingress.length);
    if (short.length > 0) {
      const paths = Math.min(...short.map((s) => s.maximumPaths));
      findings.push(
        warning(
          "bgp.maximumPaths",
          `${zone.name} has ${ingress.length} ingress nodes, but ${short.map((s) => s.name).join(", ")} install at most ${paths} equal paths per LoadBalancer /32: ${ingress.length - paths} ingress node${ingress.length - paths === 1 ? " gets" : "s get"} no traffic from ${short.length === 1 ? "it" : "them"}`,
          paths,
          `raise bgp.maximumPaths to at least ${ingress.length}`,
        ),
      );
    }
    if (ingress.length === 0) {
      findings.push(
        warning(
          `${zp}.ingressNodes`,
          "has no ingress node: this zone serves no LoadBalancer traffic",
          ingress,
          "add two or more ingress nodes, unless the zone is meant to carry none",
        ),
      );
    } else if (ingress.length === 1) {
      findings.push(
        warning(
          `${zp}.ingressNodes`,
          "has one ingress node: no ECMP and no failover inside the zone",
          ingress,
          "add a second",
        ),
      );
    }
    if (zone.switches.length === 1) {
      findings.push(
        warning(
          `${zp}.switches`,
          "has one core switch: losing it cuts the zone off",
          zone.switches.map((s) => s.name),
          "add a second",
        ),
      );
    }
  }

  for (const sw of plan.switches) {
    const path = childPath(joinPath(["zones", sw.zone, "switches"]), sw.name);
    if (sw.ssh.hostKey === undefined) {
      findings.push(
        warning(
          `${path}.sshHostKey`,
          "is not pinned: the first SSH connection trusts whatever key the switch presents",
          undefined,
          `set it from ssh-keyscan -t ed25519 ${sw.ssh.host}`,
        ),
      );
    }
    for (const g of sw.peerGroups) {
      if (g.holdSeconds > BIRD_HOLD_SECONDS) {
        findings.push(
          warning(
            "bgp.holdSeconds",
            `is above Calico's fixed BIRD hold time of ${BIRD_HOLD_SECONDS} s, so every session negotiates ${BIRD_HOLD_SECONDS} s`,
            g.holdSeconds,
            `use at most ${BIRD_HOLD_SECONDS} (9 detects a dead ingress node within 10 s)`,
          ),
        );
      }
      // Invariant: the planner disables graceful restart toward ingress nodes.
      if (g.role === "ingress" && g.gracefulRestart) {
        invariant.push(
          warning(
            path,
            `peer-group ${g.name} keeps graceful restart on toward ingress nodes: a crashed node's /32 stays on the switch for the restart time`,
            g.gracefulRestart,
            "disable graceful restart toward ingress nodes (graceful-restart-disable)",
          ),
        );
      }
    }
  }
}
