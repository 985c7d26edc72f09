// Core-switch configuration: one base command (peer groups, multipath, timers) and one command per neighbor.
import { DIALECTS, type PeerGroupConfig } from "./dialects";
import { names, PEER_GROUPS } from "./names";
import { byAddress } from "./sessions";
import type { FabricSpec, SwitchCommand, SwitchPlan, SwitchSpec, ZoneSpec } from "./types";

export function switchPlan(spec: FabricSpec, zone: ZoneSpec, sw: SwitchSpec): SwitchPlan {
  const dialect = DIALECTS[sw.dialect];
  const label = `${zone.name}/${sw.name}`;
  const timers = {
    keepaliveSeconds: spec.bgp.keepaliveSeconds,
    holdSeconds: spec.bgp.holdSeconds,
    connectRetrySeconds: spec.bgp.connectRetrySeconds,
    password: zone.bgpPassword,
  };
  const direct = spec.ingress.mode === "direct";
  const groups: PeerGroupConfig[] = [
    // Graceful restart stays on toward the reflectors: a calico-node restart on a master keeps pod routes.
    {
      name: PEER_GROUPS.reflectors,
      description: `bgp-fabric ${zone.name} route reflectors`,
      gracefulRestart: true,
      ...timers,
    },
    ...(direct
      ? [
          {
            name: PEER_GROUPS.ingress,
            description: `bgp-fabric ${zone.name} ingress nodes`,
            gracefulRestart: false,
            ...timers,
          },
        ]
      : []),
  ];
  const base = dialect.base({
    label,
    asn: zone.asn,
    updateSource: sw.address,
    maximumPaths: spec.bgp.maximumPaths,
    peerGroups: groups,
  });
  const baseName = names.switchBase(zone.name, sw.name);
  const commands: SwitchCommand[] = [
    {
      name: baseName,
      kind: "base",
      create: base.create,
      delete: base.delete,
      // A new AS or dialect is a different stanza: remove the old one, then create the new one.
      triggers: [sw.dialect, String(zone.asn)],
      ...(base.stdinTemplate === undefined ? {} : { stdin: base.stdinTemplate }),
    },
  ];
  const neighbors = [
    ...zone.masters.map((n) => ({
      node: n,
      group: PEER_GROUPS.reflectors,
      role: "route reflector",
    })),
    ...(direct
      ? zone.ingressNodes.map((n) => ({ node: n, group: PEER_GROUPS.ingress, role: "ingress" }))
      : []),
  ].sort((a, b) => byAddress(a.node.address, b.node.address));
  for (const { node, group, role } of neighbors) {
    const cmd = dialect.neighbor({
      label,
      asn: zone.asn,
      address: node.address,
      peerGroup: group,
      description: `bgp-fabric ${role} ${node.name}`,
    });
    commands.push({
      name: names.switchNeighbor(zone.name, sw.name, node.address),
      kind: "neighbor",
      create: cmd.create,
      delete: cmd.delete,
      // Identity of the neighbor: a change removes the old one before adding the new one (pitfall 11).
      triggers: [sw.dialect, String(zone.asn), node.address, group],
    });
  }
  return {
    name: sw.name,
    zone: zone.name,
    dialect: sw.dialect,
    address: sw.address,
    asn: zone.asn,
    ssh: {
      host: sw.sshHost,
      port: sw.sshPort,
      user: sw.sshUser,
      ...(sw.sshHostKey === undefined ? {} : { hostKey: sw.sshHostKey }),
    },
    commands,
  };
}
