// Turns plan entries into Pulumi resources: one helper per entry type, shared by every component.
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../model/secrets";
import type { HelmRelease, KubernetesObject, SwitchCommand, SwitchPlan } from "../model/types";

/** A Kubernetes object: managed (`create`) or server-side-applied fields on someone else's object (`patch`). */
export function emitObject(
  o: KubernetesObject,
  opts: pulumi.CustomResourceOptions,
  overrides: Record<string, pulumi.Input<unknown>> = {},
): pulumi.CustomResource {
  const body = { ...o.body, ...overrides };
  if (o.mode === "patch") {
    if (o.body.kind === "Node")
      return new k8s.core.v1.NodePatch(o.resourceName, body as k8s.core.v1.NodePatchArgs, opts);
    return new k8s.apiextensions.CustomResourcePatch(
      o.resourceName,
      body as k8s.apiextensions.CustomResourcePatchArgs,
      opts,
    );
  }
  if (o.body.kind === "Secret")
    return new k8s.core.v1.Secret(o.resourceName, body as k8s.core.v1.SecretArgs, opts);
  return new k8s.apiextensions.CustomResource(
    o.resourceName,
    body as k8s.apiextensions.CustomResourceArgs,
    opts,
  );
}

export function emitRelease(
  r: HelmRelease,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    r.resourceName,
    {
      name: r.name,
      namespace: r.namespace,
      createNamespace: true,
      chart: r.chart,
      version: r.version,
      ...(r.repo === undefined ? {} : { repositoryOpts: { repo: r.repo } }),
      values: r.values,
      atomic: true,
    },
    opts,
  );
}

export interface SwitchSecrets {
  privateKey: pulumi.Input<string>;
  /** The zone's BGP password, when the plan uses one. */
  bgpPassword?: pulumi.Input<string>;
}

/**
 * One `remote.Command` per plan command. Each depends on the command the plan orders before it (`after`: the base,
 * then neighbors by address), so no two commands ever run on one switch at once; an identity change
 * (`triggers`) deletes the old stanza before creating the new one, so the old `delete` can never remove what the
 * new `create` just added (domain brief pitfall 11). No environment variables: switch SSH servers reject them.
 */
export function emitSwitch(
  sw: SwitchPlan,
  secrets: SwitchSecrets,
  opts: pulumi.CustomResourceOptions,
): command.remote.Command[] {
  const connection = pulumi.secret({
    host: sw.ssh.host,
    port: sw.ssh.port,
    user: sw.ssh.user,
    privateKey: secrets.privateKey,
    ...(sw.ssh.hostKey === undefined ? {} : { hostKey: sw.ssh.hostKey }),
  });
  const made = new Map<string, command.remote.Command>();
  return sw.commands.map((c: SwitchCommand) => {
    const after = c.after === undefined ? undefined : made.get(c.after);
    if (c.after !== undefined && !after)
      throw new Error(`internal: ${c.name} runs after ${c.after}, which is not an earlier command`);
    const stdin =
      c.stdin === undefined
        ? {}
        : {
            stdin: pulumi.secret(
              pulumi
                .output(secrets.bgpPassword ?? "")
                .apply((pw) => c.stdin!.split(SECRET_PLACEHOLDER).join(pw)),
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
      { ...opts, deleteBeforeReplace: true, ...(after ? { dependsOn: [after] } : {}) },
    );
    made.set(c.name, resource);
    return resource;
  });
}
