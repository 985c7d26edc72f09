// Drift (issue 11): the FRR running-config parser on real FRR 8.4 output captured from the lab
// (test/fixtures/frr-live, az1/core1 after `npm run lab -- --stack lab`), the comparison with the plan, and the
// SSH path of `--live`: only allow-listed `show` commands, host keys pinned or refused.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LIVE_COMMANDS, liveDrift, showArgv } from "../../io/live";
import { planFromStack } from "../../lab/plan-source";
import type { NetworkPlan, SwitchPlan } from "../../model/core/types";
import { parseFrrRunningConfig, parseFrrSummaryJson } from "../../model/plan/dialects/frr-parse";
import { driftJson, driftText } from "../../model/present/drift";
import { switchDrift, type SwitchDrift } from "../../model/verify/drift";

const FIXTURES = resolve(__dirname, "../fixtures/frr-live");
const CONFIG = readFileSync(join(FIXTURES, "az1-core1.running-config.txt"), "utf8");
const SUMMARY = readFileSync(join(FIXTURES, "az1-core1.bgp-summary.json"), "utf8");
const plan: NetworkPlan = planFromStack(resolve(__dirname, "../../Pulumi.lab.yaml"));
const core1 = plan.switches.find((s) => s.zone === "az1" && s.name === "core1") as SwitchPlan;

describe("FRR drift: parser on real FRR 8.4 output", () => {
  it("reads peer groups, members, policy and maximum-paths from show running-config", () => {
    const r = parseFrrRunningConfig(CONFIG);
    assert.equal(r.asn, 65201);
    assert.equal(r.maximumPathsIbgp, 16);
    assert.deepEqual(r.peers["K8S-RR"], {
      isGroup: true,
      settings: {
        "remote-as": "internal",
        description: "bgp-fabric az1 route reflectors restore-maximum-paths-ibgp none",
        "update-source": "10.11.0.2",
        timers: "3 9",
        "timers connect": "5",
      },
      af: {
        "next-hop-self": "",
        "maximum-prefix": "20000 restart 5",
        "route-map in": "bgp-fabric-az1-rr-in",
        "route-map out": "bgp-fabric-az1-rr-out",
      },
    });
    assert.deepEqual(r.peers["10.11.0.21"], {
      isGroup: false,
      memberOf: "K8S-INGRESS",
      settings: { description: "bgp-fabric ingress lab-az1-in1", "graceful-restart-disable": "" },
      af: {},
    });
    assert.deepEqual(r.routeMaps["bgp-fabric-az1-rr-in"], [
      "route-map bgp-fabric-az1-rr-in permit 10",
      " description bgp-fabric az1 from reflectors",
      " match ip address prefix-list bgp-fabric-az1-pods",
      " match ip next-hop prefix-list bgp-fabric-az1-next-hops",
      " set local-preference 100",
      " set metric 0",
      " set origin igp",
    ]);
    assert.deepEqual(r.prefixLists["bgp-fabric-az1-pods"], [
      "ip prefix-list bgp-fabric-az1-pods description bgp-fabric az1 pod blocks",
      "ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.111.0.0/18 ge 26",
    ]);
  });

  it("keeps that a password is set, never the password", () => {
    const r = parseFrrRunningConfig(
      "router bgp 65201\n neighbor K8S-RR peer-group\n neighbor K8S-RR password s3cr3t-value\nexit\n",
    );
    assert.deepEqual(r.peers["K8S-RR"].settings, { password: "(set)" });
    assert.ok(!JSON.stringify(r).includes("s3cr3t-value"));
  });

  it("reads session states from show bgp summary json", () => {
    assert.deepEqual(parseFrrSummaryJson(SUMMARY), {
      "10.11.0.21": "Established",
      "10.11.0.22": "Established",
      "10.11.0.11": "Established",
      "10.11.0.12": "Established",
      "172.31.255.1": "Established",
      "172.31.255.12": "Established",
      "172.31.255.13": "Established",
    });
    assert.throws(() => parseFrrSummaryJson("% Unknown command"), /did not print JSON/);
  });
});

