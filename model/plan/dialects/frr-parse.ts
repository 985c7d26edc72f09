// Reads FRR 8.4's `show running-config` and `show bgp summary json` back into plain data (issue 11, drift). Pure:
// the text comes from the caller. Passwords are never kept: only whether one is set.

/** A neighbor or peer group as the running config states it: setting -> value (`""` for a bare flag). */
export interface FrrPeer {
  /** The group it is a member of, when a neighbor; `isGroup` when it is a peer group itself. */
  memberOf?: string;
  isGroup: boolean;
  /** Top-level `neighbor X ...` settings, keyed as `frrSettingKey` names them. */
  settings: Record<string, string>;
  /** `address-family ipv4 unicast` settings of the same peer. */
  af: Record<string, string>;
  /** `address-family ipv6 unicast` (EOS `address-family ipv6`) settings of the same peer (dual-stack zones), if any. */
  af6?: Record<string, string>;
}

export interface FrrRunning {
  /** `router bgp N` (the default VRF's instance), when there is one. */
  asn?: number;
  peers: Record<string, FrrPeer>;
  /** `maximum-paths ibgp N` in ipv4 unicast, when set. */
  maximumPathsIbgp?: number;
  /** `maximum-paths ibgp N` (EOS `maximum-paths N`) in ipv6 unicast, when set (dual-stack zones). */
  maximumPathsIbgp6?: number;
  /**
   * `no bgp default ipv4-unicast` in the instance: neighbors are then not activated for ipv4 unicast unless a line
   * says so, and FRR prints no `no neighbor X activate` (a real FRR 8.4.4 capture, docs/dual-stack.md).
   */
  noDefaultIpv4Unicast?: true;
  /** Prefix lists: name -> their lines as the running config prints them. */
  prefixLists: Record<string, string[]>;
  /** Route maps: name -> lines of every entry (`route-map N permit 10`, indented body lines trimmed). */
  routeMaps: Record<string, string[]>;
}

/** What a password setting reads as: its presence, never its value. */
export const PASSWORD_SET = "(set)";

/** Splits `neighbor X <rest>` into the setting's key and value; keys name a setting uniquely per peer. */
export function frrSettingKey(rest: string): [string, string] {
  const w = rest.split(" ");
  if (w[0] === "password") return ["password", PASSWORD_SET];
  if (w[0] === "timers" && w[1] === "connect") return ["timers connect", w.slice(2).join(" ")];
  if (w[0] === "route-map" && w.length === 3) return [`route-map ${w[2]}`, w[1]];
  return [w[0], w.slice(1).join(" ")];
}

export function parseFrrRunningConfig(text: string): FrrRunning {
  const out: FrrRunning = { peers: {}, prefixLists: {}, routeMaps: {} };
  let section: "none" | "bgp" | "af" | "af6" | "other-af" | "other-bgp" | "route-map" = "none";
  let routeMap: string | undefined;
  const peer = (name: string): FrrPeer =>
    (out.peers[name] ??= { isGroup: false, settings: {}, af: {} });
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    const body = line.trim();
    if (body === "" || body === "!") continue;
    const top = !line.startsWith(" ");
    if (top) {
      routeMap = undefined;
      const bgp = /^router bgp (\d+)$/.exec(line);
      if (bgp) {
        // Only the default VRF's instance holds our stanza (`router bgp N vrf X` is someone else's).
        section = out.asn === undefined ? "bgp" : "other-bgp";
        out.asn ??= Number(bgp[1]);
        continue;
      }
      if (/^router bgp /.test(line)) {
        section = "other-bgp";
        continue;
      }
      const pl = /^ip(?:v6)? prefix-list (\S+) (.*)$/.exec(line);
      if (pl) {
        (out.prefixLists[pl[1]] ??= []).push(line);
        section = "none";
        continue;
      }
      const rm = /^route-map (\S+) (permit|deny) (\d+)$/.exec(line);
      if (rm) {
        routeMap = rm[1];
        (out.routeMaps[routeMap] ??= []).push(line);
        section = "route-map";
        continue;
      }
      section = "none";
      continue;
    }
    if (section === "route-map" && routeMap !== undefined) {
      out.routeMaps[routeMap].push(` ${body}`);
      continue;
    }
    if (section === "bgp" || section === "af" || section === "af6" || section === "other-af") {
      if (body === "exit-address-family") {
        section = "bgp";
        continue;
      }
      const af = /^address-family (.+)$/.exec(body);
      if (af) {
        section = af[1] === "ipv4 unicast" ? "af" : af[1] === "ipv6 unicast" ? "af6" : "other-af";
        continue;
      }
      if (section === "other-af") continue;
      if (section === "bgp" && body === "no bgp default ipv4-unicast") {
        out.noDefaultIpv4Unicast = true;
        continue;
      }
      const mp = /^maximum-paths ibgp (\d+)/.exec(body);
      if (section === "af" && mp) {
        out.maximumPathsIbgp = Number(mp[1]);
        continue;
      }
      if (section === "af6" && mp) {
        out.maximumPathsIbgp6 = Number(mp[1]);
        continue;
      }
      const n = /^(no )?neighbor (\S+) (.+)$/.exec(body);
      if (!n) continue;
      const p = peer(n[2]);
      const rest = n[3];
      if (section === "bgp" && rest === "peer-group") {
        p.isGroup = true;
        continue;
      }
      const member = /^peer-group (\S+)$/.exec(rest);
      if (section === "bgp" && member) {
        p.memberOf = member[1];
        continue;
      }
      const [key, value] = frrSettingKey(rest);
      const into = section === "af" ? p.af : section === "af6" ? (p.af6 ??= {}) : p.settings;
      into[key] = n[1] ? "no" : value;
    }
  }
  return out;
}

/** `show bgp summary json` (FRR 8.4): neighbor address -> state (`Established`, `Active`, `Idle (Admin)`, ...). */
export function parseFrrSummaryJson(text: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("show bgp summary json did not print JSON");
  }
  const states: Record<string, string> = {};
  if (typeof doc !== "object" || doc === null) return states;
  for (const af of Object.values(doc as Record<string, unknown>)) {
    const peers = (af as { peers?: Record<string, { state?: unknown }> } | null)?.peers;
    if (typeof peers !== "object" || peers === null) continue;
    for (const [address, p] of Object.entries(peers))
      if (typeof p?.state === "string") states[address] = p.state;
  }
  return states;
}

/**
 * `show ip route <pool> longer-prefixes json` (FRR 8.4): prefix -> the next hops the switch forwards it with (the
 * selected route's active next hops, sorted). A prefix with no selected route is absent.
 */
export function parseFrrRoutesJson(text: string): Record<string, string[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("show ip route json did not print JSON");
  }
  const out: Record<string, string[]> = {};
  if (typeof doc !== "object" || doc === null) return out;
  for (const [prefix, routes] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(routes)) continue;
    for (const r of routes as { selected?: unknown; nexthops?: unknown }[]) {
      if (r?.selected !== true || !Array.isArray(r.nexthops)) continue;
      const hops = (r.nexthops as { ip?: unknown; active?: unknown }[])
        .filter((h) => h?.active === true && typeof h.ip === "string")
        .map((h) => h.ip as string);
      out[prefix] = [...new Set([...(out[prefix] ?? []), ...hops])].sort();
    }
  }
  return out;
}
