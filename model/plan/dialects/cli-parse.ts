// Reads the `show running-config` of an EOS or NX-OS switch back into the structure frr-parse.ts produces (issue 11,
// drift and status), so one comparison serves every dialect. Pure. Written from the form our own renderers emit
// (eos.ts, nxos.ts: "lines are rendered in the form show running-config prints") and the vendors' documented
// running-config layout; not yet checked against a device (docs/dialects.md). Passwords: set or not, never the value.
import { frrSettingKey, type FrrPeer, type FrrRunning } from "./frr-parse";

/** Leading spaces of a line. */
const depth = (line: string) => line.length - line.trimStart().length;

interface Block {
  line: string;
  children: Block[];
}

/** The config as a tree by indentation (`!` separators and blank lines dropped). */
function tree(text: string): Block[] {
  const root: Block[] = [];
  const stack: { d: number; children: Block[] }[] = [{ d: -1, children: root }];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    const body = line.trim();
    if (body === "" || body.startsWith("!")) continue;
    const d = depth(line);
    while (stack.length > 1 && stack[stack.length - 1].d >= d) stack.pop();
    const b: Block = { line, children: [] };
    stack[stack.length - 1].children.push(b);
    stack.push({ d, children: b.children });
  }
  return root;
}

/** Every line of a block and its descendants, as printed (indentation kept). */
const flatten = (b: Block): string[] => [b.line, ...b.children.flatMap(flatten)];

function policy(top: Block[], out: FrrRunning): void {
  for (const b of top) {
    const pl = /^ip(?:v6)? prefix-list (\S+)(?: (.*))?$/.exec(b.line);
    if (pl) {
      (out.prefixLists[pl[1]] ??= []).push(...flatten(b));
      continue;
    }
    const rm = /^route-map (\S+) (permit|deny) (\d+)$/.exec(b.line);
    if (rm) (out.routeMaps[rm[1]] ??= []).push(...flatten(b));
  }
}

/** The default VRF's `router bgp N` block: the first one (a `router bgp N vrf X` is someone else's). */
function routerBgp(top: Block[], out: FrrRunning): Block | undefined {
  const b = top.find((x) => /^router bgp \d+$/.test(x.line));
  if (b) out.asn = Number(b.line.split(" ")[2]);
  return b;
}

function setting(target: Record<string, string>, rest: string, negated: boolean): void {
  const [key, value] = frrSettingKey(rest);
  // `no ... password` is no password: absent, as the plan states it.
  if (negated && key === "password") return;
  target[key] = negated ? "no" : value;
}

/**
 * EOS: `neighbor PG peer group` (EOS 4.23+; `peer-group` before), `neighbor A peer group PG`, settings as
 * `neighbor X <setting>`, `maximum-paths N ecmp M`, `address-family ipv4` with `neighbor X activate` and
 * `neighbor X additional-paths receive`; prefix lists as `ip prefix-list N` blocks of `seq` lines. Dual-stack zones:
 * `address-family ipv6` (the IPv6 groups' `activate`), `ipv6 prefix-list N` blocks.
 */
export function parseEosRunningConfig(text: string): FrrRunning {
  const out: FrrRunning = { peers: {}, prefixLists: {}, routeMaps: {} };
  const top = tree(text);
  policy(top, out);
  const bgp = routerBgp(top, out);
  if (!bgp) return out;
  const peer = (name: string): FrrPeer =>
    (out.peers[name] ??= { isGroup: false, settings: {}, af: {} });
  const neighbor = (line: string, af: "af" | "af6" | undefined) => {
    const n = /^(no )?neighbor (\S+) (.+)$/.exec(line.trim());
    if (!n) return;
    const p = peer(n[2]);
    if (!af && /^peer[ -]group$/.test(n[3])) {
      p.isGroup = true;
      return;
    }
    const member = /^peer[ -]group (\S+)$/.exec(n[3]);
    if (!af && member) {
      p.memberOf = member[1];
      return;
    }
    setting(
      af === "af" ? p.af : af === "af6" ? (p.af6 ??= {}) : p.settings,
      n[3],
      n[1] !== undefined,
    );
  };
  for (const b of bgp.children) {
    const body = b.line.trim();
    const mp = /^maximum-paths (\d+)(?: ecmp \d+)?$/.exec(body);
    if (mp) out.maximumPathsIbgp = Number(mp[1]);
    else if (body === "address-family ipv4" || body === "address-family ipv4 unicast")
      for (const c of b.children) neighbor(c.line, "af");
    // EOS has no per-family maximum-paths: the instance's one above covers IPv6 too.
    else if (body === "address-family ipv6" || body === "address-family ipv6 unicast")
      for (const c of b.children) neighbor(c.line, "af6");
    else if (body.startsWith("neighbor ") || body.startsWith("no neighbor "))
      neighbor(body, undefined);
    // `vrf X`, other address families and the rest: not ours to read.
  }
  return out;
}

