// A stand-in for FRR's running config, for running the FRR scripts in sh: it applies a vtysh transaction (the `-c`
// lines of `configure terminal` ... `end`) to a running config and prints it back in `show running-config` form.
// It models only what the bgp-fabric scripts send, as FRR 8.4 documents and prints it (docs/testing.md lists it):
// lines are kept in the order entered, a repeated attribute replaces the old one, `no neighbor G peer-group` removes
// the group with all its settings in every address family, `no neighbor G activate` under ipv4 unicast is printed
// as such (FRR activates ipv4 unicast by default), an address family without lines is not printed, and `no
// route-map M` / `no ipv6 prefix-list L` remove every entry. Any other line is refused: it is not a model of FRR.

interface Config {
  lists: string[];
  maps: { head: string; body: string[] }[];
  asn: number;
  bgp: string[];
  af: Record<"ipv4" | "ipv6", string[]>;
}

export function parseRunning(text: string): Config {
  const c: Config = { lists: [], maps: [], asn: 0, bgp: [], af: { ipv4: [], ipv6: [] } };
  let ctx: "top" | "map" | "bgp" | "ipv4" | "ipv6" = "top";
  for (const line of text.split("\n")) {
    const l = line.trim();
    if (l === "" || l === "!") continue;
    if (ctx === "top") {
      if (/^(ip|ipv6) prefix-list /.test(l)) c.lists.push(l);
      else if (l.startsWith("route-map ")) {
        c.maps.push({ head: l, body: [] });
        ctx = "map";
      } else if (l.startsWith("router bgp ")) {
        c.asn = Number(l.split(" ")[2]);
        ctx = "bgp";
      }
    } else if (ctx === "map") {
      if (l === "exit") ctx = "top";
      else c.maps.at(-1)!.body.push(l);
    } else if (ctx === "bgp") {
      if (l === "exit") ctx = "top";
      else if (/^address-family (ipv4|ipv6) unicast$/.test(l)) ctx = l.split(" ")[1] as "ipv4";
      else c.bgp.push(l);
    } else if (l === "exit-address-family") ctx = "bgp";
    else c.af[ctx].push(l);
  }
  return c;
}

export function printRunning(c: Config): string {
  const af = (f: "ipv4" | "ipv6") =>
    c.af[f].length === 0
      ? []
      : [
          " !",
          ` address-family ${f} unicast`,
          ...c.af[f].map((l) => `  ${l}`),
          " exit-address-family",
        ];
  return [
    "frr version 8.4",
    "frr defaults traditional",
    "!",
    ...c.lists,
    "!",
    ...c.maps.flatMap((m) => [m.head, ...m.body.map((l) => ` ${l}`), "exit", "!"]),
    `router bgp ${c.asn}`,
    ...c.bgp.map((l) => ` ${l}`),
    ...af("ipv4"),
    ...af("ipv6"),
    "exit",
    "!",
    "end",
    "",
  ].join("\n");
}

/** `lines` with the line starting with `key` (or matching it) replaced by `line` in place, or `line` appended. */
function set(lines: string[], key: string | RegExp, line: string): void {
  const i = lines.findIndex((l) => (typeof key === "string" ? l.startsWith(key) : key.test(l)));
  if (i >= 0) lines[i] = line;
  else lines.push(line);
}

