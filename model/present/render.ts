// Renders a NetworkPlan to the offline plan's files: plan.json, kubernetes/*.yaml, switches/*.sh, SUMMARY.md.
import { stringify } from "yaml";
import { mermaid, topology } from "./diagram";
import { rolloutText } from "./rollout";
import type { NetworkPlan, SwitchPlan } from "../core/types";
import { poolRanges } from "../plan/sessions";

export interface PlanFile {
  path: string;
  content: string;
}

const yaml = (value: unknown) => stringify(value, { lineWidth: 0, sortMapEntries: false });

/** A switch's full create script in apply order, as `remote.Command` would run it, one command after another. */
export function switchScript(plan: NetworkPlan, sw: SwitchPlan): string {
  const parts = [
    // FRR scripts are POSIX sh; the EOS and NX-OS ones need bash (the SSH account's login shell on those switches).
    sw.dialect === "frr" ? "#!/bin/sh" : "#!/bin/bash",
    `# bgp-fabric ${plan.datacenter}: ${sw.zone}/${sw.name} (${sw.dialect}), ssh ${sw.ssh.user}@${sw.ssh.host}:${sw.ssh.port}`,
    "# Each block is one Pulumi remote.Command, run in its own SSH session in this order.",
    ...(sw.dialect === "eos"
      ? [
          "# Each applies its lines in the configuration session s=..., commits it with a timer and waits for a confirm.",
        ]
      : sw.dialect === "nxos"
        ? [
            "# Each takes the checkpoint s=... first and rolls back to it on the first line the switch rejects.",
          ]
        : []),
  ];
  for (const c of sw.commands) {
    parts.push(
      "",
      `# --- ${c.name}${c.stdin ? " (stdin carries the zone's BGP password)" : ""}`,
      ...(c.healthCheck
        ? [
            `# kept only once ${c.healthCheck.addresses.join(", ")} ${c.healthCheck.addresses.length > 1 ? "are" : "is"} Established (waits up to ${c.healthCheck.timeoutSeconds} s), else rolled back: the command fails naming the session`,
          ]
        : []),
      `(\n${c.create}\n)`,
    );
  }
  for (const w of sw.drainWaits ?? [])
    parts.push(
      "",
      `# --- ${w.name} (read-only drain wait: up to ${w.timeoutSeconds} s until no route in the LoadBalancer pools goes via ${w.node} ${w.address}; its delete, run on undrain, waits until one does again)`,
      `(\n${w.create}\n)`,
    );
  return `${parts.join("\n")}\n`;
}

/** The drained ingress nodes (docs/drain.md), as `<node> (<zone>)`, in plan order. */
export function drainedNodes(plan: NetworkPlan): string[] {
  return plan.zones.flatMap((z) =>
    z.ingressNodes.filter((n) => n.drained).map((n) => `${n.name} (${z.name})`),
  );
}