/**
 * NX-OS `maximum-prefix N 75 ...` is the default threshold spelled out; read as FRR prints it (without it), so a
 * switch that prints the default is not drift (policy-lines.ts `maximumPrefixArgs`).
 */
function nxosMaximumPrefix(line: string): string {
  return line.replace(/^(maximum-prefix \d+) 75(?= |$)/, "$1");
}

/**
 * NX-OS: `template peer PG` blocks (settings one level in, `address-family ipv4 unicast` settings two), `neighbor A`
 * blocks with `inherit peer PG`, `maximum-paths ibgp N` in the router's `address-family ipv4 unicast`; prefix lists
 * as flat `ip prefix-list N ...` lines. A password reads `password 3 <hash>`: kept as set. Dual-stack zones: the
 * same with `address-family ipv6 unicast` (the IPv6 templates' settings, the instance's IPv6 `maximum-paths ibgp`)
 * and `ipv6 prefix-list N ...` lines.
 */
export function parseNxosRunningConfig(text: string): FrrRunning {
  const out: FrrRunning = { peers: {}, prefixLists: {}, routeMaps: {} };
  const top = tree(text);
  policy(top, out);
  const bgp = routerBgp(top, out);
  if (!bgp) return out;
  const peerBlock = (b: Block, p: FrrPeer) => {
    for (const c of b.children) {
      const body = c.line.trim();
      if (body === "address-family ipv4 unicast" || body === "address-family ipv6 unicast") {
        const into = body === "address-family ipv4 unicast" ? p.af : (p.af6 ??= {});
        for (const a of c.children)
          setting(
            into,
            nxosMaximumPrefix(a.line.trim().replace(/^no /, "")),
            a.line.trim().startsWith("no "),
          );
        continue;
      }
      if (body.startsWith("address-family ")) continue;
      const inherit = /^inherit peer (\S+)$/.exec(body);
      if (inherit) {
        p.memberOf = inherit[1];
        continue;
      }
      const negated = body.startsWith("no ");
      setting(p.settings, negated ? body.slice(3) : body, negated);
    }
  };
  for (const b of bgp.children) {
    const body = b.line.trim();
    if (body === "address-family ipv4 unicast" || body === "address-family ipv6 unicast") {
      for (const c of b.children) {
        const mp = /^maximum-paths ibgp (\d+)$/.exec(c.line.trim());
        if (!mp) continue;
        if (body === "address-family ipv4 unicast") out.maximumPathsIbgp = Number(mp[1]);
        else out.maximumPathsIbgp6 = Number(mp[1]);
      }
      continue;
    }
    const t = /^template peer (\S+)$/.exec(body);
    if (t) {
      const p: FrrPeer = (out.peers[t[1]] ??= { isGroup: true, settings: {}, af: {} });
      p.isGroup = true;
      peerBlock(b, p);
      continue;
    }
    // `neighbor A` or `neighbor A remote-as N` (a neighbor configured inline, e.g. the transport's).
    const n = /^neighbor (\S+)(?: (.+))?$/.exec(body);
    if (n) {
      const p: FrrPeer = (out.peers[n[1]] ??= { isGroup: false, settings: {}, af: {} });
      if (n[2] !== undefined) setting(p.settings, n[2], false);
      peerBlock(b, p);
    }
  }
  return out;
}
