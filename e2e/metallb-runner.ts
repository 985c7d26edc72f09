// Runs the real MetalLB controller for the controller pod that the Helm release creates: kwok only fakes pods, so
// without this nobody would allocate LoadBalancer IPs or answer MetalLB's validating webhooks. The stand-in kubelet
// starts the controller binary (built from its Go module) in the control plane's namespace, where every pod IP is
// local, with the pod's own args and environment, authenticated by the e2e kubeconfig instead of a mounted token.
import { join } from "node:path";
import { spawnIn } from "../lab/node-host";
import { stopProcess, type LabProcess, type LabState } from "../lab/state";
import type { Json, KubeClient } from "./kube-client";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

const SELECTOR = "app.kubernetes.io/name=metallb,app.kubernetes.io/component=controller";

export class MetallbRunner {
  private readonly running = new Map<string, LabProcess>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private lastError = "";

  constructor(
    private readonly kube: KubeClient,
    private readonly state: LabState,
    private readonly ns: string,
    private readonly binary: string,
    private readonly kubeconfig: string,
    private readonly namespace: string,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), 250);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const p of this.running.values()) {
      await stopProcess(p);
      this.state.removeProcess(p);
    }
    this.running.clear();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pods = await this.kube.list(
        `/api/v1/namespaces/${this.namespace}/pods?labelSelector=${encodeURIComponent(SELECTOR)}`,
      );
      const live = new Set<string>();
      for (const pod of pods) {
        const meta = pod.metadata as { uid: string; name: string; deletionTimestamp?: string };
        const status = pod.status as { podIP?: string };
        if (meta.deletionTimestamp) continue;
        live.add(meta.uid);
        // Started as soon as the pod exists, like a container during the pod's start time (kwok delays Ready).
        if (!this.running.has(meta.uid)) this.launch(pod, meta.uid, status.podIP ?? "");
      }
      for (const [uid, p] of this.running)
        if (!live.has(uid)) {
          await stopProcess(p);
          this.state.removeProcess(p);
          this.running.delete(uid);
          this.log(`metallb runner: stopped the controller of pod ${uid}`);
        }
    } catch (e) {
      // The namespace may not exist yet; the next tick tries again. Each new error is said once.
      const msg = (e as Error).message;
      if (msg !== this.lastError) this.log(`metallb runner: ${msg}`);
      this.lastError = msg;
    } finally {
      this.busy = false;
    }
  }

  private launch(pod: Json, uid: string, podIP: string): void {
    const spec = pod.spec as {
      nodeName?: string;
      containers: { name: string; args?: string[]; env?: EnvVar[] }[];
    };
    const meta = pod.metadata as { name: string; namespace: string };
    const c = spec.containers.find((x) => x.name === "controller") ?? spec.containers[0];
    const field = (path: string): string =>
      ({
        "metadata.name": meta.name,
        "metadata.namespace": meta.namespace,
        "status.podIP": podIP,
        "spec.nodeName": spec.nodeName ?? "",
      })[path] ?? "";
    const env = (c.env ?? []).map(
      (e) =>
        `${e.name}=${e.value ?? (e.valueFrom?.fieldRef ? field(e.valueFrom.fieldRef.fieldPath) : "")}`,
    );
    // Volumes are not mounted here: arguments naming a mounted path are left out, certificates go to the run dir.
    const args = (c.args ?? []).filter((a) => !a.startsWith("--metrics-cert-dir="));
    const p = spawnIn(this.state, this.ns, "metallb-controller", "env", [
      `KUBECONFIG=${this.kubeconfig}`,
      ...env,
      this.binary,
      ...args,
      `--cert-dir=${join(this.state.dir, "k8s", "metallb-certs", uid)}`,
    ]);
    this.running.set(uid, p);
    this.log(`metallb runner: started the MetalLB controller for pod ${meta.name}`);
  }
}
