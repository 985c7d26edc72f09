// Route security and ownership on real FRR 8.4, BIRD 2 and OpenSSH: hostile announcements never reach a switch's
// FIB; operator-owned config is refused and left byte-identical; a pre-existing maximum-paths (IPv4, or IPv6 alone)
// survives; parallel runs on one switch do not race; a failed transaction is rolled back and nothing is saved. Each
// drill prints its figure and restores the lab.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderBird } from "../../lab/calico-bird";
import { Lab } from "../../lab/lab";
import { hostDir, reconfigureBird } from "../../lab/node-host";
import { nexthops } from "../../lab/observe";
import { seconds } from "../../lab/probes";
import { runAll, ssh } from "../../lab/remote-command";
import { sleep } from "../../lab/sh";
import { runningConfig, vtysh } from "../../lab/switch-frr";
import type { LabSwitch } from "../../lab/topology";
import { buildPlan } from "../../model/plan/plan";
import { SECRET_PLACEHOLDER } from "../../model/spec/secrets";
import { parseSpec } from "../../model/spec/spec";
import { readStackFile } from "../../model/spec/stack-file";
import type { SwitchCommand } from "../../model/core/types";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const figure = (line: string) => console.log(`      > ${line}`);

describe("lab route security and ownership (real FRR 8.4, BIRD 2, OpenSSH)", function () {
  let lab: Lab;
  const cfg = (sw: LabSwitch) => runningConfig(lab.state, sw);
  /** The saved config (what a restart loads) in `show running-config` form, for comparison. */
  const saved = (sw: LabSwitch) =>
    readFileSync(join(RUN_DIR, "hosts", sw.ns, "etc/frr.conf"), "utf8");
  const normal = (c: string) =>
    c
      .split("\n")
      .filter(
        (l) =>
          !/^(Building configuration\.\.\.|Current configuration:|hostname vm|end)$/.test(l) &&
          l !== "",
      )
      .join("\n")
      .replace(/^!\n/, "");
  const run = (sw: LabSwitch, c: SwitchCommand, phase: "create" | "delete") =>
    ssh(lab.ssh, sw.plan, c[phase], phase === "create" ? c.stdin : undefined);
  const base = (sw: LabSwitch) => sw.plan.commands.find((c) => c.kind === "base")!;
  const neighbors = (sw: LabSwitch) => sw.plan.commands.slice(1);
  /** Removes every command of the switch (reverse order), leaving its pre-plan config. */
  const clear = async (sw: LabSwitch) => {
    await runAll(lab.ssh, [sw.plan], "delete");
    assert.equal(
      cfg(sw),
      readFileSync(join(RUN_DIR, "hosts", sw.ns, "pre-plan.conf"), "utf8"),
      `${sw.ns}: not back at its pre-plan config`,
    );
  };
  const restore = async (sw: LabSwitch) => {
    await runAll(lab.ssh, [sw.plan], "create");
    await lab.waitConverged(90_000);
  };

  before(async function () {
    this.timeout(180_000);
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => console.log(`      ${l}`),
    });
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("drill: a node announcing 0.0.0.0/0, another zone's pod block and node subnet and a /32 outside the pools reaches no switch's FIB", async function () {
    this.timeout(120_000);
    const [zone, other] = lab.plan.zones;
    const node = lab.bgp.find((b) => b.node.zone === zone.name && b.serviceRoutes.length > 0)!;
    const master = lab.bgp.find((b) => b.node.name === zone.reflectors[0].name)!;
    const otherBlock = lab.bgp.find((b) => b.node.zone === other.name)!.blocks[0];
    const hostile = ["0.0.0.0/0", otherBlock, other.nodeCidr, "198.18.0.1/32"];
    const liars = [node, master];
    for (const b of liars)
      lab.reconfigureNode(b.node.name, { ...b, serviceRoutes: [...b.serviceRoutes, ...hostile] });
    try {
      await sleep(8000);
      const leaked: string[] = [];
      for (const s of lab.topo.switches)
        for (const p of hostile) {
          const via = nexthops(s.ns, p).filter((h) => liars.some((b) => b.node.address === h));
          if (via.length > 0) leaked.push(`${s.ns} ${p} via ${via.join(",")}`);
        }
      assert.deepEqual(leaked, []);
      // What the switch holds for each prefix, for the figure: never a path from a node.
      const table = (s: LabSwitch, p: string) =>
        (
          JSON.parse(vtysh(lab.state, s, [`show bgp ipv4 unicast ${p} json`]) || "{}") as {
            paths?: { nexthops?: { ip: string }[] }[];
          }
        ).paths ?? [];
      for (const s of lab.topo.switches)
        for (const p of hostile)
          assert.ok(
            table(s, p).every((x) => !liars.some((b) => x.nexthops?.[0]?.ip === b.node.address)),
            `${s.ns} holds a node's path for ${p}`,
          );
      const rcvd = lab.topo.switches
        .filter((s) => s.zone === zone.name)
        .map((s) => {
          const sum = JSON.parse(vtysh(lab.state, s, ["show bgp ipv4 unicast summary json"])) as {
            peers: Record<string, { pfxRcd: number }>;
          };
          return `${s.ns} accepts ${sum.peers[node.node.address].pfxRcd} from ${node.node.name}, ${sum.peers[master.node.address].pfxRcd} from ${master.node.name}`;
        });
      figure(
        `${node.node.name} and ${master.node.name} announce ${hostile.join(", ")}: 0 of ${hostile.length * lab.topo.switches.length} (prefix, switch) pairs routed via a node; ${rcvd.join("; ")}`,
      );
    } finally {
      for (const b of liars) lab.reconfigureNode(b.node.name, b);
    }
    await lab.waitConverged(90_000);
  });

  it("drill: a node announcing an allowed /32 with a foreign next hop is refused by its zone's switches and counted (the same /32 with its own next hop is accepted)", async function () {
    this.timeout(120_000);
    const [zone, other] = lab.plan.zones;
    const node = lab.bgp.find((b) => b.node.zone === zone.name && b.node.role === "ingress")!;
    // A real node of another zone: the next hop a misconfigured or hostile node would hand out.
    const foreign = lab.bgp.find((b) => b.node.zone === other.name)!.node.address;
    // A pool /32 no node serves: the prefix list allows it, so only the next hop decides.
    const served = new Set(lab.bgp.flatMap((b) => b.serviceRoutes));
    const [net, len] = lab.plan.loadBalancerPools[0].cidr.split("/");
    const base = net.split(".").map(Number);
    const probe = Array.from({ length: 2 ** (32 - Number(len)) }, (_, i) => i)
      .reverse()
      .map((i) => `${base.slice(0, 3).join(".")}.${base[3] + i}/32`)
      .find((p) => !served.has(p))!;
    const switches = lab.topo.switches.filter((s) => s.zone === zone.name);
    const address = node.node.address;
    const read = (s: LabSwitch) => {
      const nb = JSON.parse(vtysh(lab.state, s, [`show bgp neighbors ${address} json`]))[
        address
      ] as {
        messageStats: { updatesRecv: number };
        addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: number } };
      };
      const paths =
        (
          JSON.parse(vtysh(lab.state, s, [`show bgp ipv4 unicast ${probe} json`]) || "{}") as {
            paths?: { nexthops?: { ip: string }[] }[];
          }
        ).paths ?? [];
      return {
        updates: nb.messageStats.updatesRecv,
        accepted: nb.addressFamilyInfo.ipv4Unicast.acceptedPrefixCounter,
        hops: paths.map((x) => x.nexthops?.[0]?.ip ?? "?").sort(),
        fib: nexthops(s.ns, probe),
      };
    };
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 40 && !ok(); i++) await sleep(500);
      assert.ok(ok(), what);
    };
    /** The node's BIRD config with the probe announced, its next hop rewritten in every export filter when asked. */
    const announce = (nextHop?: string) => {
      const dir = hostDir(RUN_DIR, lab.node(node.node.name).ns);
      let conf = renderBird(
        { ...node, serviceRoutes: [...node.serviceRoutes, probe] },
        join(dir, "bird.log"),
      );
      if (nextHop !== undefined)
        conf = conf.replace(
          /\n( +)(calico_export_to_bgp_peers\()/g,
          `\n$1if net = ${probe} then bgp_next_hop = ${nextHop};\n$1$2`,
        );
      // `birdc configure` reloads the file BIRD started with: the node's bird.conf (restored in `finally`).
      const file = join(dir, "bird.conf");
      writeFileSync(file, conf, { mode: 0o600 });
      reconfigureBird(lab.state, lab.node(node.node.name).ns, file);
    };
    try {
      const before = switches.map(read);
      // Control: with the node's own next hop the /32 is accepted, counted and routed.
      announce();
      await until("the probe with the node's own next hop is not accepted", () =>
        switches.every((s) => read(s).hops.includes(address)),
      );
      const own = switches.map(read);
      own.forEach((r, i) => {
        assert.equal(r.accepted, before[i].accepted + 1, `${switches[i].ns} did not count it`);
        assert.deepEqual(r.fib.includes(address), true, `${switches[i].ns} does not route it`);
      });
      // The same /32 with a foreign next hop: received (an UPDATE), refused, no longer counted or routed.
      announce(foreign);
      await until("the probe with a foreign next hop is still accepted", () =>
        switches.every((s) => read(s).hops.length === 0),
      );
      const refused = switches.map(read);
      refused.forEach((r, i) => {
        assert.ok(r.updates > own[i].updates, `${switches[i].ns} received no UPDATE`);
        assert.equal(r.accepted, before[i].accepted, `${switches[i].ns} counts the refused route`);
        assert.deepEqual(r.hops, [], `${switches[i].ns} holds a path for ${probe}`);
        assert.deepEqual(r.fib, [], `${switches[i].ns} routes ${probe}`);
      });
      figure(
        `${node.node.name} announces ${probe}: via itself accepted by ${switches.length}/${switches.length} switches (accepted prefixes ${before.map((r) => r.accepted).join("/")} -> ${own.map((r) => r.accepted).join("/")}); via ${foreign} (${other.name}) refused by ${switches.length}/${switches.length}: ${refused.map((r, i) => `${switches[i].ns} +${r.updates - own[i].updates} UPDATE, accepted ${r.accepted}, 0 paths, not in FIB`).join("; ")}`,
      );
    } finally {
      lab.reconfigureNode(node.node.name, node);
    }
    await lab.waitConverged(90_000);
  });

  it("drill: operator-owned config (neighbor at a planned address, same-named peer group, a foreign group member) is refused and left byte-identical", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[lab.topo.switches.length - 1];
    await clear(sw);
    const asn = sw.asn;
    const [firstNeighbor] = neighbors(sw);
    const address = sw.plan.neighbors[0].address;
    try {
      // 1. A neighbor of the operator's at an address the plan wants.
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        `neighbor ${address} remote-as ${asn}`,
        `neighbor ${address} description ops own session`,
        `neighbor ${address} password ops-secret`,
        "end",
      ]);
      const r0 = await run(sw, base(sw), "create");
      assert.equal(r0.code, 0, r0.stderr);
      const s1 = cfg(sw);
      const r1 = await run(sw, firstNeighbor, "create");
      assert.notEqual(r1.code, 0);
      assert.equal(
        r1.stderr.trim(),
        `bgp-fabric: ${sw.zone}/${sw.name} - neighbor ${address} exists without the bgp-fabric marker so it is not ours - nothing changed`,
      );
      assert.equal(cfg(sw), s1, "the refused neighbor command changed the config");
      const r1d = await run(sw, firstNeighbor, "delete");
      assert.equal(r1d.code, 0);
      assert.equal(cfg(sw), s1, "delete touched the operator's neighbor");
      figure(
        `neighbor ${address} of the operator: create refused (exit ${r1.code}), delete left it; running config byte-identical`,
      );
      await runAll(lab.ssh, [sw.plan], "delete", (c) => c.kind === "base");
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        `no neighbor ${address}`,
        "end",
      ]);

      // 2. The operator's own peer group named like ours, with members, password, timers and rr-client.
      const group = sw.plan.peerGroups[0].name;
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        `neighbor ${group} peer-group`,
        `neighbor ${group} remote-as internal`,
        `neighbor ${group} password ops-secret`,
        `neighbor ${group} timers 10 30`,
        `neighbor 10.255.255.9 peer-group ${group}`,
        "address-family ipv4 unicast",
        `neighbor ${group} route-reflector-client`,
        "end",
      ]);
      const s2 = cfg(sw);
      const r2 = await run(sw, base(sw), "create");
      assert.notEqual(r2.code, 0);
      assert.equal(
        r2.stderr.trim(),
        `bgp-fabric: ${sw.zone}/${sw.name} - peer-group ${group} exists without the bgp-fabric marker so it is not ours - nothing changed`,
      );
      const r2n = await run(sw, firstNeighbor, "create");
      assert.notEqual(r2n.code, 0);
      const r2d = await run(sw, base(sw), "delete");
      assert.equal(r2d.code, 0);
      assert.equal(cfg(sw), s2, "the operator's peer group changed");
      figure(
        `peer-group ${group} of the operator: base create refused, neighbor create refused, delete left it; byte-identical`,
      );
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        "no neighbor 10.255.255.9",
        `no neighbor ${group} peer-group`,
        "end",
      ]);

      // 3. An operator's neighbor inside our peer group: deleting the group refuses.
      assert.equal((await run(sw, base(sw), "create")).code, 0);
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        `neighbor 10.255.255.9 peer-group ${group}`,
        "end",
      ]);
      const s3 = cfg(sw);
      const r3 = await run(sw, base(sw), "delete");
      assert.notEqual(r3.code, 0);
      assert.equal(
        r3.stderr.trim(),
        `bgp-fabric: ${sw.zone}/${sw.name} - peer-group ${group} has a neighbor that is not ours: 10.255.255.9 - nothing changed`,
      );
      assert.equal(cfg(sw), s3);
      figure(
        `peer-group ${group} with the operator's member 10.255.255.9: delete refused; byte-identical`,
      );
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${asn}`,
        "no neighbor 10.255.255.9",
        "end",
      ]);
      assert.equal((await run(sw, base(sw), "delete")).code, 0);
    } finally {
      await restore(sw);
    }
  });

  it("drill: a pre-existing maximum-paths ibgp 4 survives create + delete", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[0];
    await clear(sw);
    try {
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${sw.asn}`,
        "address-family ipv4 unicast",
        "maximum-paths ibgp 4",
        "end",
      ]);
      const before = cfg(sw);
      await runAll(lab.ssh, [sw.plan], "create");
      const applied = cfg(sw);
      assert.match(applied, new RegExp(`\n  maximum-paths ibgp ${sw.plan.maximumPaths}\n`));
      assert.match(applied, / restore-maximum-paths-ibgp 4\n/);
      await runAll(lab.ssh, [sw.plan], "create");
      assert.equal(cfg(sw), applied, "re-running create changed the config");
      await runAll(lab.ssh, [sw.plan], "delete");
      assert.equal(cfg(sw), before);
      assert.equal(
        normal(saved(sw)),
        normal(before),
        "the saved config differs from the running one",
      );
      figure(
        `maximum-paths ibgp 4 before; ${sw.plan.maximumPaths} while applied (recorded as restore-maximum-paths-ibgp 4 in the ${sw.plan.peerGroups[0].name} description); 4 again after delete, running and saved config byte-identical to before`,
      );
      vtysh(lab.state, sw, [
        "configure terminal",
        `router bgp ${sw.asn}`,
        "address-family ipv4 unicast",
        "no maximum-paths ibgp",
        "end",
      ]);
    } finally {
      await restore(sw);
    }
  });

  it("drill: an IPv6-family maximum-paths ibgp 8 alone survives the IPv4 base's create + delete, nothing written under ipv4", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[0];
    const ipv6Mp = (line: string) => [
      "configure terminal",
      `router bgp ${sw.asn}`,
      "address-family ipv6 unicast",
      line,
      "end",
    ];
    /** The lines of a family's block of the instance (the lab's ipv4 block has the transport's lines). */
    const block = (c: string, family: "ipv4" | "ipv6") =>
      (c.split(`\n address-family ${family} unicast\n`)[1] ?? "").split(
        "\n exit-address-family\n",
      )[0];
    await clear(sw);
    try {
      vtysh(lab.state, sw, ipv6Mp("maximum-paths ibgp 8"));
      const before = cfg(sw);
      assert.equal(block(before, "ipv6"), "  maximum-paths ibgp 8");
      assert.doesNotMatch(block(before, "ipv4"), /maximum-paths ibgp/);
      await runAll(lab.ssh, [sw.plan], "create");
      const applied = cfg(sw);
      // The IPv4 base read its own family (none there), not the IPv6 one, and left the IPv6 value alone.
      assert.match(applied, / restore-maximum-paths-ibgp none\n/);
      assert.match(
        block(applied, "ipv4"),
        new RegExp(`(^|\n)  maximum-paths ibgp ${sw.plan.maximumPaths}(\n|$)`),
      );
      assert.equal(block(applied, "ipv6"), "  maximum-paths ibgp 8");
      await runAll(lab.ssh, [sw.plan], "create");
      assert.equal(cfg(sw), applied, "re-running create changed the config");
      await runAll(lab.ssh, [sw.plan], "delete");
      const after = cfg(sw);
      assert.doesNotMatch(block(after, "ipv4"), /maximum-paths ibgp/, "a line written under ipv4");
      assert.equal(after, before);
      assert.equal(
        normal(saved(sw)),
        normal(before),
        "the saved config differs from the running one",
      );
      figure(
        `ipv6 maximum-paths ibgp 8 only before; the IPv4 base recorded restore-maximum-paths-ibgp none and set ipv4 ${sw.plan.maximumPaths}, ipv6 8 untouched; after delete no ipv4 maximum-paths, running and saved config byte-identical to before`,
      );
    } finally {
      vtysh(lab.state, sw, ipv6Mp("no maximum-paths ibgp"));
      await restore(sw);
    }
  });

  it("drill: parallel command runs on one switch serialize on its lock and converge to the sequential result", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[1];
    const applied = cfg(sw);
    await clear(sw);
    try {
      const t0 = Date.now();
      // Everything at once: the base and every neighbor, plus a second copy of each (8+ sessions on one switch).
      const cmds = [...sw.plan.commands, ...sw.plan.commands];
      const results = await Promise.all(cmds.map((c) => run(sw, c, "create")));
      const took = Date.now() - t0;
      const failed = results.filter((r) => r.code !== 0);
      // A neighbor that ran before the base refuses cleanly ("apply the base command first"); nothing else fails.
      for (const r of failed)
        assert.match(r.stderr, /has no peer-group \S+ of ours - apply the base command first/);
      await runAll(lab.ssh, [sw.plan], "create");
      assert.equal(cfg(sw), applied, "parallel runs left a config other than the sequential one");
      assert.equal(
        normal(saved(sw)),
        normal(cfg(sw)),
        "the saved config differs from the running one",
      );
      const conc = await Promise.all(sw.plan.commands.map((c) => run(sw, c, "create")));
      assert.deepEqual(
        conc.map((r) => r.code),
        sw.plan.commands.map(() => 0),
      );
      assert.equal(cfg(sw), applied);
      figure(
        `${cmds.length} create sessions at once on ${sw.ns} in ${seconds(took)}: ${cmds.length - failed.length} applied, ${failed.length} refused cleanly (neighbor before base); then ${conc.length} concurrent re-runs all exit 0; running == sequential result == saved config`,
      );
    } finally {
      await restore(sw);
    }
  });

  it("drill: a transaction that fails halfway is rolled back and nothing is saved", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[2];
    await clear(sw);
    try {
      const before = cfg(sw);
      const savedBefore = saved(sw);
      // The last peer-group line of the transaction fails (an out-of-range maximum-prefix), after the prefix lists,
      // route maps and peer groups were already added.
      const b = base(sw);
      const broken = b.create.replace(
        /maximum-prefix \d+((?: \d+)? restart \d+'(?: -c 'exit-address-family'))/,
        "maximum-prefix 0$1",
      );
      assert.notEqual(broken, b.create);
      const r = await ssh(lab.ssh, sw.plan, broken, b.stdin);
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /did not apply completely .* rolled back what this run added and saved nothing/,
      );
      assert.equal(cfg(sw), before, "the failed transaction left part of the stanza");
      assert.equal(saved(sw), savedBefore, "a failed transaction saved the config");
      figure(
        `base create failing at its last line (exit ${r.code}, vtysh: ${r.stdout.trim()}): running config byte-identical to before, frr.conf untouched`,
      );
    } finally {
      await restore(sw);
    }
  });

  it("drill: the password goes in on stdin, and a failing password line echoes no secret and is rolled back", async function () {
    this.timeout(240_000);
    const sw = lab.topo.switches[3];
    // The same stack with a BGP password for this zone: its base command reads the password lines on stdin.
    const raw = readStackFile(STACK) as Record<string, unknown>;
    const { spec, warnings } = parseSpec(
      { ...raw, bgpPasswords: { [sw.zone]: { secure: "unused" } } },
      { requireSecrets: false },
    );
    const plan = buildPlan(spec, warnings).switches.find(
      (s) => s.zone === sw.zone && s.name === sw.name,
    )!;
    const b = plan.commands.find((c) => c.kind === "base")!;
    assert.ok(b.stdin?.includes(SECRET_PLACEHOLDER));
    await clear(sw);
    try {
      const before = cfg(sw);
      const savedBefore = saved(sw);
      // FRR refuses a TCP-MD5 password longer than 80 characters: vtysh fails on (and would echo) that line.
      const tooLong = `Rotated-${"x".repeat(90)}`;
      const bad = await ssh(
        lab.ssh,
        plan,
        b.create,
        b.stdin!.split(SECRET_PLACEHOLDER).join(tooLong),
      );
      assert.notEqual(bad.code, 0);
      assert.ok(!`${bad.stdout}${bad.stderr}`.includes(tooLong), "the secret reached the output");
      assert.equal(cfg(sw), before, "the failed password apply left part of the stanza");
      assert.equal(saved(sw), savedBefore);
      const good = "Lab-Secret-1";
      const ok = await ssh(lab.ssh, plan, b.create, b.stdin!.split(SECRET_PLACEHOLDER).join(good));
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(!`${ok.stdout}${ok.stderr}`.includes(good));
      const applied = cfg(sw);
      for (const g of plan.peerGroups)
        assert.match(applied, new RegExp(`\n neighbor ${g.name} password `));
      const del = await ssh(lab.ssh, plan, b.delete);
      assert.equal(del.code, 0, del.stderr);
      assert.equal(cfg(sw), before);
      figure(
        `a ${tooLong.length}-character password (FRR allows 80): exit ${bad.code}, ${bad.stdout.length + bad.stderr.length} bytes of output without the secret, running config and frr.conf unchanged; a valid one applied with no echo, then deleted back to byte-identical`,
      );
    } finally {
      await restore(sw);
    }
  });
});
