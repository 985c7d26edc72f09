// The e2e's Kubernetes: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (which plays every
// kubelet), all inside the lab's client namespace, on its loopback, built from their Go modules (e2e/tools). The
// e2e process reaches the API server through a Unix socket forwarder: the lab stays unconnected to the host's network.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { join } from "node:path";
import { spawnIn } from "../lab/node-host";
import { sh, waitFor } from "../lab/sh";
import type { LabState } from "../lab/state";
import { KubeClient } from "./kube-client";
import { kubeconfig, makePki, type Pki } from "./pki";
import type { Tools } from "./tools";

export const API_SERVER = "https://127.0.0.1:6443";
/** kwok manages only Nodes carrying this annotation (kwok's documented convention). */
export const KWOK_ANNOTATION = { "kwok.x-k8s.io/node": "fake" };

export interface ControlPlane {
  pki: Pki;
  kubeconfig: string;
  kube: KubeClient;
  seconds: number;
}

export interface ControlPlaneOptions {
  state: LabState;
  ns: string;
  tools: Tools;
  /** Minor Kubernetes version of the stack, e.g. "1.36": selects the beta APIs the stack's objects need. */
  kubernetesMinor: number;
  /**
   * The Services' ClusterIP range: `kubernetes.serviceCidr`, or with a second, IPv6 range after a comma for a
   * dual-stack stack (the apiserver's and controller manager's dual-stack form), which its RequireDualStack ingress
   * Service needs.
   */
  serviceCidr: string;
  /** The namespace's own address: the API server advertises it (and its certificate names it). */
  advertiseAddress: string;
  /** Pod IPs kwok hands out; must not overlap anything the lab routes. */
  podCidr: string;
  log: (line: string) => void;
}

/** The first address of a /N (the `kubernetes` Service IP). */
function firstHost(cidr: string): string {
  const [ip] = cidr.split("/");
  const o = ip.split(".").map(Number);
  o[3] += 1;
  return o.join(".");
}

/**
 * kwok's "fast" pods are Ready at once; a real pod is not Ready before its readiness probe's initialDelaySeconds
 * (10 s for MetalLB's controller, whose webhook must be serving before the pools can be created), plus the
 * image pull.
 */
const POD_START_MS = 15_000;

/**
 * How often kwok posts a Node's status. Its upstream stage waits 10 min (a kubelet with node leases reports at least
 * every `nodeStatusReportFrequency`, 5 min, and at once on a change); the e2e compresses that to the kubelet's
 * `nodeStatusUpdateFrequency` (10 s), so a Node registered before its zone's admission policy gets the AS at a status
 * report within seconds of `up` (model/plan/kubernetes.ts `asnPolicy`), not minutes.
 */
const NODE_STATUS_MS = { durationMilliseconds: 10_000, jitterDurationMilliseconds: 11_000 };

/**
 * kwok's upstream stages, with pod readiness delayed by a container's start time: the real process behind a pod
 * (the MetalLB controller) is serving by the time the pod turns Ready and Helm's wait lets the next resource go.
 */
