// One lab run on the machine at a time: a run takes the machine's lab lock (lab/machine-lock.ts) for its run
// directory, removes what earlier runs killed hard left (lab/netns-registry.ts), refuses a namespace in its way that
// is not ours, and lets the lock go when its lab is down (or when it dies: the kernel releases the lock).
import { resolve } from "node:path";
import { LAB_LOCK_FILE, MachineLock } from "./machine-lock";
import { machineRegistry } from "./netns-registry";
import { LabState, removeNamespaces } from "./state";
import type { Topology } from "./topology";

export const labLock = new MachineLock(LAB_LOCK_FILE);

/** Every namespace a lab of `topo` makes (the nodes' too, also when it starts them later). */
export function labNamespaces(topo: Topology): string[] {
  return [
    topo.clientNs,
    ...topo.segments.map((s) => s.ns),
    ...topo.switches.map((s) => s.ns),
    ...topo.nodes.map((n) => n.ns),
  ];
}

/**
 * Claims the machine for a lab in `runDir` that makes `namespaces`: waits for the lock, removes leftovers of earlier
 * runs (this run directory's stale state included), then refuses, one line each, namespaces still in the way. On a
 * refusal the claim is let go.
 */
export async function claimMachine(
  runDir: string,
  namespaces: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  const dir = resolve(runDir);
  await labLock.acquire(dir, log);
  try {
    const live = new Set(labLock.owners.filter((o) => o !== dir));
    const teardown = async (d: string) => {
      if (LabState.exists(d)) await new LabState(d).teardown(log);
    };
    await machineRegistry.removeLeftovers(
      live,
      { teardownRunDir: teardown, removeNamespaces },
      log,
    );
    if (LabState.exists(dir)) {
      log(`stale lab state in ${dir}: removing it first`);
      await teardown(dir);
    }
    const refused = machineRegistry.refusals(namespaces, dir, live);
    if (refused.length > 0) throw new Error(refused.join("\n"));
  } catch (e) {
    await labLock.release(dir);
    throw e;
  }
}

/** The lab in `runDir` is down: this process's claim for it ends (the lock goes with its last lab). */
export async function releaseMachine(runDir: string): Promise<void> {
  await labLock.release(resolve(runDir));
}

/** Runs `f` holding the machine for `runDir` (a teardown: `npm run lab -- down`), then lets that claim go. */
export async function withMachine<T>(
  runDir: string,
  log: (line: string) => void,
  f: () => Promise<T>,
): Promise<T> {
  await labLock.acquire(resolve(runDir), log);
  try {
    return await f();
  } finally {
    await releaseMachine(runDir);
  }
}

/** Records `ns` machine-wide for the run in `runDir`, which must hold the machine's lab lock. */
export function recordNamespace(ns: string, runDir: string): void {
  const dir = resolve(runDir);
  if (!labLock.owns(dir))
    throw new Error(
      `lab: namespace ${ns} for ${dir} without the machine's lab lock; claim the machine first (lab/machine.ts claimMachine)`,
    );
  machineRegistry.record(ns, dir);
}
