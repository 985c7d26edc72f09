// Stack file -> NetworkPlan for the commands beside `npm run plan` (diff baselines, --all, the zone command).
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { buildPlan } from "../model/plan";
import { parseSpec } from "../model/spec";
import { parseStackText } from "../model/stack-file";
import type { NetworkPlan } from "../model/types";

/** Throws ConfigError with every problem, like `npm run plan`; `label` names the source in messages. */
export function planFromText(text: string, label: string): NetworkPlan {
  const { spec, warnings } = parseSpec(parseStackText(text, label), { requireSecrets: false });
  return buildPlan(spec, warnings);
}

export function planFromFile(file: string): NetworkPlan {
  return planFromText(readFileSync(file, "utf8"), shown(file));
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r === "" ? "." : r.startsWith("..") ? path : r;
}

/** Progress goes to stderr, so stdout stays the result (text or `--format json`). */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}
