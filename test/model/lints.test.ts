// Preflight lints and version gates: each rule's exact message with its fix, and where warnings become errors.
/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from "node:assert/strict";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { everyCheck, preflight, warningLine } from "../../model/verify/preflight";
import { parseSpec } from "../../model/spec/spec";
import { join } from "node:path";
import { readStackFile } from "../../model/spec/stack-file";
import { clone, planOf, ROOT, stackConfig } from "../helpers/fixtures";
import { VALID } from "./invalid-cases";
import { obj, rerender, spec } from "./preflight-cases";

const NOT_READY = (v: string) =>
  `calico.version: advertises a LoadBalancer /32 from an ingress node whose controller pod is not ready, black-holing that node's share of the traffic (calico #13246) (got ${v}); upgrade Calico to 3.31.7 (3.31 line) or a 3.32 release after 3.32.1; until then drain an ingress node before maintenance`;
/** What the valid one-zone config is warned about. */
const BASELINE = [
  NOT_READY("3.32.1"),
  "zones.z1.switches.sw1.sshHostKey: is not pinned: the first SSH connection trusts whatever key the switch presents (got nothing); set it from ssh-keyscan -t ed25519 sw1.z1.example.net",
  'zones.z1.ingressNodes: has one ingress node: no ECMP and no failover inside the zone (got ["in1"]); add a second',
  'zones.z1.switches: has one core switch: losing it cuts the zone off (got ["sw1"]); add a second',
].sort();

/** Errors and warnings of an edited VALID config, via the pipeline the program uses. */
function check(edit: (c: any) => void): { errors: string[]; warnings: string[] } {
  const c = structuredClone(VALID) as any;
  edit(c);
  try {
    const { report } = checkStack(c, { requireSecrets: true });
    return { errors: [], warnings: report.warnings.map(warningLine).sort() };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { errors: e.problems, warnings: [...e.warnings].sort() };
  }
}

const changed = (remove: string[], add: string[]) =>
  [...BASELINE.filter((w) => !remove.includes(w)), ...add].sort();