function kwokStages(from: string, to: string): string[] {
  if (!existsSync(from))
    throw new Error(`e2e: no kwok stages in ${from}; rebuild the tools (e2e/tools/build.sh kwok)`);
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  if (files.length === 0)
    throw new Error(`e2e: no kwok stages in ${from}; rebuild the tools (e2e/tools/build.sh kwok)`);
  return files.map((f) => {
    const stage = parse(readFileSync(join(from, f), "utf8")) as {
      metadata: { name: string };
      spec: Record<string, unknown>;
    };
    if (stage.metadata.name === "pod-ready")
      stage.spec.delay = { durationMilliseconds: POD_START_MS };
    if (stage.metadata.name === "node-heartbeat-with-lease") stage.spec.delay = NODE_STATUS_MS;
    writeFileSync(join(to, f), stringify(stage));
    return join(to, f);
  });
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const t0 = Date.now();
  const dir = join(o.state.dir, "k8s");
  mkdirSync(dir, { recursive: true });
  const pki = makePki(join(dir, "pki"), [
    "127.0.0.1",
    o.advertiseAddress,
    firstHost(o.serviceCidr.split(",")[0]),
  ]);
  const kc = join(dir, "admin.kubeconfig");
  writeFileSync(kc, kubeconfig(pki, API_SERVER), { mode: 0o600 });
  const bin = (name: string) => o.tools.bin(name);

  spawnIn(o.state, o.ns, "etcd", bin("etcd"), [
    "--name=e2e",
    `--data-dir=${join(dir, "etcd")}`,
    "--listen-client-urls=http://127.0.0.1:2379",
    "--advertise-client-urls=http://127.0.0.1:2379",
    "--listen-peer-urls=http://127.0.0.1:2380",
    "--initial-advertise-peer-urls=http://127.0.0.1:2380",
    "--initial-cluster=e2e=http://127.0.0.1:2380",
    "--listen-metrics-urls=http://127.0.0.1:2381",
    // A throwaway store: fsync buys nothing here and costs seconds per `pulumi up` on a shared disk.
    "--unsafe-no-fsync",
    "--log-level=warn",
  ]);

  // MutatingAdmissionPolicy is beta (off by default) before 1.36 and GA from 1.36.
  const beta =
    o.kubernetesMinor < 36
      ? [
          "--feature-gates=MutatingAdmissionPolicy=true",
          "--runtime-config=admissionregistration.k8s.io/v1beta1=true",
        ]
      : [];
  spawnIn(o.state, o.ns, "kube-apiserver", bin("kube-apiserver"), [
    "--etcd-servers=http://127.0.0.1:2379",
    "--bind-address=127.0.0.1",
    "--secure-port=6443",
    `--advertise-address=${o.advertiseAddress}`,
    `--client-ca-file=${pki.ca}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    `--service-cluster-ip-range=${o.serviceCidr}`,
    "--authorization-mode=Node,RBAC",
    // Webhooks (MetalLB's) are called at their endpoints' pod IPs: there is no kube-proxy for Service IPs.
    "--enable-aggregator-routing=true",
    "--profiling=false",
    "--v=1",
    ...beta,
  ]);
  const socketPath = join(dir, "api.sock");
  spawnIn(o.state, o.ns, "api-forwarder", process.execPath, [
    "-r",
    "ts-node/register/transpile-only",
    "e2e/agents/unix-forwarder.ts",
    socketPath,
    "127.0.0.1",
    "6443",
  ]);
  const kube = new KubeClient({
    server: API_SERVER,
    socketPath,
    ca: pki.ca,
    cert: pki.adminCert,
    key: pki.adminKey,
  });
  await waitFor(
    "the API server's /readyz",
    async () => ((await kube.raw("GET", "/readyz")).status === 200 ? true : undefined),
    120_000,
    500,
  );

  const common = [
    `--kubeconfig=${kc}`,
    `--authentication-kubeconfig=${kc}`,
    `--authorization-kubeconfig=${kc}`,
    "--leader-elect=false",
    "--bind-address=127.0.0.1",
  ];
  spawnIn(o.state, o.ns, "kube-controller-manager", bin("kube-controller-manager"), [
    ...common,
    `--service-account-private-key-file=${pki.saKey}`,
    `--root-ca-file=${pki.ca}`,
    `--service-cluster-ip-range=${o.serviceCidr}`,
    "--use-service-account-credentials=false",
    "--v=1",
  ]);
  spawnIn(o.state, o.ns, "kube-scheduler", bin("kube-scheduler"), [...common, "--v=1"]);
  const stageFiles = kwokStages(o.tools.file("kwok", "stages"), join(dir, "kwok-stages"));
  // Every pod IP kwok hands out is local to this namespace (AnyIP): the one real pod process (the MetalLB
  // controller, e2e/metallb-runner.ts) answers on whatever IP kwok gives its pod.
  sh("ip", ["-n", o.ns, "route", "add", "local", o.podCidr, "dev", "lo"]);
  spawnIn(o.state, o.ns, "kwok", bin("kwok"), [
    `--kubeconfig=${kc}`,
    "--manage-all-nodes=false",
    `--manage-nodes-with-annotation-selector=${Object.entries(KWOK_ANNOTATION)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`,
    `--cidr=${o.podCidr}`,
    // kwok renews each Node's lease, as a kubelet does: without leases the node lifecycle controller marks the
    // Nodes NotReady after its 40 s grace period and their pods not Ready (the ingress /32s were withdrawn).
    "--node-lease-duration-seconds=40",
    "--server-address=127.0.0.1:10247",
    ...stageFiles.flatMap((f) => ["--config", f]),
  ]);
  // The default ServiceAccount exists once the controller manager runs: Helm's pods need it.
  await waitFor(
    "the controller manager (default ServiceAccount)",
    async () =>
      (await kube.find("/api/v1/namespaces/default/serviceaccounts/default")) ? true : undefined,
    120_000,
    500,
  );
  const seconds = (Date.now() - t0) / 1000;
  o.log(
    `control plane ready in ${seconds.toFixed(1)} s (etcd, kube-apiserver, controller manager, scheduler, kwok)`,
  );
  return { pki, kubeconfig: kc, kube, seconds };
}
