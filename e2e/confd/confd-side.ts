// The node side by Calico's own code: for each lab node, Calico's confd (Kubernetes datastore, the e2e's API server)
// renders that node's BIRD config from what the API server holds, and Debian's BIRD 1.6.8 runs it in the node's
// namespace (`bird` for IPv4 and, on a dual-stack node, `bird6` for IPv6, each with its own control socket, as
// calico-node runs them); confd reloads each on every change, as calico-node does. confd runs in the control plane's namespace
// (the kubeconfig names the API server on 127.0.0.1 there); nothing it renders depends on where it runs.
// Failures name the node and quote confd's or BIRD's own message; nothing falls back to the emulation.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { NodeBgp } from "../../lab/calico-bird";
import type { NodeSide } from "../../lab/lab";
import { birdSocket, birdSocket6, hostDir, spawnIn } from "../../lab/node-host";
import { sh, sleep } from "../../lab/sh";
import { alive, type LabProcess, type LabState } from "../../lab/state";
import type { LabNode } from "../../lab/topology";
import type { Tools } from "../tools";
import {
  ERRORS_FILE,
  FAMILY_FILES,
  families,
  prepareNodeDir,
  type AgentConfig,
  type Family,
} from "./node-dir";

/** The one github.com/projectcalico/calico version the module proxy serves (e2e/tools/calico/go.mod). */
export const CONFD_MODULE_VERSION = "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520";
/** The Calico release of that commit (its charts/calico/values.yaml): what the e2e's stack plans for with confd. */
export const CONFD_CALICO_VERSION = "3.28.5";

export interface ConfdOptions {
  state: LabState;
  tools: Tools;
  kubeconfig: string;
  /** The control plane's namespace (where the API server answers on 127.0.0.1). */
  apiNs: string;
  /** Where calico-node runs: confd's Secret watcher reads the BGP password Secrets there. */
  calicoNamespace: string;
  /** A node of a dual-stack zone (the lab's plan now, added zones included): calico-node runs `bird6` there too. */
  dualStack: (node: string) => boolean;
  log: (line: string) => void;
}

/** The state's process name of each family's daemon (lab/node-host.ts stopNode stops both). */
const PROCESS: Record<Family, string> = { "4": "bird", "6": "bird6" };

export class ConfdNodeSide implements NodeSide {
  readonly name = "calico-confd";
  /** Nodes confd configured (its rendering loaded by that node's BIRD). */
  readonly configured = new Set<string>();

  constructor(private readonly o: ConfdOptions) {}

  nodeDir(n: LabNode): string {
    return join(hostDir(this.o.state.dir, n.ns), "calico");
  }

  dualStack(node: string): boolean {
    return this.o.dualStack(node);
  }

  /** The node's daemons: `bird` (BIRD 1.6.8's IPv4 program), and `bird6` on a dual-stack node. */
  private agent(n: LabNode): AgentConfig {
    const { state, tools } = this.o;
    const v4 = {
      bird: tools.bin("bird1"),
      birdc: tools.bin("birdc1"),
      socket: birdSocket(state.dir, n.ns),
    };
    if (!this.o.dualStack(n.name)) return { "4": v4 };
    // Debian's bird 1.6.8 package ships bird6 and birdc6 beside bird (e2e/tools/build.sh bird1 unpacks it whole).
    const v6 = {
      bird: tools.file("bird1", "root/usr/sbin/bird6"),
      birdc: tools.file("bird1", "root/usr/sbin/birdc6"),
      socket: birdSocket6(state.dir, n.ns),
    };
    return { "4": v4, "6": v6 };
  }