/** Applies one transaction to `text` (the running config); throws on a line the stand-in does not model. */
export function applyTransaction(text: string, tx: string[]): string {
  const c = parseRunning(text);
  let ctx: "top" | "map" | "bgp" | "ipv4" | "ipv6" = "top";
  let map: { head: string; body: string[] } | undefined;
  for (const l of tx) {
    let m: RegExpExecArray | null;
    if (l === "configure terminal") continue;
    if (l === "end") {
      ctx = "top";
      continue;
    }
    if (
      ctx === "map" &&
      !/^(route-map|no route-map|ip prefix-list|ipv6 prefix-list|router bgp) /.test(l)
    ) {
      if (l === "exit") ctx = "top";
      // One line per clause: `description`, `match ipv6 address prefix-list`, `set metric`, ...
      else
        set(
          map!.body,
          l.startsWith("description ") ? "description " : `${l.split(" ").slice(0, -1).join(" ")} `,
          l,
        );
      continue;
    }
    if (ctx === "top" || ctx === "map") {
      ctx = "top";
      if ((m = /^(ip|ipv6) prefix-list (\S+) (description|seq \d+) /.exec(l)))
        set(c.lists, `${m[1]} prefix-list ${m[2]} ${m[3]} `, l);
      else if ((m = /^no (ip|ipv6) prefix-list (\S+)$/.exec(l)))
        c.lists = c.lists.filter((x) => !x.startsWith(`${m![1]} prefix-list ${m![2]} `));
      else if ((m = /^no (ip|ipv6) prefix-list (\S+) seq (\d+)$/.exec(l)))
        c.lists = c.lists.filter(
          (x) => !x.startsWith(`${m![1]} prefix-list ${m![2]} seq ${m![3]} `),
        );
      else if ((m = /^route-map (\S+) (permit|deny) (\d+)$/.exec(l))) {
        map = c.maps.find(
          (x) => x.head.startsWith(`route-map ${m![1]} `) && x.head.endsWith(` ${m![3]}`),
        );
        if (map) map.head = l;
        else c.maps.push((map = { head: l, body: [] }));
        ctx = "map";
      } else if ((m = /^no route-map (\S+)$/.exec(l)))
        c.maps = c.maps.filter((x) => !x.head.startsWith(`route-map ${m![1]} `));
      else if ((m = /^no route-map (\S+) (permit|deny) (\d+)$/.exec(l)))
        c.maps = c.maps.filter((x) => x.head !== `route-map ${m![1]} ${m![2]} ${m![3]}`);
      else if ((m = /^router bgp (\d+)$/.exec(l)) && Number(m[1]) === c.asn) ctx = "bgp";
      else throw new Error(`stand-in: unmodelled line at top level: ${l}`);
    } else if (ctx === "bgp") {
      if (l === "exit") ctx = "top";
      else if ((m = /^address-family (ipv4|ipv6) unicast$/.exec(l))) ctx = m[1] as "ipv4";
      else if ((m = /^no neighbor (\S+) peer-group$/.exec(l))) {
        const mine = (x: string) =>
          x.startsWith(`neighbor ${m![1]} `) || x.startsWith(`no neighbor ${m![1]} `);
        c.bgp = c.bgp.filter((x) => !mine(x));
        for (const f of ["ipv4", "ipv6"] as const) c.af[f] = c.af[f].filter((x) => !mine(x));
      } else if ((m = /^no neighbor (\S+) password$/.exec(l)))
        c.bgp = c.bgp.filter((x) => !x.startsWith(`neighbor ${m![1]} password `));
      else if ((m = /^neighbor (\S+) peer-group$/.exec(l))) set(c.bgp, l, l);
      else if (
        (m = /^neighbor (\S+) (description|remote-as|update-source|timers connect|timers) /.exec(l))
      )
        set(c.bgp, `neighbor ${m[1]} ${m[2]} `, l);
      else throw new Error(`stand-in: unmodelled line under router bgp: ${l}`);
    } else {
      const af = c.af[ctx];
      if (l === "exit-address-family") ctx = "bgp";
      else if (/^maximum-paths ibgp \d+$/.test(l)) set(af, "maximum-paths ibgp ", l);
      else if (l === "no maximum-paths ibgp")
        c.af[ctx] = af.filter((x) => !x.startsWith("maximum-paths ibgp "));
      else if ((m = /^(no )?neighbor (\S+) activate$/.exec(l))) {
        // ipv4 unicast is on by default (printed only when off); ipv6 unicast only when activated.
        const shown = (ctx === "ipv4") === (m[1] !== undefined);
        const i = af.findIndex(
          (x) => x === `neighbor ${m![2]} activate` || x === `no neighbor ${m![2]} activate`,
        );
        if (i >= 0) af.splice(i, 1, ...(shown ? [l] : []));
        else if (shown) af.push(l);
      } else if ((m = /^neighbor (\S+) route-map \S+ (in|out)$/.exec(l)))
        set(af, new RegExp(`^neighbor ${m[1]} route-map \\S+ ${m[2]}$`), l);
      else if ((m = /^neighbor (\S+) (next-hop-self|maximum-prefix)/.exec(l)))
        set(af, `neighbor ${m[1]} ${m[2]}`, l);
      else throw new Error(`stand-in: unmodelled line under address-family ${ctx}: ${l}`);
    }
  }
  return printRunning(c);
}