describe("FRR drift: the switch against the plan", () => {
  it("finds no drift on the lab switch as the plan built it", () => {
    const d = switchDrift(core1, parseFrrRunningConfig(CONFIG), parseFrrSummaryJson(SUMMARY));
    assert.deepEqual(d.items, []);
    assert.deepEqual(
      d.sessions.map((s) => `${s.address} ${s.state}`),
      [
        "10.11.0.11 Established",
        "10.11.0.12 Established",
        "10.11.0.21 Established",
        "10.11.0.22 Established",
      ],
    );
  });

  it("reports a deleted neighbor, one added in our group, changed group settings and policy, and a down session", () => {
    const edited = CONFIG.replace(/ neighbor 10\.11\.0\.21 .*\n/g, "")
      .replace(
        " neighbor 172.31.255.1 remote-as 64512\n",
        " neighbor 10.11.0.99 peer-group K8S-RR\n neighbor 172.31.255.1 remote-as 64512\n",
      )
      .replace(
        " neighbor K8S-RR timers 3 9\n",
        " neighbor K8S-RR timers 10 30\n neighbor K8S-RR password hunter2\n",
      )
      .replace("  neighbor K8S-INGRESS next-hop-self\n", "")
      .replace(
        "ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.111.0.0/18 ge 26",
        "ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.0.0.0/8 le 32",
      )
      .replace(
        "route-map bgp-fabric-az1-ingress-out deny 10",
        "route-map bgp-fabric-az1-extra permit 10\nexit\n!\nroute-map bgp-fabric-az1-ingress-out deny 10",
      );
    const states = {
      ...parseFrrSummaryJson(SUMMARY),
      "10.11.0.12": "Active",
      "10.11.0.99": "Established",
    };
    const d = switchDrift(core1, parseFrrRunningConfig(edited), states);
    assert.equal(
      driftText([d]),
      [
        "az1/core1: 9 differences, 3/4 planned sessions Established",
        "  changed  peer-group K8S-RR: password (set) (plan unset)",
        "  changed  peer-group K8S-RR: timers 10 30 (plan 3 9)",
        "  changed  peer-group K8S-INGRESS: ipv4 unicast: next-hop-self unset (plan set)",
        "  missing  neighbor 10.11.0.21: lab-az1-in1, peer-group K8S-INGRESS: not on the switch",
        "  unknown  neighbor 10.11.0.99: in peer-group K8S-RR, not in the plan - session Established",
        "  changed  prefix-list bgp-fabric-az1-pods: missing line: ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.111.0.0/18 ge 26",
        "  changed  prefix-list bgp-fabric-az1-pods: extra line: ip prefix-list bgp-fabric-az1-pods seq 5 permit 10.0.0.0/8 le 32",
        "  unknown  route-map bgp-fabric-az1-extra: not in the plan",
        "  session  neighbor 10.11.0.12: lab-az1-m2: Active, planned Established",
        "live: drift on 1 of 1 switches",
        "",
      ].join("\n"),
    );
    assert.ok(!driftText([d]).includes("hunter2"));
    const json = JSON.parse(driftJson([d])) as { drift: boolean; switches: SwitchDrift[] };
    assert.equal(json.drift, true);
    assert.deepEqual(json.switches[0].items[3], {
      kind: "missing",
      subject: "neighbor 10.11.0.21",
      detail: "lab-az1-in1, peer-group K8S-INGRESS: not on the switch",
    });
    assert.ok(!driftJson([d]).includes("hunter2"));
  });
});

describe("--live over SSH: read-only, host keys pinned", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "live-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fake = resolve(__dirname, "../helpers/fake-ssh.js");
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyxxxxxxxxxxxxxxxxxxxxxxx";

  it("sends only the allow-listed show commands, with the pinned key in a strict known_hosts", async () => {
    const log = join(dir, "calls.jsonl");
    process.env.FAKE_SSH_LOG = log;
    const one = { ...plan, switches: [core1] };
    const reports = await liveDrift(one, {
      keyFile: "/keys/operator",
      hostKeys: { "az1/core1": `${key} comment` },
      wrap: [process.execPath, fake],
    });
    assert.deepEqual(reports[0].items, []);
    const calls = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as string[]);
    assert.deepEqual(
      calls.map((c) => c[c.length - 1]),
      [LIVE_COMMANDS.frr.runningConfig, LIVE_COMMANDS.frr.summary],
    );
    for (const c of calls) {
      assert.equal(c[0], "ssh");
      assert.ok(c.includes("StrictHostKeyChecking=yes") && c.includes("BatchMode=yes"));
      assert.deepEqual(c.slice(-2, -1), ["bgp-fabric@10.11.0.2"]);
    }
  });

  it("allows nothing but show commands", () => {
    for (const c of Object.values(LIVE_COMMANDS).flatMap((x) => Object.values(x)))
      assert.match(c, /^(vtysh -c|Cli -p 15 -c|vsh -c) 'show [a-z0-9 |-]+'( <\/dev\/null)?$/);
    assert.throws(
      () => showArgv(core1, "vtysh -c 'write memory'" as never, "/k", undefined),
      /not an allow-listed show command/,
    );
  });

  it("refuses a switch without a pinned host key unless --insecure-host-keys", async () => {
    await assert.rejects(
      liveDrift({ ...plan, switches: [core1] }, { keyFile: "/k", wrap: [process.execPath, fake] }),
      {
        message:
          "zones.az1.switches.core1.sshHostKey: not pinned, so --live will not connect to 10.11.0.2; set it from ssh-keyscan -t ed25519 10.11.0.2, or pass --insecure-host-keys",
      },
    );
  });
});
