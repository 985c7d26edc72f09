// Turns plan entries into Pulumi resources, one helper per entry type; the Cluster calls them in the plan's order.
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { fillSecret, SECRET_PLACEHOLDER } from "../model/spec/secrets";
import type { HelmRelease, KubernetesObject, SwitchCommand, SwitchPlan } from "../model/core/types";
import { classFor } from "./typed";

/** A Kubernetes object: managed (`create`) or server-side-applied fields on someone else's object (`patch`). */
export function emitObject(
  o: KubernetesObject,
  opts: pulumi.CustomResourceOptions,
  overrides: Record<string, pulumi.Input<unknown>> = {},
): pulumi.CustomResource {
  const Class = classFor(o.body.apiVersion, o.body.kind, o.mode);
  return new Class(o.resourceName, { ...o.body, ...overrides }, opts);
}

/**
 * The plan's secret slots in an object's body (`<secret>` values, e.g. the zone's password Secret) filled, kept
 * secret, with the value the model assigns each slot's key (`valueFor`: a Secret key's switch password): the top-level fields that hold a slot, to override the body's. The same slot the
 * switch commands' stdin carries (`emitSwitch`).
 */
export function fillSecretSlots(
  body: KubernetesObject["body"],
  valueFor: (key: string) => pulumi.Input<string> | undefined,
): Record<string, pulumi.Input<unknown>> {
  const holds = (v: unknown): boolean =>
    v === SECRET_PLACEHOLDER ||
    (typeof v === "object" && v !== null && Object.values(v).some(holds));
  const fill = (v: unknown, key: string): unknown => {
    if (v === SECRET_PLACEHOLDER) {
      const value = valueFor(key);
      if (value === undefined)
        throw new Error(
          `internal: no secret for slot ${key} of ${body.kind} ${body.metadata.name}`,
        );
      return pulumi.secret(value);
    }
    if (Array.isArray(v)) return v.map((x) => fill(x, key));
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, k)]));
    return v;
  };
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, v]) => holds(v))
      .map(([k, v]) => [k, fill(v, k) as pulumi.Input<unknown>]),
  );
}

/**
 * A Helm release from a repository or a local chart directory. `atomic` waits for every resource (and Job) to be
 * ready within the plan's timeout and rolls back otherwise, so a release that never becomes ready fails the `up`.
 */
export function emitRelease(
  r: HelmRelease,
  opts: pulumi.CustomResourceOptions,
  /** Where the plan's relative chart paths start (the project directory of the stack's config). */
  projectDir: string,
): k8s.helm.v3.Release {
  // A local chart by absolute path: the provider's working directory is the program's (an inline Automation API
  // program may run elsewhere), while the plan's path is relative to the project directory.
  const source =
    r.path !== undefined
      ? { chart: resolve(projectDir, r.path) }
      : {
          chart: r.chart!,
          version: r.version,
          ...(r.repo === undefined ? {} : { repositoryOpts: { repo: r.repo } }),
        };
  return new k8s.helm.v3.Release(
    r.resourceName,
    {
      name: r.name,
      namespace: r.namespace,
      createNamespace: true,
      ...source,
      values: r.values,
      atomic: true,
      timeout: r.timeoutSeconds,
      waitForJobs: true,
    },
    opts,
  );
}

export interface SwitchSecrets {
  privateKey: pulumi.Input<string>;
  /** This switch's BGP password, when the plan uses one. */
  bgpPassword?: pulumi.Input<string>;
}

/**
 * One `remote.Command` per plan command, returned by name (the drain waits after the commands). Each depends on the command the plan orders before it (`after`: the base,
 * then neighbors by address), so no two commands ever run on one switch at once, and on the Kubernetes objects its
 * health check needs (`dependsOn`); an identity change
 * (`triggers`) deletes the old stanza before creating the new one, so the old `delete` can never remove what the
 * new `create` just added (domain brief pitfall 11). No environment variables: switch SSH servers reject them.
 */
