// The values the plan gives each Helm release exist in the chart it installs (../shared/charts): both charts'
// schemas are open, so a misspelt or removed key would pass Helm silently and change nothing (domain brief §12.2).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CHART_NAMES } from "../model/spec/charts";
import { CHECKED_CHARTS } from "../model/core/versions";
import type { HelmRelease } from "../model/core/types";
import { clone, dualStack, planOf, ROOT, stackConfig } from "./helpers/fixtures";

const CHARTS = join(ROOT, "..", "shared", "charts");

interface Chart {
  values: unknown;
  /** Every `.Values.a.b` path the templates read. */
  read: Set<string>;
}

function chart(dir: string): Chart {
  const read = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.(yaml|tpl|txt)$/.test(e.name))
        for (const m of readFileSync(join(d, e.name), "utf8").matchAll(/\.Values((\.\w+)+)/g))
          read.add(m[1].slice(1));
    }
  };
  walk(join(dir, "templates"));
  return { values: parse(readFileSync(join(dir, "values.yaml"), "utf8")), read };
}

/** Leaf paths of a values object (arrays are leaves). */
function leaves(v: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0)
    for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  else out.push(path);
  return out;
}

/**
 * Paths the chart does not know: a path is known when values.yaml has it, or a prefix of it is a free-form map
 * there (an empty `{}` default, e.g. annotations) or is read by a template without a default (a commented-out
 * `# nodeSelector: {}`).
 */
function unknownPaths(c: Chart, values: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const path of leaves(values)) {
    let node: unknown = c.values;
    let ok = false;
    for (let i = 0; i < path.length; i++) {
      const prefix = path.slice(0, i + 1).join(".");
      const here =
        node !== null && typeof node === "object" && Object.hasOwn(node, path[i])
          ? (node as Record<string, unknown>)[path[i]]
          : undefined;
      if (here === undefined) {
        ok = c.read.has(prefix);
        break;
      }
      if (i === path.length - 1) ok = true;
      else if (typeof here === "object" && here !== null && Object.keys(here).length === 0) {
        ok = true;
        break;
      }
      node = here;
    }
    if (!ok) bad.push(path.join("."));
  }
  return bad;
}

const release = (releases: HelmRelease[], name: string) =>
  releases.find((r) => r.resourceName === name)!;

describe("Helm values against the charts in ../shared/charts", () => {
  const nginx = () => chart(join(CHARTS, `nginx-ingress-${CHECKED_CHARTS.ingress.version}`));
  const metallb = () => chart(join(CHARTS, `metallb-${CHECKED_CHARTS.metallb.version}`));

  it("checks the chart versions the stacks install", () => {
    for (const stack of ["prod", "lab"]) {
      const plan = planOf(stackConfig(stack));
      assert.equal(plan.versions.ingress, CHECKED_CHARTS.ingress.version, stack);
      assert.equal(plan.versions.metallb, CHECKED_CHARTS.metallb.version, stack);
    }
    for (const [key, dir] of [
      ["ingress", `nginx-ingress-${CHECKED_CHARTS.ingress.version}`],
      ["metallb", `metallb-${CHECKED_CHARTS.metallb.version}`],
    ] as const) {
      const meta = parse(readFileSync(join(CHARTS, dir, "Chart.yaml"), "utf8"));
      assert.deepEqual(
        { chart: meta.name, version: meta.version, app: meta.appVersion },
        CHECKED_CHARTS[key],
      );
      assert.equal(meta.name, CHART_NAMES[key]);
    }
  });

  it("every NGINX value exists in nginx-ingress 2.6.4, with and without a fixed LoadBalancer IP", () => {
    const raw = clone(stackConfig("prod")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw.ingress.loadBalancerIP = "198.51.100.10";
    for (const plan of [planOf(stackConfig("prod")), planOf(raw)])
      assert.deepEqual(
        unknownPaths(nginx(), release(plan.helmReleases, "ingress-controller").values),
        [],
      );
    const values = release(planOf(raw).helmReleases, "ingress-controller").values;
    assert.deepEqual(
      leaves(values).map((p) => p.join(".")),
      [
        "controller.kind",
        "controller.nodeSelector.bgp-fabric.io/ingress",
        "controller.tolerations",
        "controller.ingressClass.name",
        "controller.ingressClass.create",
        "controller.service.type",
        "controller.service.externalTrafficPolicy",
        "controller.service.annotations.metallb.io/loadBalancerIPs",
        "controller.strategy.type",
        "controller.strategy.rollingUpdate.maxSurge",
        "controller.strategy.rollingUpdate.maxUnavailable",
      ],
    );
  });

  it("a dual-stack plan's NGINX Service values (ipFamilyPolicy, ipFamilies) exist in nginx-ingress 2.6.4", () => {
    const values = release(planOf(dualStack()).helmReleases, "ingress-controller").values as {
      controller: { service: Record<string, unknown> };
    };
    assert.deepEqual(unknownPaths(nginx(), values), []);
    assert.deepEqual(values.controller.service, {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4", "IPv6"],
    });
  });

  it("every MetalLB value exists in metallb 0.16.1", () => {
    const values = release(planOf(stackConfig("prod")).helmReleases, "metallb").values;
    assert.deepEqual(unknownPaths(metallb(), values), []);
  });

  it("reports a misspelt or invented key", () => {
    assert.deepEqual(
      unknownPaths(nginx(), {
        controller: {
          servce: { type: "LoadBalancer" },
          kind: "daemonset",
          nodeSelectr: { a: "b" },
        },
      }),
      ["controller.servce.type", "controller.nodeSelectr.a"],
    );
    assert.deepEqual(unknownPaths(metallb(), { speaker: { enable: false } }), ["speaker.enable"]);
  });
});
