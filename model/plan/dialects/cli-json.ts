// The session states and LoadBalancer routes of an EOS or NX-OS switch from their `| json` output (issue 11), in the
// forms frr-parse.ts returns. Pure. Field names as Arista's and Cisco's JSON print them (napalm's recorded outputs
// and the vendors' documentation); not yet checked against a device (docs/dialects.md).

function json(text: string, command: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${command} did not print JSON`);
  }
}

const obj = (x: unknown): Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

/** NX-OS prints a `ROW_*` as an object when it holds one row and as an array when it holds more. */
const rows = (table: unknown, row: string): Record<string, unknown>[] => {
  const r = obj(table)[row];
  return (Array.isArray(r) ? r : r === undefined ? [] : [r]).map(obj);
};

/** EOS `show ip bgp summary | json`: `vrfs.default.peers.<address>.peerState`. */
export function parseEosSummaryJson(text: string): Record<string, string> {
  const peers = obj(obj(obj(obj(json(text, "show ip bgp summary | json")).vrfs).default).peers);
  const out: Record<string, string> = {};
  for (const [address, p] of Object.entries(peers)) {
    const state = obj(p).peerState;
    if (typeof state === "string") out[address] = state;
  }
  return out;
}

/**
 * EOS `show ip route <pool> longer-prefixes | json`: `vrfs.default.routes.<prefix>.vias[].nexthopAddr` (the table
 * lists the routes it forwards with).
 */
export function parseEosRoutesJson(text: string): Record<string, string[]> {
  const routes = obj(obj(obj(obj(json(text, "show ip route | json")).vrfs).default).routes);
  const out: Record<string, string[]> = {};
  for (const [prefix, r] of Object.entries(routes)) {
    const vias = obj(r).vias;
    if (!Array.isArray(vias)) continue;
    const hops = vias
      .map((v) => obj(v).nexthopAddr)
      .filter((h): h is string => typeof h === "string");
    out[prefix] = [...new Set(hops)].sort();
  }
  return out;
}

/** The default VRF's row of an NX-OS `TABLE_vrf`. */
const defaultVrf = (doc: unknown) =>
  rows(obj(doc).TABLE_vrf, "ROW_vrf").filter((v) => (v["vrf-name-out"] ?? "default") === "default");

/**
 * NX-OS `show bgp ipv4 unicast summary | json`: `TABLE_vrf.ROW_vrf[].TABLE_af.ROW_af[].TABLE_saf.ROW_saf[]
 * .TABLE_neighbor.ROW_neighbor[]` with `neighborid` and `state`.
 */
export function parseNxosSummaryJson(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const vrf of defaultVrf(json(text, "show bgp ipv4 unicast summary | json")))
    for (const af of rows(vrf.TABLE_af, "ROW_af"))
      for (const saf of rows(af.TABLE_saf, "ROW_saf"))
        for (const n of rows(saf.TABLE_neighbor, "ROW_neighbor"))
          if (typeof n.neighborid === "string" && typeof n.state === "string")
            out[n.neighborid] = n.state;
  return out;
}

/**
 * NX-OS `show ip route <pool> longer-prefixes | json`: `TABLE_vrf.ROW_vrf[].TABLE_addrf.ROW_addrf[].TABLE_prefix
 * .ROW_prefix[]` with `ipprefix` and `TABLE_path.ROW_path[]` of `ipnexthop`; a path marked `ubest: false` is not
 * one the switch forwards with.
 */
export function parseNxosRoutesJson(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const vrf of defaultVrf(json(text, "show ip route | json")))
    for (const af of rows(vrf.TABLE_addrf, "ROW_addrf"))
      for (const p of rows(af.TABLE_prefix, "ROW_prefix")) {
        if (typeof p.ipprefix !== "string") continue;
        const hops = rows(p.TABLE_path, "ROW_path")
          .filter((x) => x.ubest === undefined || x.ubest === true || x.ubest === "true")
          .map((x) => x.ipnexthop)
          .filter((h): h is string => typeof h === "string");
        out[p.ipprefix] = [...new Set([...(out[p.ipprefix] ?? []), ...hops])].sort();
      }
  return out;
}
