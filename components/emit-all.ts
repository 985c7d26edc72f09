// Emits plan objects and releases in order, resolving each entry's `dependsOn` to the resources already emitted.
import * as pulumi from "@pulumi/pulumi";
import type { HelmRelease, KubernetesObject } from "../model/core/types";
import { emitObject, emitRelease } from "./emit";

/** The resources a plan entry names in `dependsOn`; the plan orders them, so each must exist already. */
function resolve(
  entry: { resourceName: string; dependsOn: string[] },
  known: Map<string, pulumi.Resource>,
): pulumi.Resource[] {
  return entry.dependsOn.map((name) => {
    const r = known.get(name);
    if (!r)
      throw new Error(
        `internal: ${entry.resourceName} depends on ${name}, which is not emitted before it`,
      );
    return r;
  });
}

export function emitReleases(
  releases: HelmRelease[],
  parent: pulumi.Resource,
  known: Map<string, pulumi.Resource>,
): pulumi.Resource[] {
  return releases.map((r) => {
    const dependsOn = resolve(r, known);
    const resource = emitRelease(r, { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) });
    known.set(r.resourceName, resource);
    return resource;
  });
}

export function emitObjects(
  objects: KubernetesObject[],
  parent: pulumi.Resource,
  known: Map<string, pulumi.Resource>,
  extraDependsOn: pulumi.Resource[] = [],
  overrides: (o: KubernetesObject) => Record<string, pulumi.Input<unknown>> = () => ({}),
): pulumi.Resource[] {
  return objects.map((o) => {
    const dependsOn = [...extraDependsOn, ...resolve(o, known)];
    const r = emitObject(
      o,
      { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) },
      overrides(o),
    );
    known.set(o.resourceName, r);
    return r;
  });
}
