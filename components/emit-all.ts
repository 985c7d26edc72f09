// Emits a list of plan objects in order, resolving each object's `dependsOn` to the resources already emitted.
import * as pulumi from "@pulumi/pulumi";
import type { KubernetesObject } from "../model/types";
import { emitObject } from "./emit";

export function emitObjects(
  objects: KubernetesObject[],
  parent: pulumi.Resource,
  known: Map<string, pulumi.Resource>,
  extraDependsOn: pulumi.Resource[] = [],
  overrides: (o: KubernetesObject) => Record<string, pulumi.Input<unknown>> = () => ({}),
): pulumi.Resource[] {
  return objects.map((o) => {
    const dependsOn = [
      ...extraDependsOn,
      ...o.dependsOn.map((name) => {
        const r = known.get(name);
        if (!r)
          throw new Error(
            `internal: ${o.resourceName} depends on ${name}, which is not emitted before it`,
          );
        return r;
      }),
    ];
    const r = emitObject(
      o,
      { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) },
      overrides(o),
    );
    known.set(o.resourceName, r);
    return r;
  });
}
