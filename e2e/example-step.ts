// The e2e's example step: examples/two-zones (the lab written in TypeScript against the library, a program of its
// own), built against the package `npm pack` produces (e2e/packed-example.ts: plain JavaScript importing
// "bgp-fabric", no TypeScript source of the library), run by the real engine on the stack the stack-file program (index.ts's fabric()) has just deployed. The
// same datacenter described both ways registers the same resources with the same inputs, so the example's preview
// must plan no change and its `up` change nothing. The site facts the example reads from its config (the pinned host
// keys, the local chart copies) are the ones the e2e put in the stack's `bgp-fabric:` config.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse, stringify } from "yaml";
import { packageLabel, packExample } from "./packed-example";
import type { StepRequest, StepResult } from "./pulumi-step";

type Raw = Record<string, unknown>;

/** The example is the lab's datacenter: the step runs on the lab's stack file only. */
export const isExampleStack = (stackFile: string): boolean =>
  resolve(stackFile) === resolve(__dirname, "..", "Pulumi.lab.yaml");

/**
 * The example's `example:` config from the e2e's stack config: host keys by zone and switch, chart paths, and the
 * Calico release (3.28.5 when the node side is confd's: e2e/confd).
 */
export function exampleSiteConfig(raw: Raw): Record<string, unknown> {
  const zones = raw.zones as Record<string, { switches: Record<string, { sshHostKey?: string }> }>;
  const hostKeys = Object.fromEntries(
    Object.entries(zones).map(([z, zone]) => [
      z,
      Object.fromEntries(
        Object.entries(zone.switches).flatMap(([s, sw]) =>
          sw.sshHostKey === undefined ? [] : [[s, sw.sshHostKey]],
        ),
      ),
    ]),
  );
  const path = (k: string) => (raw[k] as { path?: string } | undefined)?.path;
  const charts =
    path("metallb") !== undefined && path("ingress") !== undefined
      ? { "example:chartPaths": { metallb: path("metallb"), ingress: path("ingress") } }
      : {};
  const calico = (raw.calico as { version?: string } | undefined)?.version;
  return {
    "example:sshHostKeys": hostKeys,
    ...charts,
    ...(calico === undefined ? {} : { "example:calicoVersion": calico }),
  };
}

/** The package the example was built against: name, version and the tarball's file count. */
export interface ExamplePackage {
  name: string;
  version: string;
  tarball: string;
  files: number;
}

/**
 * Packs the project and builds the example against the package (in a 0700 directory under `runDir`, removed at the
 * end), adds the example's keys to the stack file (the next rewrite of the stack's config drops them again), then a
 * preview expecting no changes and an `up`, both running the compiled example. Returns the `up`'s changes.
 */
export async function exampleStep(o: {
  stackFile: string;
  raw: Raw;
  runDir: string;
  step: (op: "preview" | "up", extra: Partial<StepRequest>) => Promise<StepResult>;
  log: (line: string) => void;
}): Promise<{ changes: Record<string, number>; package: ExamplePackage }> {
  const packed = packExample(o.runDir);
  try {
    o.log(
      `example: from the package ${packageLabel(packed)}, ${packed.tarball}; compiled example ${packed.module}`,
    );
    const doc = parse(readFileSync(o.stackFile, "utf8")) as { config: Raw };
    writeFileSync(
      o.stackFile,
      stringify({ ...doc, config: { ...doc.config, ...exampleSiteConfig(o.raw) } }),
    );
    await o.step("preview", { example: packed.module, expectNoChanges: true });
    const up = await o.step("up", { example: packed.module });
    o.log(
      `example up: ${JSON.stringify(up.changes)}; outputs ${Object.keys(up.outputs ?? {}).join(", ")}`,
    );
    return {
      changes: up.changes,
      package: {
        name: packed.name,
        version: packed.version,
        tarball: packed.tarball,
        files: packed.files.length,
      },
    };
  } finally {
    packed.remove();
  }
}
