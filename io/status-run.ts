// `npm run status` and `npm run lab -- status`: read every switch (io/live.ts), judge each zone (model/verify/status.ts),
// write the picture into a directory of our own (io/plan-dir.ts) and print the report.
import type { NetworkPlan } from "../model/core/types";
import { statusFiles, statusJson, statusText } from "../model/present/status";
import type { ZoneStatus } from "../model/verify/status";
import { progress, shown, stdout } from "./input";
import { liveStatus, type LiveOptions } from "./live";
import { writePlanDir, type Writer } from "./plan-dir";
import { svgOf } from "./svg";

/** The writer a status directory's manifest names. */
export const STATUS_WRITER: Writer = "npm run status";

/** Reads the switches, writes the picture into `out` (ours only) and prints the report; the exit code. */
export async function runStatus(
  plan: NetworkPlan,
  o: LiveOptions,
  out: string,
  json: boolean,
  read: (plan: NetworkPlan, o: LiveOptions) => Promise<ZoneStatus[]> = liveStatus,
): Promise<number> {
  const zones = await read(plan, o);
  const files = statusFiles(plan, zones);
  files.push({
    path: "status.svg",
    content: await svgOf(files.find((f) => f.path === "status.dot")!.content),
  });
  writePlanDir(out, files, STATUS_WRITER);
  progress(`status picture -> ${shown(out)} (status.svg, status.dot, status.txt, status.json)`);
  stdout(json ? statusJson(zones) : statusText(zones));
  return zones.every((z) => z.ok) ? 0 : 2;
}
