// Runs operations the way the Pulumi engine steps through resources: each starts as soon as everything it depends on
// has finished, independent ones run at once up to the engine's parallelism, deletes go in reverse dependency order
// (a resource after everything that depends on it), and after a failure nothing new starts while the running ones
// finish.
import { availableParallelism } from "node:os";

/** `pulumi up` without `--parallel`: four operations per CPU (pkg/cmd/pulumi/operations/up.go, defaultParallel). */
export const PULUMI_PARALLEL = availableParallelism() * 4;

export interface Operation<T> {
  name: string;
  /** Names this operation's resource depends on; names outside the batch already exist (or are already gone). */
  dependsOn: string[];
  item: T;
}

/**
 * Runs `run` once per operation: on create each after its dependencies, on delete each after its dependents.
 * Resolves with the number run; rejects with the first failure once every started operation has settled.
 */
export async function inDependencyOrder<T>(
  ops: Operation<T>[],
  direction: "create" | "delete",
  run: (item: T) => Promise<unknown>,
  parallel = PULUMI_PARALLEL,
): Promise<number> {
  const names = new Set(ops.map((o) => o.name));
  if (names.size !== ops.length) throw new Error("lab: two operations share a name");
  // waitsFor: what must finish before an operation starts, inside this batch.
  const waitsFor = new Map<string, Set<string>>(ops.map((o) => [o.name, new Set<string>()]));
  for (const o of ops)
    for (const d of o.dependsOn.filter((x) => names.has(x))) {
      if (direction === "create") waitsFor.get(o.name)!.add(d);
      else waitsFor.get(d)!.add(o.name);
    }
  const pending = new Map(ops.map((o) => [o.name, o]));
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let done = 0;
  const ready = () =>
    [...pending.values()]
      .filter((o) => waitsFor.get(o.name)!.size === 0)
      .slice(0, parallel - running.size);
  for (;;) {
    if (!failure)
      for (const o of ready()) {
        pending.delete(o.name);
        const p: Promise<void> = run(o.item).then(
          () => {
            done++;
            for (const w of waitsFor.values()) w.delete(o.name);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        );
        const tracked = p.finally(() => running.delete(tracked));
        running.add(tracked);
      }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (failure) throw failure.error;
  if (pending.size > 0)
    throw new Error(`lab: a dependency cycle among ${[...pending.keys()].sort().join(", ")}`);
  return done;
}
