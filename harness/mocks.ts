// Runs Pulumi code under mocks and records every registration: type, name, parent, options and resolved inputs. The
// tests and the bench (bench/mocks.ts) use it; it is no test itself.
import * as pulumi from "@pulumi/pulumi";

/** Pulumi's wire marker of a secret value inside mocked inputs. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export interface Recorded {
  type: string;
  name: string;
  /** `type::name` of the parent, absent for top-level resources. */
  parent?: string;
  custom: boolean;
  deleteBeforeReplace: boolean;
  /** Outputs the engine keeps secret whatever the provider says. */
  additionalSecretOutputs: string[];
  /** `type::name` of explicit dependencies. */
  dependsOn: string[];
  /** `type::name` of the `deletedWith` resource, if any. */
  deletedWith?: string;
  /** Inputs as the engine would receive them (secrets keep their marker). */
  inputs: Record<string, unknown>;
  urn: string;
  /** The URNs the resource also answers to (its `aliases`, as the SDK resolves them): a state entry under one of
   * them is updated in place, not replaced. */
  aliases: string[];
  /** The registered object, e.g. to check which SDK class registered it. */
  resource: pulumi.Resource;
}

export const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

/**
 * Runs `program` inside a mocked stack and returns every resource it registered, sorted by `type::name`. Without an
 * engine the SDK prints its log (the Cluster's preflight report) on the console: kept off the test output unless
 * `printLogs`, and collected into `logs` when given.
 */
export async function record(
  program: () => unknown,
  stack = "prod",
  options: { printLogs?: boolean; logs?: string[] } = {},
): Promise<Recorded[]> {
  const saved = { log: console.log, warn: console.warn, error: console.error };
  if (!options.printLogs)
    for (const k of ["log", "warn", "error"] as const)
      console[k] = (...a: unknown[]) => void options.logs?.push(a.join(" "));
  try {
    return await recordQuietly(program, stack);
  } finally {
    Object.assign(console, saved);
  }
}

async function recordQuietly(program: () => unknown, stack: string): Promise<Recorded[]> {
  const inputs = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        inputs.set(key(a), a.inputs);
        return { id: `${a.name}-id`, state: a.inputs };
      },
      call: (a) => {
        throw new Error(`unexpected call ${a.token}`);
      },
    },
    "bgp-fabric",
    stack,
    false,
  );
  const seen: Omit<Recorded, "inputs" | "urn" | "aliases">[] = [];
  const keys = new WeakMap<pulumi.Resource, string>();
  const named = (r: unknown) => (r instanceof pulumi.Resource ? keys.get(r) : undefined);
  const resources: pulumi.Resource[] = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((a) => {
      resources.push(a.resource);
      keys.set(a.resource, key(a));
      const deps = a.opts.dependsOn;
      const depList = deps === undefined ? [] : Array.isArray(deps) ? deps : [deps];
      seen.push({
        type: a.type,
        name: a.name,
        ...(named(a.opts.parent) ? { parent: named(a.opts.parent) } : {}),
        custom: !(a.resource instanceof pulumi.ComponentResource),
        deleteBeforeReplace: (a.opts as pulumi.CustomResourceOptions).deleteBeforeReplace === true,
        additionalSecretOutputs: [
          ...((a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? []),
        ],
        dependsOn: (depList as unknown[]).map((d) => named(d) ?? "?").sort(),
        ...(named(a.opts.deletedWith) ? { deletedWith: named(a.opts.deletedWith) } : {}),
        resource: a.resource,
      });
      return undefined;
    });
    await program();
    // Registration completes asynchronously: wait until every resource has its URN (its mock has run).
    await Promise.all(resources.map((r) => new Promise((done) => r.urn.apply(done))));
    return {};
  });
  const out: Recorded[] = [];
  for (const s of seen) {
    const urn = await new Promise<string>((done) => s.resource.urn.apply(done));
    // The SDK collapses each alias to a URN at construction (pulumi Resource `__aliases`).
    const pending = (s.resource as unknown as { __aliases?: pulumi.Output<string>[] }).__aliases;
    const aliases = await Promise.all(
      (pending ?? []).map((a) => new Promise<string>((done) => a.apply(done))),
    );
    out.push({ ...s, inputs: inputs.get(key(s)) ?? {}, urn, aliases: aliases.sort() });
  }
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}

/** Replaces secret markers by their values, for comparing bodies. */
export function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (SECRET_SIG in o) return reveal(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}
