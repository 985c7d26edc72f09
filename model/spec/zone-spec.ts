// One zone of the config -> its ZoneSpec: AS, subnets and pod blocks, cluster ID, switches, nodes, passwords; every
// address inside the zone's node subnet and claimed once across the datacenter.
import { childPath, joinPath, showValue, type ConfigProblem } from "../core/errors";
import { contains, formatIPv4, isNetworkOrBroadcast, parseIPv4, type Cidr4 } from "../core/ip";
import type { NodeSpec, SwitchSpec, ZoneSpec } from "../core/types";
import { isDrained } from "./drain";
import { DEFAULTS, type RawConfig, type RawZone } from "./schema";
import type { SpecContext } from "./spec-context";
import { updateSourceProblem } from "./update-source";
import { ipv6AddressOf, zoneIPv6 } from "./dual-stack";

/** A group of nodes as the config lists them. */
type RawNodes = Record<string, { address: string; ipv6Address?: string; drain?: boolean }>;

/** A map entry by name, never an inherited property. */
export function own<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

export function zoneSpec(ctx: SpecContext, zoneName: string): ZoneSpec {
  const { raw, problems, refused, cidr, address, asns, ranges } = ctx;
  const zp = joinPath(["zones", zoneName]);
  const z = raw.zones[zoneName];
  if (!refused.has(`${zp}.asn`)) asns.claim(String(z.asn), `${zp}.asn`, z.asn);
  const nodeCidr = cidr(`${zp}.nodeCidr`, z.nodeCidr);
  const podCidr = cidr(`${zp}.podCidr`, z.podCidr);
  if (nodeCidr) ranges.push({ path: `${zp}.nodeCidr`, cidr: nodeCidr });
  if (podCidr) ranges.push({ path: `${zp}.podCidr`, cidr: podCidr });
  const podBlockSize = z.podBlockSize ?? DEFAULTS.podBlockSize;
  if (podBlockSize < 20 || podBlockSize > 32 || (podCidr && podBlockSize < podCidr.prefix)) {
    problems.push({
      path: `${zp}.podBlockSize`,
      problem: `is outside 20-32 or shorter than the pod CIDR's prefix${podCidr ? ` (/${podCidr.prefix})` : ""}`,
      got: podBlockSize,
      fix: "use 26 (Calico's default) unless you know why not",
    });
  }
  let clusterId = formatIPv4((0xf4 << 24) + (Math.max(0, z.asn) & 0xffffff));
  if (z.routeReflectorClusterId !== undefined) {
    if (address(`${zp}.routeReflectorClusterId`, z.routeReflectorClusterId) !== undefined)
      clusterId = z.routeReflectorClusterId;
  }
  const v6 = zoneIPv6(ctx, zp, z);
  const inSubnet = (path: string, text: string) => nodeAddress(ctx, zp, nodeCidr, path, text);
  const inSubnet6 = (path: string, text: string | undefined) =>
    ipv6AddressOf(
      ctx,
      zp,
      { dualStack: v6.spec !== undefined, nodeCidr6: v6.nodeCidr6 },
      path,
      text,
    );
  const switches = zoneSwitches(ctx, zoneName, z, nodeCidr, inSubnet, inSubnet6);
  const nodes = (group: RawNodes | undefined, groupPath: string, role: NodeSpec["role"]) =>
    zoneNodes(ctx, zoneName, group, groupPath, role, inSubnet, inSubnet6);
  return {
    name: zoneName,
    asn: z.asn,
    nodeCidr: z.nodeCidr,
    podCidr: z.podCidr,
    podBlockSize,
    ...(v6.spec ? { ipv6: v6.spec } : {}),
    routeReflectorClusterId: clusterId,
    switches,
    masters: nodes(z.masters, `${zp}.masters`, "master"),
    ingressNodes: nodes(z.ingressNodes, `${zp}.ingressNodes`, "ingress"),
    workers: nodes(
      own(raw.lab?.workers, zoneName),
      joinPath(["lab", "workers", zoneName]),
      "worker",
    ),
    ...zonePasswords(raw, zoneName, Object.keys(z.switches).sort(), problems),
    ...(z.drain === true ? { drained: true } : {}),
  };
}

/** A switch or node address: claimed once across the datacenter, a host of the zone's node subnet. */
function nodeAddress(
  ctx: SpecContext,
  zp: string,
  nodeCidr: Cidr4 | undefined,
  path: string,
  text: string,
): void {
  const { problems, address, addresses } = ctx;
  const ip = address(path, text);
  if (ip === undefined) return;
  addresses.claim(text, path, text);
  if (nodeCidr && !contains(nodeCidr, ip)) {
    problems.push({
      path,
      problem: `is outside ${zp}.nodeCidr (${nodeCidr.text})`,
      got: text,
      fix: "use an address of the zone's node subnet",
    });
  } else if (nodeCidr && isNetworkOrBroadcast(nodeCidr, ip)) {
    problems.push({
      path,
      problem: `is the network or broadcast address of ${nodeCidr.text}`,
      got: text,
      fix: "use a host address",
    });
  }
}