export function emitSwitch(
  sw: SwitchPlan,
  secrets: SwitchSecrets,
  opts: pulumi.CustomResourceOptions,
  known: Map<string, pulumi.Resource> = new Map(),
  /** Per command name, the plan keys it waits for beyond its own (the rollout's edges: `EmitUnit.commandAfter`). */
  commandAfter: Record<string, string[]> = {},
): [string, command.remote.Command][] {
  const connection = pulumi.secret({
    host: sw.ssh.host,
    port: sw.ssh.port,
    user: sw.ssh.user,
    privateKey: secrets.privateKey,
    ...(sw.ssh.hostKey === undefined ? {} : { hostKey: sw.ssh.hostKey }),
  });
  const made = new Map<string, command.remote.Command>();
  const commands = sw.commands.map((c: SwitchCommand) => {
    // The command before may have been emitted with an earlier unit of the same switch (its drain command).
    const after = c.after === undefined ? undefined : (made.get(c.after) ?? known.get(c.after));
    if (c.after !== undefined && !after)
      throw new Error(`internal: ${c.name} runs after ${c.after}, which is not an earlier command`);
    // A health-checked change waits for the objects that make its peers connect, and a zone's first commands for
    // the previous zone's last ones (plan edges).
    const waits = [
      ...(c.dependsOn ?? []),
      ...(Object.hasOwn(commandAfter, c.name) ? commandAfter[c.name] : []),
    ];
    const peering = waits.map((name) => {
      const r = known.get(name);
      if (!r)
        throw new Error(`internal: ${c.name} depends on ${name}, which is not emitted before it`);
      return r;
    });
    const dependsOn = [...(after ? [after] : []), ...peering];
    const stdin =
      c.stdin === undefined
        ? {}
        : {
            stdin: pulumi.secret(
              pulumi.output(secrets.bgpPassword ?? "").apply((pw) => fillSecret(c.stdin!, pw)),
            ),
          };
    const resource = new command.remote.Command(
      c.name,
      {
        connection,
        create: c.create,
        delete: c.delete,
        triggers: c.triggers,
        addPreviousOutputInEnv: false,
        ...stdin,
      },
      {
        ...opts,
        deleteBeforeReplace: true,
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        // The provider keeps only same-named outputs secret; a switch that echoed its stdin would otherwise put
        // the password into the state in stdout/stderr.
        ...(c.stdin === undefined ? {} : { additionalSecretOutputs: ["stdout", "stderr"] }),
      },
    );
    made.set(c.name, resource);
    // By name: the next zone's first entries and the zone's Secret (after a drain command) wait for it.
    if (known.has(c.name)) throw new Error(`internal: ${c.name} is emitted twice`);
    known.set(c.name, resource);
    return [c.name, resource] as [string, command.remote.Command];
  });
  return [...commands, ...emitDrainWaits(sw, connection, opts, made, known)];
}

/**
 * A drain's read-only waits (docs/drain.md): each after the node patch that labels the node and the switch's neighbor
 * command for it. Undrained, the wait leaves the program and Pulumi deletes it after every update (the patch's
 * label removal among them), so its `delete` waits for the next hops to come back. Deleted with the neighbor
 * command (node or switch removed, `pulumi destroy`), the delete is skipped: nothing is coming back.
 */
function emitDrainWaits(
  sw: SwitchPlan,
  connection: pulumi.Input<command.types.input.remote.ConnectionArgs>,
  opts: pulumi.CustomResourceOptions,
  made: Map<string, command.remote.Command>,
  known: Map<string, pulumi.Resource>,
): [string, command.remote.Command][] {
  return (sw.drainWaits ?? []).map((w) => {
    const find = (name: string) => {
      const r = made.get(name) ?? known.get(name);
      if (!r)
        throw new Error(`internal: ${w.name} depends on ${name}, which is not emitted before it`);
      return r;
    };
    const wait = new command.remote.Command(
      w.name,
      { connection, create: w.create, delete: w.delete, addPreviousOutputInEnv: false },
      { ...opts, dependsOn: w.dependsOn.map(find), deletedWith: find(w.deletedWith) },
    );
    return [w.name, wait];
  });
}
