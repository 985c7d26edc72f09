// Every file of a plan directory: the model's renderings plus the topology SVG (Graphviz runs asynchronously).
import { dot, topology } from "../model/present/diagram";
import { renderPlan, type PlanFile } from "../model/present/render";
import type { NetworkPlan } from "../model/core/types";
import { svgOf } from "../io/svg";

export async function planFiles(plan: NetworkPlan): Promise<PlanFile[]> {
  const files = [
    ...renderPlan(plan),
    { path: "topology.svg", content: await svgOf(dot(topology(plan))) },
  ];
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