function zoneSwitches(
  ctx: SpecContext,
  zoneName: string,
  z: RawZone,
  nodeCidr: Cidr4 | undefined,
  inSubnet: (path: string, text: string) => void,
  inSubnet6: (path: string, text: string | undefined) => { ipv6Address?: string },
): SwitchSpec[] {
  const { raw, problems } = ctx;
  const zp = joinPath(["zones", zoneName]);
  const sshUser = raw.switchSsh?.user ?? DEFAULTS.sshUser;
  const sshPort = raw.switchSsh?.port ?? DEFAULTS.sshPort;
  const switches: SwitchSpec[] = [];
  for (const name of Object.keys(z.switches).sort()) {
    const sp = childPath(`${zp}.switches`, name);
    const s = z.switches[name];
    inSubnet(`${sp}.address`, s.address);
    const v6 = inSubnet6(`${sp}.ipv6Address`, s.ipv6Address);
    if (s.updateSource !== undefined) {
      const refusal = updateSourceProblem(s.dialect, s.updateSource);
      if (refusal) problems.push({ path: `${sp}.updateSource`, got: s.updateSource, ...refusal });
    }
    // An sshHost in the node subnet must be a host of it: its network or broadcast address reaches no switch.
    const host = s.sshHost === undefined ? undefined : parseIPv4(s.sshHost);
    if (
      host !== undefined &&
      nodeCidr &&
      contains(nodeCidr, host) &&
      isNetworkOrBroadcast(nodeCidr, host)
    )
      problems.push({
        path: `${sp}.sshHost`,
        problem: `is the network or broadcast address of ${nodeCidr.text}, not a switch`,
        got: s.sshHost,
        fix: "use the switch's management address or DNS name",
      });
    switches.push({
      name,
      zone: zoneName,
      address: s.address,
      ...v6,
      sshHost: s.sshHost ?? s.address,
      sshPort: s.sshPort ?? sshPort,
      sshUser: s.sshUser ?? sshUser,
      ...(s.sshHostKey === undefined ? {} : { sshHostKey: s.sshHostKey }),
      dialect: s.dialect,
      ...(s.updateSource === undefined ? {} : { updateSource: s.updateSource }),
    });
  }

  return switches;
}

function zoneNodes(
  ctx: SpecContext,
  zoneName: string,
  group: RawNodes | undefined,
  groupPath: string,
  role: NodeSpec["role"],
  inSubnet: (path: string, text: string) => void,
  inSubnet6: (path: string, text: string | undefined) => { ipv6Address?: string },
): NodeSpec[] {
  const z = ctx.raw.zones[zoneName];
  return Object.keys(group ?? {})
    .sort()
    .map((name) => {
      const np = childPath(groupPath, name);
      ctx.nodeNames.claim(name, np, name);
      const { address: text, ipv6Address, drain } = (group ?? {})[name];
      inSubnet(`${np}.address`, text);
      const v6 = inSubnet6(`${np}.ipv6Address`, ipv6Address);
      const drained = role === "ingress" && isDrained(z.drain, drain);
      return {
        name,
        zone: zoneName,
        address: text,
        ...v6,
        role,
        ...(drained ? { drained: true } : {}),
      };
    });
}

/**
 * How a zone's switch sessions are signed: one password for all its switches (`bgpPasswords.<zone>`), or one per
 * switch (`bgpPasswords.<zone>.<switch>`), which then names each switch of the zone exactly once.
 */
function zonePasswords(
  raw: RawConfig,
  zoneName: string,
  switchNames: string[],
  problems: ConfigProblem[],
): Pick<ZoneSpec, "bgpPassword"> {
  const value = own(raw.bgpPasswords, zoneName);
  if (value === undefined) return {};
  if ("secure" in value) return { bgpPassword: "zone" };
  const zp = joinPath(["bgpPasswords", zoneName]);
  for (const sw of Object.keys(value).sort()) {
    if (!switchNames.includes(sw))
      problems.push({
        path: childPath(zp, sw),
        problem: `names no switch of zone ${zoneName}`,
        got: sw,
        fix: `use one of: ${switchNames.map(showValue).join(", ")}`,
      });
  }
  for (const sw of switchNames) {
    if (!Object.hasOwn(value, sw))
      problems.push({
        path: childPath(zp, sw),
        problem: `is missing: zone ${zoneName} sets one password per switch`,
        got: undefined,
        fix: `set one for every switch of the zone (${switchNames.join(", ")}), or one for the whole zone at ${zp}`,
      });
  }
  return { bgpPassword: "switch" };
}
