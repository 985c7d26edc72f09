// Component tests under Pulumi mocks: exact types, names, parents, options and bodies for the prod stack.
import assert from "node:assert/strict";
import { SECRET_PLACEHOLDER } from "../../model/spec/secrets";
import { key, record, reveal, SECRET_SIG, type Recorded } from "../../harness/mocks";
import { join } from "node:path";
import { clone, planOf, ROOT, stackConfig } from "../helpers/fixtures";
import { clusterOf, SSH_KEY } from "../helpers/cluster";
import { assertGolden, resourceLines } from "../helpers/golden";

const PASSWORD = "az1-Md5-Pw.2026";

async function prod(
  passwords: Record<string, string | Record<string, string>> = {},
): Promise<Recorded[]> {
  return record(() => clusterOf(stackConfig("prod"), passwords));
}

const isSecret = (v: unknown) => typeof v === "object" && v !== null && SECRET_SIG in v;

describe("Cluster component (prod stack)", () => {
  let recorded: Recorded[];
  before(async () => {
    recorded = await prod();
  });
  const find = (k: string) => {
    const r = recorded.find((x) => key(x) === k);
    assert.ok(r, `no resource ${k}`);
    return r;
  };

  // Every resource of the prod stack as `type::name` with its parent, in registration order: adding a zone may
  // only add rows.
  it("registers exactly the golden resources with their parents", () => {
    assertGolden(
      "program/prod-resources.txt",
      resourceLines(recorded.map((r) => [key(r), r.parent])),
    );
  });

  it("emits every Kubernetes object body exactly as planned", () => {
    const plan = planOf(stackConfig("prod"));
    for (const o of plan.kubernetes) {
      const r = recorded.find((x) => x.name === o.resourceName && x.type.startsWith("kubernetes:"));
      assert.ok(r, o.resourceName);
      assert.deepEqual(reveal(r.inputs), o.body, o.resourceName);
    }
  });

  it("installs MetalLB controller-only, then the ingress controller once MetalLB and its pools exist, waiting for both", () => {
    assert.deepEqual(find("kubernetes:helm.sh/v3:Release::metallb").inputs, {
      name: "metallb",
      namespace: "metallb-system",
      createNamespace: true,
      chart: "metallb",
      version: "0.16.1",
      repositoryOpts: { repo: "https://metallb.github.io/metallb" },
      values: {
        controller: { enabled: true },
        speaker: { enabled: false },
        frrk8s: { enabled: false },
        crds: { enabled: true },
      },
      atomic: true,
      timeout: 600,
      waitForJobs: true,
      compat: "true", // added by the SDK
    });
    assert.deepEqual(find("kubernetes:helm.sh/v3:Release::metallb").dependsOn, []);
    const ingress = find("kubernetes:helm.sh/v3:Release::ingress-controller");
    assert.deepEqual(
      {
        chart: ingress.inputs.chart,
        version: ingress.inputs.version,
        repositoryOpts: ingress.inputs.repositoryOpts,
        atomic: ingress.inputs.atomic,
        timeout: ingress.inputs.timeout,
        waitForJobs: ingress.inputs.waitForJobs,
      },
      {
        chart: "oci://ghcr.io/nginx/charts/nginx-ingress",
        version: "2.6.4",
        repositoryOpts: undefined,
        atomic: true,
        timeout: 600,
        waitForJobs: true,
      },
    );
    // ...and once every ingress node carries the label the DaemonSet selects (else Helm's wait passes on an empty
    // DaemonSet, as the real-engine e2e showed).
    assert.deepEqual(ingress.dependsOn, [
      "kubernetes:core/v1:NodePatch::az1-node-fra1-az1-in1",
      "kubernetes:core/v1:NodePatch::az1-node-fra1-az1-in2",
      "kubernetes:core/v1:NodePatch::az2-node-fra1-az2-in1",
      "kubernetes:core/v1:NodePatch::az2-node-fra1-az2-in2",
      "kubernetes:core/v1:NodePatch::az3-node-fra1-az3-in1",
      "kubernetes:core/v1:NodePatch::az3-node-fra1-az3-in2",
      "kubernetes:core/v1:NodePatch::az3-node-fra1-az3-in3",
      "kubernetes:helm.sh/v3:Release::metallb",
      "kubernetes:metallb.io/v1beta1:IPAddressPool::metallb-pool-public",
    ]);
    assert.deepEqual(
      find("kubernetes:metallb.io/v1beta1:IPAddressPool::metallb-pool-public").dependsOn,
      ["kubernetes:helm.sh/v3:Release::metallb"],
    );
  });

  it("installs local charts by absolute path, without a repository or version (Helm reads the chart's own)", async () => {
    const raw = clone(stackConfig("prod")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw.metallb.path = "../shared/charts/metallb-0.16.1";
    raw.ingress.path = "../shared/charts/nginx-ingress-2.6.4";
    raw.ingress.timeoutSeconds = 900;
    const local = await record(() => clusterOf(raw));
    const inputs = (name: string) => {
      const r = local.find((x) => key(x) === `kubernetes:helm.sh/v3:Release::${name}`)!;
      const { values: _, ...rest } = r.inputs;
      return rest;
    };
    assert.deepEqual(inputs("metallb"), {
      name: "metallb",
      namespace: "metallb-system",
      createNamespace: true,
      chart: join(ROOT, "..", "shared", "charts", "metallb-0.16.1"),
      atomic: true,
      timeout: 600,
      waitForJobs: true,
      compat: "true",
    });
    assert.deepEqual(inputs("ingress-controller"), {
      name: "nginx-ingress",
      namespace: "nginx-ingress",
      createNamespace: true,
      chart: join(ROOT, "..", "shared", "charts", "nginx-ingress-2.6.4"),
      atomic: true,
      timeout: 900,
      waitForJobs: true,
      compat: "true",
    });
  });

  it("patches ingress Nodes' labels and annotations only: their taint is the kubelet's", () => {
    const patches = recorded.filter(
      (r) =>
        r.type === "kubernetes:core/v1:NodePatch" &&
        r.parent === "bgp-fabric:index:IngressPool::ingress",
    );
    assert.equal(patches.length, 7);
    for (const p of patches) {
      assert.deepEqual(Object.keys(p.inputs).sort(), ["apiVersion", "kind", "metadata"], p.name);
      assert.deepEqual(Object.keys(p.inputs.metadata as object).sort(), [
        "annotations",
        "labels",
        "name",
      ]);
    }
  });

  it("turns the mesh off only after every zone and the ingress pool", () => {
    assert.deepEqual(
      find("kubernetes:crd.projectcalico.org/v1:BGPConfigurationPatch::bgpconfiguration-default")
        .dependsOn,
      [
        "bgp-fabric:index:IngressPool::ingress",
        "bgp-fabric:index:Zone::az1",
        "bgp-fabric:index:Zone::az2",
        "bgp-fabric:index:Zone::az3",
      ],
    );
  });

  it("annotates masters as reflectors only after the zone's replacement peerings exist", () => {
    const deps = find("kubernetes:core/v1:NodePatch::az1-node-fra1-az1-m1").dependsOn;
    for (const peer of [
      "az1-bgppeer-nodes-to-rrs",
      "az1-bgppeer-rrs-to-core1",
      "az1-bgppeer-rrs-to-core2",
      "az1-bgppeer-rrs-to-rrs",
    ]) {
      assert.ok(deps.includes(`kubernetes:crd.projectcalico.org/v1:BGPPeer::${peer}`), peer);
    }
  });

  /** Zone-by-zone rollout: a zone's base commands wait for the last (health-checked) command of each earlier switch. */
  const FIRST_COMMAND_WAITS: Record<string, string[]> = {
    az1: [],
    az2: [
      "command:remote:Command::az1-core1-neighbor-10.1.0.22",
      "command:remote:Command::az1-core2-neighbor-10.1.0.22",
    ],
    az3: [
      "command:remote:Command::az2-core1-neighbor-10.2.0.22",
      "command:remote:Command::az2-core2-neighbor-10.2.0.22",
    ],
  };

  it("starts a zone's Kubernetes objects only after the previous zone's switches passed their checks", () => {
    assert.deepEqual(
      find("kubernetes:crd.projectcalico.org/v1:IPPool::az2-ippool").dependsOn,
      FIRST_COMMAND_WAITS.az2,
    );
    assert.deepEqual(
      find("kubernetes:core/v1:NodePatch::az3-node-fra1-az3-in3").dependsOn,
      FIRST_COMMAND_WAITS.az3,
    );
    // The first zone waits for no zone.
    assert.deepEqual(find("kubernetes:crd.projectcalico.org/v1:IPPool::az1-ippool").dependsOn, []);
  });

  it("runs each switch command over a secret SSH connection, neighbors after their base, replaced delete-first", () => {
    const plan = planOf(stackConfig("prod"));
    assert.deepEqual(find("command:remote:Command::az1-core1-neighbor-10.1.0.11").dependsOn, [
      "command:remote:Command::az1-core1-bgp-base",
      "kubernetes:core/v1:NodePatch::az1-node-fra1-az1-m1",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az1-bgppeer-rrs-to-core1",
    ]);
    for (const sw of plan.switches) {
      for (const c of sw.commands) {
        const r = find(`command:remote:Command::${c.name}`);
        assert.equal(r.parent, `bgp-fabric:index:Zone::${sw.zone}`);
        assert.equal(r.deleteBeforeReplace, true);
        // Serialized per switch: each command after the previous one (base, then neighbors by address).
        // A health-checked neighbor also waits for its node's BGPPeer toward this switch and the node's patch.
        const i = sw.commands.indexOf(c);
        const peering = (c.dependsOn ?? []).map((d) =>
          d.includes("-bgppeer-")
            ? `kubernetes:crd.projectcalico.org/v1:BGPPeer::${d}`
            : `kubernetes:core/v1:NodePatch::${d}`,
        );
        assert.deepEqual(
          r.dependsOn,
          i === 0
            ? FIRST_COMMAND_WAITS[sw.zone]
            : [`command:remote:Command::${sw.commands[i - 1].name}`, ...peering].sort(),
        );
        if (c.kind === "neighbor") assert.equal(peering.length, 2, c.name);
        assert.ok(isSecret(r.inputs.connection), "connection must be secret");
        // dialErrorLimit and perDialTimeout are the SDK's defaults.
        assert.deepEqual(reveal(r.inputs.connection), {
          host: sw.ssh.host,
          port: 22,
          user: "bgp-fabric",
          privateKey: SSH_KEY,
          dialErrorLimit: 10,
          perDialTimeout: 15,
        });
        assert.deepEqual(
          {
            create: r.inputs.create,
            delete: r.inputs.delete,
            triggers: r.inputs.triggers,
            addPreviousOutputInEnv: r.inputs.addPreviousOutputInEnv,
          },
          {
            create: c.create,
            delete: c.delete,
            triggers: c.triggers,
            addPreviousOutputInEnv: false,
          },
        );
        assert.equal(r.inputs.stdin, undefined);
        // The SDK itself keeps `connection` secret.
        assert.deepEqual(r.additionalSecretOutputs, ["connection"]);
      }
    }
  });

  it("feeds a zone's BGP password to the switch on a secret stdin and to Calico as a Secret", async () => {
    const withPassword = await prod({ az1: PASSWORD });
    const base = withPassword.find((r) => key(r) === "command:remote:Command::az1-core1-bgp-base");
    assert.ok(base && isSecret(base.inputs.stdin));
    // A switch that echoed its stdin would otherwise put the password into the state.
    assert.deepEqual(base.additionalSecretOutputs, ["stdout", "stderr", "connection"]);
    assert.equal(
      reveal(base.inputs.stdin),
      `router bgp 65101\n neighbor K8S-RR password ${PASSWORD}\n neighbor K8S-INGRESS password ${PASSWORD}\n`,
    );
    const secret = withPassword.find(
      (r) => key(r) === "kubernetes:core/v1:Secret::az1-bgp-passwords",
    );
    assert.ok(secret);
    assert.ok(isSecret(secret.inputs.stringData));
    // One key per switch, and the zone key a plan of one key per zone named (kept for the upgrade).
    assert.deepEqual(reveal(secret.inputs.stringData), {
      core1: PASSWORD,
      core2: PASSWORD,
      password: PASSWORD,
    });
    const plain = JSON.stringify(withPassword.map((r) => stripSecrets(r.inputs)));
    assert.ok(
      !plain.includes(PASSWORD) &&
        !plain.includes("test-key-material") &&
        !plain.includes(SECRET_PLACEHOLDER),
    );
  });
});

describe("Cluster component (prod stack, one password per switch)", () => {
  const PW = { core1: "az1-Core1-Md5.2026", core2: "az1-Core2-Md5.2026" };
  it("feeds each switch its own password, and each BGPPeer the key of the switch it dials", async () => {
    const recorded = await prod({ az1: PW });
    const find = (k: string) => recorded.find((r) => key(r) === k)!;
    for (const sw of ["core1", "core2"] as const) {
      const base = find(`command:remote:Command::az1-${sw}-bgp-base`);
      assert.ok(isSecret(base.inputs.stdin));
      assert.equal(
        reveal(base.inputs.stdin),
        `router bgp 65101\n neighbor K8S-RR password ${PW[sw]}\n neighbor K8S-INGRESS password ${PW[sw]}\n`,
      );
      for (const peer of [`az1-bgppeer-rrs-to-${sw}`, `az1-bgppeer-ingress-to-${sw}`])
        assert.deepEqual(
          (
            find(`kubernetes:crd.projectcalico.org/v1:BGPPeer::${peer}`).inputs.spec as {
              password?: unknown;
            }
          ).password,
          { secretKeyRef: { name: "bgp-fabric-bgp-passwords-az1", key: sw } },
        );
    }
    const secret = find("kubernetes:core/v1:Secret::az1-bgp-passwords");
    assert.ok(isSecret(secret.inputs.stringData));
    assert.deepEqual(reveal(secret.inputs.stringData), PW);
    // A password change drains each switch first: its drain command reads the same secret stdin, runs before its
    // base, and the Secret the nodes read waits for both drains.
    for (const sw of ["core1", "core2"] as const) {
      const drain = find(`command:remote:Command::az1-${sw}-bgp-drain`);
      assert.ok(isSecret(drain.inputs.stdin));
      assert.equal(
        reveal(drain.inputs.stdin),
        reveal(find(`command:remote:Command::az1-${sw}-bgp-base`).inputs.stdin),
      );
      assert.deepEqual(drain.additionalSecretOutputs, ["stdout", "stderr", "connection"]);
      assert.deepEqual(drain.dependsOn, []);
      assert.deepEqual(find(`command:remote:Command::az1-${sw}-bgp-base`).dependsOn, [
        `command:remote:Command::az1-${sw}-bgp-drain`,
      ]);
    }
    assert.deepEqual(secret.dependsOn, [
      "command:remote:Command::az1-core1-bgp-drain",
      "command:remote:Command::az1-core2-bgp-drain",
    ]);
    const plain = JSON.stringify(recorded.map((r) => stripSecrets(r.inputs)));
    assert.ok(!plain.includes(PW.core1) && !plain.includes(PW.core2));
  });
});

/** The inputs with every secret-wrapped value removed: what would show in plain text. */
function stripSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (v !== null && typeof v === "object") {
    if (isSecret(v)) return "[secret]";
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripSecrets(x)]));
  }
  return v;
}
