// Runs the real MetalLB controller for the controller pod that the Helm release creates: kwok only fakes pods, so
// without this nobody would allocate LoadBalancer IPs or answer MetalLB's validating webhooks. The stand-in kubelet
// starts the controller binary (built from its Go module) in the control plane's namespace, where every pod IP is
// local, with the pod's own args and environment, authenticated by the e2e kubeconfig instead of a mounted token.
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { spawnIn } from "../lab/node-host";
import { sh } from "../lab/sh";
import { stopProcess, type LabProcess, type LabState } from "../lab/state";
import type { Json, KubeClient } from "./kube-client";

interface Mount {
  /** Where the pod mounts the secret, and the folder that stands in for it here. */
  mountPath: string;
  dir: string;
  secret: string;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

const CONTAINER_START_MS = 2000;
const SERVE_WITHIN_MS = 20_000;
const WEBHOOK_PORT = 9443;

const SELECTOR = "app.kubernetes.io/name=metallb,app.kubernetes.io/component=controller";

export class MetallbRunner {
  private readonly running = new Map<
    string,
    LabProcess & { startedAt: number; restarts: number; mounts: Mount[]; namespace: string }
  >();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private lastError = "";
  private madeDirs: { top: string; leaf: string }[] = [];

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
    // Mount points this runner made, deepest first, only while empty (rmdir refuses anything else).
    for (const { top, leaf } of this.madeDirs.reverse())
      for (let d = leaf; d.length >= top.length; d = dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    this.madeDirs = [];
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
        const meta = pod.metadata as {
          uid: string;
          name: string;
          creationTimestamp: string;
          deletionTimestamp?: string;
        };
        const status = pod.status as { podIP?: string };
        if (meta.deletionTimestamp) continue;
        live.add(meta.uid);
        // A container starts once its image is pulled, after the release's other objects (the webhook
        // configuration) exist; kwok keeps the pod un-Ready for its readiness probe's initial delay meanwhile.
        const age = Date.now() - Date.parse(meta.creationTimestamp);
        const p = this.running.get(meta.uid);
        if (p) await this.syncMounts(p.namespace, p.mounts);
        if (!p && age >= CONTAINER_START_MS) this.launch(pod, meta.uid, status.podIP ?? "", 0);
        else if (
          p &&
          !this.serving() &&
          Date.now() - p.startedAt > SERVE_WITHIN_MS &&
          p.restarts < 3
        ) {
          // What the kubelet does for a container that does not come up: restart it.
          await stopProcess(p);
          this.state.removeProcess(p);
          this.log(
            `metallb runner: webhook not serving ${SERVE_WITHIN_MS / 1000} s after start; restarting`,
          );
          this.launch(pod, meta.uid, status.podIP ?? "", p.restarts + 1);
        }
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

  /**
   * What the kubelet does for secret volumes: the secret's keys as files, kept in step with the secret (the cert
   * rotator writes the secret, then waits until the mounted files match before it serves the webhooks).
   */
  private async syncMounts(namespace: string, mounts: Mount[]): Promise<void> {
    for (const m of mounts) {
      const secret = await this.kube.find(
        `/api/v1/namespaces/${namespace}/secrets/${encodeURIComponent(m.secret)}`,
      );
      const data = (secret?.data ?? {}) as Record<string, string>;
      mkdirSync(m.dir, { recursive: true, mode: 0o700 });
      for (const [key, b64] of Object.entries(data)) {
        if (!/^[A-Za-z0-9._-]+$/.test(key)) continue;
        const file = join(m.dir, key);
        const bytes = Buffer.from(b64, "base64");
        if (!existsSync(file) || !readFileSync(file).equals(bytes)) {
          writeFileSync(`${file}.tmp`, bytes, { mode: 0o600 });
          renameSync(`${file}.tmp`, file);
        }
      }
    }
  }

  /**
   * A bind mount needs an existing directory to cover. One missing on this machine is made here and removed by
   * stop(), empty as it was made (the bind lives only in the controller's own mount namespace).
   */
  private mountPoint(path: string): void {
    if (!/^(\/[A-Za-z0-9._-]+)+$/.test(path) || path.split("/").includes(".."))
      throw new Error(
        `e2e: the pod mounts a volume at ${JSON.stringify(path)}, which the runner will not create`,
      );
    if (existsSync(path)) return;
    let top = path;
    while (!existsSync(dirname(top))) top = dirname(top);
    mkdirSync(path, { recursive: true });
    this.madeDirs.push({ top, leaf: path });
  }

  /** The webhook port answers inside the namespace. */
  private serving(): boolean {
    return (
      sh(
        "ip",
        ["netns", "exec", this.ns, "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${WEBHOOK_PORT}`],
        {
          check: false,
          timeoutMs: 2000,
        },
      ).code === 0
    );
  }

  private launch(pod: Json, uid: string, podIP: string, restarts: number): void {
    const spec = pod.spec as {
      nodeName?: string;
      containers: {
        name: string;
        args?: string[];
        env?: EnvVar[];
        volumeMounts?: { name: string; mountPath: string }[];
      }[];
      volumes?: { name: string; secret?: { secretName: string } }[];
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
    // Secret volumes become folders in the run dir, kept in step with their secrets (syncMounts).
    const mounts: Mount[] = (c.volumeMounts ?? []).flatMap((vm) => {
      const secret = spec.volumes?.find((v) => v.name === vm.name)?.secret?.secretName;
      return secret
        ? [
            {
              mountPath: vm.mountPath,
              secret,
              dir: join(this.state.dir, "k8s", "pods", uid, vm.name),
            },
          ]
        : [];
    });
    const args = (c.args ?? []).filter((a) => !a.startsWith("--metrics-cert-dir="));
    // A private mount namespace binds each secret folder at the pod's mount path, as the kubelet's volume mounts
    // do; the paths the process sees are the pod's own (the webhook server reads its certificates there).
    for (const m of mounts) {
      mkdirSync(m.dir, { recursive: true, mode: 0o700 }); // filled by syncMounts from the next tick on
      this.mountPoint(m.mountPath);
    }
    const binds = mounts.map((_, i) => `mount --bind "$${2 * i + 1}" "$${2 * i + 2}"`);
    const p = spawnIn(this.state, this.ns, "metallb-controller", "unshare", [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      [...binds, `shift ${2 * mounts.length}`, 'exec "$@"'].join(" && "),
      "sh",
      ...mounts.flatMap((m) => [m.dir, m.mountPath]),
      "env",
      `KUBECONFIG=${this.kubeconfig}`,
      // What the service account mount would tell it (the controller reads its namespace from there).
      `METALLB_NAMESPACE=${meta.namespace}`,
      ...env,
      this.binary,
      ...args,
    ]);
    this.running.set(uid, {
      ...p,
      startedAt: Date.now(),
      restarts,
      mounts,
      namespace: meta.namespace,
    });
    this.log(`metallb runner: started the MetalLB controller for pod ${meta.name}`);
  }
}