describe("preflight lints", () => {
  it("the config rules report no design lint: each lint lives in preflight only", () => {
    const raw = structuredClone(VALID) as any;
    raw.zones.z1.ingressNodes = {};
    raw.bgp = { maximumPaths: 1, holdSeconds: 300 };
    raw.calico.version = "3.26.4";
    assert.deepEqual(parseSpec(raw, { requireSecrets: true }).warnings, []);
  });

  it("warns about the valid config's single points of failure and Calico's readiness bug", () => {
    assert.deepEqual(
      check(() => {}),
      { errors: [], warnings: BASELINE },
    );
  });

  it("warns when a zone has more ingress nodes than the switches install paths (ECMP budget)", () => {
    const raw = clone(stackConfig("prod")) as any;
    raw.bgp.maximumPaths = 2;
    const warnings = checkStack(raw, { requireSecrets: false }).report.warnings.map(warningLine);
    assert.ok(
      warnings.includes(
        "bgp.maximumPaths: az3 has 3 ingress nodes, but core1, core2 install at most 2 equal paths per LoadBalancer /32: 1 ingress node gets no traffic from them (got 2); raise bgp.maximumPaths to at least 3",
      ),
    );
    assert.equal(warnings.filter((w) => w.startsWith("bgp.maximumPaths")).length, 1);
  });

  it("warns when a zone's switches would close a session of a full zone (maximum-prefix)", () => {
    const raw = clone(stackConfig("prod")) as any;
    raw.bgp.maximumPrefix = { ingress: 10, reflectors: 200 };
    const warnings = checkStack(raw, { requireSecrets: false })
      .report.warnings.map(warningLine)
      .filter((w) => w.startsWith("bgp.maximumPrefix"));
    assert.deepEqual(warnings, [
      "bgp.maximumPrefix.ingress: is below what one ingress node of az1 may announce by design (64 prefixes): the switch would close the session (got 10); raise it to at least 64",
      "bgp.maximumPrefix.ingress: is below what one ingress node of az2 may announce by design (64 prefixes): the switch would close the session (got 10); raise it to at least 64",
      "bgp.maximumPrefix.ingress: is below what one ingress node of az3 may announce by design (64 prefixes): the switch would close the session (got 10); raise it to at least 64",
      "bgp.maximumPrefix.reflectors: is below what one reflector of az1 may announce by design (256 prefixes): the switch would close the session (got 200); raise it to at least 256",
      "bgp.maximumPrefix.reflectors: is below what one reflector of az2 may announce by design (256 prefixes): the switch would close the session (got 200); raise it to at least 256",
      "bgp.maximumPrefix.reflectors: is below what one reflector of az3 may announce by design (256 prefixes): the switch would close the session (got 200); raise it to at least 256",
    ]);
  });

  it("counts each ingress node's path to a LoadBalancer /32 against the reflectors' limit in reflector mode (ADD-PATH)", () => {
    const raw = readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors.yaml")) as any;
    raw.zones.az3.switches.core1.dialect = "eos";
    raw.zones.az3.switches.core2.dialect = "eos";
    raw.ingress.mode = "reflector";
    // 256 pod blocks plus 64 /32s from each ingress node: 384 paths in az1 and az2 (2 nodes), 448 in az3 (3).
    raw.bgp.maximumPrefix = { reflectors: 400 };
    const warnings = checkStack(raw, { requireSecrets: false })
      .report.warnings.map(warningLine)
      .filter((w) => w.startsWith("bgp.maximumPrefix"));
    assert.deepEqual(warnings, [
      "bgp.maximumPrefix.reflectors: is below what one reflector of az3 may announce by design (448 prefixes): the switch would close the session (got 400); raise it to at least 448",
    ]);
  });

  it("warns about a zone without ingress nodes instead of one with a single one", () => {
    assert.deepEqual(
      check((c) => {
        c.zones.z1.ingressNodes = {};
      }),
      {
        errors: [],
        warnings: changed(
          [BASELINE[1]],
          [
            "zones.z1.ingressNodes: has no ingress node: this zone serves no LoadBalancer traffic (got []); add two or more ingress nodes, unless the zone is meant to carry none",
          ],
        ),
      },
    );
  });

  it("warns that a hold time above BIRD's 240 s is never negotiated", () => {
    assert.deepEqual(
      check((c) => {
        c.bgp = { holdSeconds: 300 };
      }).warnings,
      changed(
        [],
        [
          "bgp.holdSeconds: is above Calico's fixed BIRD hold time of 240 s, so every session negotiates 240 s (got 300); use at most 240 (9 detects a dead ingress node within 10 s)",
        ],
      ),
    );
  });

  it("warns that Calico before 3.31 announces the whole LoadBalancer CIDR", () => {
    assert.deepEqual(
      check((c) => {
        c.calico.version = "3.30.7";
      }),
      {
        errors: [],
        warnings: changed(
          [NOT_READY("3.32.1")],
          [
            NOT_READY("3.30.7"),
            "calico.version: before 3.31.0 every node not labelled node.kubernetes.io/exclude-from-external-load-balancers=true announces the whole LoadBalancer CIDR (got 3.30.7); label every worker at provisioning, or upgrade Calico to 3.31.0 or later",
          ],
        ),
      },
    );
  });

  it("stops warning about NotReady /32s from Calico 3.31.7 on", () => {
    for (const v of ["3.31.7", "3.32.2", "3.33.0"]) {
      assert.deepEqual(
        check((c) => {
          c.calico.version = v;
        }).warnings,
        changed([NOT_READY("3.32.1")], []),
        v,
      );
    }
  });

  it("refuses Calico below 3.27.3, and every field the plan uses that the release lacks", () => {
    assert.deepEqual(
      check((c) => {
        c.calico.version = "3.25.0";
      }).errors,
      [
        "calico.version: BGPFilter (bgp-fabric-no-lb-via-reflectors) is unknown to Calico before 3.26.0 (got 3.25.0); upgrade Calico to 3.26.0 or later",
        "calico.version: BGPPeer spec.filters (z1-rrs-to-sw1) is unknown to Calico before 3.26.0 (got 3.25.0); upgrade Calico to 3.26.0 or later",
        "calico.version: is older than 3.27.3: route reflectors do not pass on LoadBalancer /32s they host no endpoint for (calico #8358) (got 3.25.0); upgrade Calico to 3.27.3 or later",
      ],
    );
  });

  it("gates a field by the target release: keepaliveTime needs Calico 3.32, ipip was removed in 3.32", () => {
    const old = planOf({ ...stackConfig("prod"), calico: { version: "3.30.7" } });
    spec(old, "az1-bgppeer-ingress-to-core1").keepaliveTime = "3s";
    assert.deepEqual(preflight(old).errors, [
      "calico.version: BGPPeer spec.keepaliveTime (az1-ingress-to-core1) is unknown to Calico before 3.32.0 (got 3.30.7); upgrade Calico to 3.32.0 or later",
    ]);
    const now = planOf(stackConfig("prod"));
    spec(now, "az1-ippool").ipip = { enabled: false };
    assert.deepEqual(everyCheck(now).errors, [
      "calico.version: IPPool spec.ipip (az1-pods) was removed in Calico 3.32.0 (got 3.32.1); emit its replacement field",
      "calico.version: IPPool spec.ipip.enabled (az1-pods) was removed in Calico 3.32.0 (got 3.32.1); emit its replacement field",
    ]);
  });

  it("refuses MetalLB without IPAddressPool once, and a pool field the release lacks", () => {
    assert.deepEqual(
      check((c) => {
        c.metallb.version = "0.12.1";
      }).errors,
      [
        "metallb.version: is older than 0.13.0, which configures pools by ConfigMap instead of IPAddressPool (got 0.12.1); use MetalLB 0.13.0 or later",
      ],
    );
    assert.deepEqual(
      check((c) => {
        c.metallb.version = "0.13.2";
      }).errors,
      [
        "metallb.version: IPAddressPool spec.avoidBuggyIPs (public) is unknown to MetalLB before 0.13.4 (got 0.13.2); upgrade MetalLB to 0.13.4 or later",
      ],
    );
  });

  it("refuses MetalLB 0.16+ with frr-k8s, and MetalLB speakers in any version", () => {
    const plan = planOf(stackConfig("prod"));
    const values = plan.helmReleases.find((r) => r.resourceName === "metallb")!.values as any;
    values.frrk8s.enabled = true;
    values.speaker.enabled = true;
    assert.deepEqual(everyCheck(plan).errors, [
      "metallb.version: 0.16.0 and later deploy frr-k8s by default: a second BGP daemon on every node beside Calico's BIRD (got 0.16.1); set frrk8s.enabled=false on the MetalLB release",
      'metallb: runs MetalLB speakers, which would compete with Calico for the core switches\' BGP sessions (metallb #114) (got {"enabled":true}); install MetalLB controller-only: speaker.enabled=false',
    ]);
  });

  it("refuses Kubernetes without MutatingAdmissionPolicy, and warns while it is beta", () => {
    assert.deepEqual(
      check((c) => {
        c.kubernetes.version = "1.35";
      }).warnings,
      changed(
        [],
        [
          'kubernetes.version: MutatingAdmissionPolicy is beta before 1.36 (got "1.35"); enable the MutatingAdmissionPolicy feature gate and the admissionregistration.k8s.io/v1beta1 API on the API server',
        ],
      ),
    );
    assert.deepEqual(
      check((c) => {
        c.kubernetes.version = "1.31";
        c.kubernetes.asAssignment = "external";
      }),
      { errors: [], warnings: BASELINE },
    );
  });

  it("refuses reflector mode when a switch does not negotiate ADD-PATH receive (the /32 trap)", () => {
    const plan = planOf({
      ...stackConfig("prod"),
      ingress: { mode: "reflector", version: "2.6.4" },
    });
    assert.deepEqual(preflight(plan).errors, []);
    const sw = plan.switches.find((s) => s.zone === "az2" && s.name === "core1")!;
    sw.peerGroups[0].negotiates.addPathReceive = false;
    rerender(sw);
    assert.deepEqual(everyCheck(plan).errors, [
      "ingress.mode: is reflector, but az2/core1 (frr) does not negotiate ADD-PATH receive on peer-group K8S-RR: each reflector passes on only its best path per LoadBalancer /32, so one ingress node per reflector takes all the traffic (calico #6451) (got reflector); use ingress.mode: direct, or a switch dialect that negotiates ADD-PATH receive",
    ]);
  });

  it("warns when a switch keeps graceful restart toward ingress nodes", () => {
    const plan = planOf(stackConfig("prod"));
    const sw = plan.switches.find((s) => s.zone === "az1" && s.name === "core2")!;
    sw.peerGroups[1].gracefulRestart = true;
    rerender(sw);
    const { warnings, errors } = everyCheck(plan);
    assert.deepEqual(errors, []);
    assert.ok(
      warnings
        .map(warningLine)
        .includes(
          "zones.az1.switches.core2: peer-group K8S-INGRESS keeps graceful restart on toward ingress nodes: a crashed node's /32 stays on the switch for the restart time (got true); disable graceful restart toward ingress nodes (graceful-restart-disable)",
        ),
    );
  });

  it("--strict and `strict: true` turn every warning into an error", () => {
    // The strict problems are the warnings in the report's order (by path, then message).
    const strictProblems = [...BASELINE].sort();
    for (const run of [
      () => checkStack(structuredClone(VALID) as any, { requireSecrets: true, strict: true }),
      () =>
        checkStack({ ...(structuredClone(VALID) as any), strict: true }, { requireSecrets: true }),
    ]) {
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems, strictProblems);
        assert.deepEqual(e.warnings, []);
        return true;
      });
    }
    assert.equal(obj(planOf(stackConfig("prod")), "az1-ippool").body.kind, "IPPool");
  });
});