  async start(n: LabNode, _expected: NodeBgp): Promise<void> {
    const { state } = this.o;
    const dir = this.nodeDir(n);
    const agent = this.agent(n);
    const fams = families(agent);
    const confdir = prepareNodeDir(dir, this.o.tools.file("calico", "confd"), agent);
    const confd = this.spawnConfd(n, confdir);
    const files = fams.flatMap((f) => FAMILY_FILES[f]);
    await until(
      `confd's first rendering (${files.join(", ")})`,
      n,
      60_000,
      () => {
        this.assertHealthy(n, confd);
        return files.every((f) => existsSync(join(dir, "bird", f)));
      },
      join(dir, "confd.log"),
    );
    for (const family of fams) {
      const d = agent[family]!;
      const name = PROCESS[family];
      const p = spawnIn(state, n.ns, name, d.bird, [
        "-f",
        "-c",
        join(dir, "bird", FAMILY_FILES[family][0]),
        "-s",
        d.socket,
      ]);
      await until(`${name} 1.6.8 to answer on ${d.socket}`, n, 10_000, () => {
        if (!alive(p))
          throw new Error(
            `e2e confd: ${n.name}: ${name} 1.6.8 exited on confd's config: ${tail(join(hostDir(state.dir, n.ns), `${name}.out`))}`,
          );
        return sh(d.birdc, ["-s", d.socket, "show", "status"], { check: false }).code === 0;
      });
    }
    this.configured.add(n.name);
  }

  /** confd follows the API server itself: the lab's expectation changing asks nothing of it. */
  reconfigure(): string {
    return "";
  }

  private spawnConfd(n: LabNode, confdir: string): LabProcess {
    const { state } = this.o;
    const log = openSync(join(this.nodeDir(n), "confd.log"), "a");
    const p = spawn(
      "ip",
      ["netns", "exec", this.o.apiNs, this.o.tools.bin("confd"), `-confdir=${confdir}`],
      {
        detached: true,
        stdio: ["ignore", log, log],
        env: {
          PATH: process.env.PATH,
          NODENAME: n.name,
          DATASTORE_TYPE: "kubernetes",
          KUBECONFIG: this.o.kubeconfig,
          CALICO_NETWORKING_BACKEND: "bird",
          NAMESPACE: this.o.calicoNamespace,
          BGP_LOGSEVERITYSCREEN: "info",
        },
      },
    );
    closeSync(log);
    p.unref();
    if (p.pid === undefined) throw new Error(`e2e confd: ${n.name}: cannot start confd`);
    // Recorded under the node's namespace: stopping the node (rollout drill) stops its calico-node.
    return state.addProcess(p.pid, "confd", n.ns);
  }

  /** Throws naming the node and quoting the error when its confd died or a check/reload failed. */
  private assertHealthy(n: LabNode, confd?: LabProcess): void {
    const errors = readFileSync(join(this.nodeDir(n), ERRORS_FILE), "utf8").trim();
    if (errors) throw new Error(`e2e confd: ${n.name}: ${errors.split("\n").at(-1)}`);
    const p = confd ?? this.o.state.find("confd", n.ns);
    if (p && !alive(p))
      throw new Error(
        `e2e confd: ${n.name}: confd exited: ${tail(join(this.nodeDir(n), "confd.log"))}`,
      );
  }

  /** Every configured node's confd and BIRD alive and no failed check or reload: problems, one per node. */
  problems(nodes: LabNode[]): string[] {
    const out: string[] = [];
    for (const n of nodes.filter((x) => this.configured.has(x.name))) {
      try {
        this.assertHealthy(n);
        for (const family of families(this.agent(n))) {
          const b = this.o.state.find(PROCESS[family], n.ns);
          if (!b || !alive(b))
            out.push(`e2e confd: ${n.name}: ${PROCESS[family]} 1.6.8 is not running`);
        }
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    return out;
  }
}

/** Polls `probe` until true; its throw fails at once (a dead confd or BIRD is not worth waiting out). */
async function until(
  what: string,
  n: LabNode,
  timeoutMs: number,
  probe: () => boolean,
  log?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline)
      throw new Error(
        `e2e confd: ${n.name}: timed out after ${timeoutMs / 1000} s waiting for ${what}${log ? `; ${basename(log)}: ${tail(log)}` : ""}`,
      );
    await sleep(200);
  }
}

/** The last lines of a log, for an error message. */
function tail(file: string, lines = 3): string {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join(" | ");
}