export function summary(plan: NetworkPlan): string {
  const lines: string[] = [`# Network plan: ${plan.datacenter}`, ""];
  lines.push(
    `Calico ${plan.versions.calico}, MetalLB ${plan.versions.metallb} (controller only), NGINX Ingress chart ${plan.versions.ingress}, Kubernetes ${plan.versions.kubernetes}.`,
    `Ingress /32s reach the core switches by **${plan.ingressMode === "direct" ? "direct ingress-switch peering" : "ADD-PATH through the route reflectors"}**.`,
    "",
    "## Zones",
    "",
    "| zone | AS | node subnet | pod CIDR | RR cluster ID | route reflectors | ingress nodes | core switches |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const z of plan.zones) {
    const list = (xs: { name: string; address: string; drained?: true }[]) =>
      xs.map((x) => `${x.name} ${x.address}${x.drained ? " **(drained)**" : ""}`).join(", ") || "-";
    lines.push(
      `| ${z.name} | ${z.asn} | ${z.nodeCidr} | ${z.podCidr} | ${z.routeReflectorClusterId} | ${list(z.reflectors)} | ${list(z.ingressNodes)} | ${list(z.switches)} |`,
    );
  }
  // Dual-stack zones (docs/dual-stack.md): their IPv6 ranges; an IPv4-only plan has no such section.
  const dual = plan.zones.filter((z) => z.ipv6 !== undefined);
  if (dual.length > 0)
    lines.push(
      "",
      "## IPv6 (dual-stack zones)",
      "",
      "| zone | IPv6 node subnet | IPv6 pod CIDR | IPv6 addresses |",
      "|---|---|---|---|",
      ...dual.map(
        (z) =>
          `| ${z.name} | ${z.ipv6!.nodeCidr} | ${z.ipv6!.podCidr} | ${[...z.switches, ...z.reflectors, ...z.ingressNodes, ...z.workers].map((h) => `${h.name} ${h.ipv6Address}`).join(", ")} |`,
      ),
    );
  lines.push(
    "",
    "## Rollout",
    "",
    `${rolloutText(plan.rollout)}.`,
    plan.rollout.mode === "zone-by-zone"
      ? "Each zone's Kubernetes objects and switch commands wait for the health-checked switch commands of the zone before it: a zone whose check fails stops `pulumi up` before the next (docs/rollout.md)."
      : "No zone waits for another: a failing zone does not stop the others' changes (docs/rollout.md).",
  );
  lines.push("", "## LoadBalancer pools", "", "| pool | CIDR | auto-assign |", "|---|---|---|");
  for (const p of plan.loadBalancerPools)
    lines.push(`| ${p.name} | ${poolRanges(p).join(", ")} | ${p.autoAssign} |`);
  lines.push(
    "",
    "## BGP sessions",
    "",
    "| zone | kind | end A | end B | AS | RR client | password | A does not export |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const s of plan.sessions) {
    lines.push(
      `| ${s.zone} | ${s.kind} | ${s.a.name} ${s.a.address} | ${s.b.name} ${s.b.address} | ${s.a.asn} | ${s.rrClient ?? "-"} | ${s.passwordRef ? "yes" : "no"} | ${s.exportReject.join(", ") || "-"} |`,
    );
  }
  // What no resource can apply: the kubelet registers these (the zone label the admission policy reads; taints).
  lines.push(
    "",
    "## Kubelet registration",
    "",
    "| node | zone | kubelet flags |",
    "|---|---|---|",
    ...plan.nodeRegistrations.map(
      (r) => `| ${r.node} | ${r.zone} | ${r.kubeletFlags.map((f) => `\`${f}\``).join(" ")} |`,
    ),
  );
  lines.push(
    "",
    "## Core-switch commands",
    "",
    "| switch | zone | dialect | commands |",
    "|---|---|---|---|",
  );
  for (const sw of plan.switches)
    lines.push(
      `| ${sw.name} | ${sw.zone} | ${sw.dialect} | ${sw.commands.map((c) => c.name).join(", ")} |`,
    );
  const drains = plan.switches.flatMap((sw) => sw.drainWaits ?? []);
  if (drains.length > 0) {
    lines.push(
      "",
      "## Drained ingress nodes",
      "",
      "Labelled `node.kubernetes.io/exclude-from-external-load-balancers=true` (Calico withdraws their LoadBalancer /32s); `pulumi up` returns once every switch listed has withdrawn them (docs/drain.md).",
      "",
      "| node | zone | address | waits on | bound |",
      "|---|---|---|---|---|",
    );
    for (const z of plan.zones)
      for (const n of z.ingressNodes.filter((x) => x.drained)) {
        const waits = drains.filter((w) => w.zone === z.name && w.node === n.name);
        lines.push(
          `| ${n.name} | ${z.name}${z.drained ? " (zone drained)" : ""} | ${n.address} | ${waits.map((w) => w.switch).join(", ")} | ${waits[0]?.timeoutSeconds ?? "-"} s |`,
        );
      }
  }
  if (plan.warnings.length > 0) {
    lines.push("", "## Warnings", "");
    for (const w of plan.warnings) lines.push(`- \`${w.path}\`: ${w.message}`);
  }
  lines.push("", "## Topology", "", "Also drawn in `topology.svg`.", "", "```mermaid");
  lines.push(...mermaid(topology(plan)), "```");
  return `${lines.join("\n")}\n`;
}

/** File name of a Kubernetes object: kind and name, e.g. `bgppeer-az1-rrs-to-core1.yaml`. */
function objectFile(kind: string, name: string, namespace?: string): string {
  return `kubernetes/${kind.toLowerCase()}-${namespace ? `${namespace}-` : ""}${name}.yaml`;
}

export function renderPlan(plan: NetworkPlan): PlanFile[] {
  const files: PlanFile[] = [{ path: "plan.json", content: `${JSON.stringify(plan, null, 2)}\n` }];
  for (const o of plan.kubernetes) {
    const header = `# ${o.mode === "patch" ? "server-side-apply patch" : "object"} ${o.resourceName} (${o.component}${o.zone ? ` ${o.zone}` : ""})\n`;
    files.push({
      path: objectFile(o.body.kind, o.body.metadata.name, o.body.metadata.namespace),
      content: header + yaml(o.body),
    });
  }
  for (const r of plan.helmReleases) {
    const source = r.path !== undefined ? `local chart ${r.path}` : `chart ${r.chart}`;
    const header = `# helm release ${r.name} in ${r.namespace}: ${source}${r.repo ? ` from ${r.repo}` : ""} version ${r.version}\n`;
    files.push({ path: `kubernetes/helm-${r.name}.values.yaml`, content: header + yaml(r.values) });
  }
  for (const sw of plan.switches)
    files.push({ path: `switches/${sw.zone}-${sw.name}.sh`, content: switchScript(plan, sw) });
  files.push({ path: "SUMMARY.md", content: summary(plan) });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
