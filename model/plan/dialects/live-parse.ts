// What `--live` and `npm run status` read back from a switch, per dialect (issue 11): the running config, the session
// states and the LoadBalancer routes, each parsed into the one structure the comparisons read. Pure.
import type { DialectName } from "../../core/types";
import { parseEosRunningConfig, parseNxosRunningConfig } from "./cli-parse";
import {
  parseEosRoutesJson,
  parseEosSummaryJson,
  parseNxosRoutesJson,
  parseNxosSummaryJson,
} from "./cli-json";
import {
  parseFrrRoutesJson,
  parseFrrRunningConfig,
  parseFrrSummaryJson,
  type FrrRunning,
} from "./frr-parse";

export interface LiveParser {
  running(text: string): FrrRunning;
  /** Neighbor address -> session state (`Established`, `Active`, ...). */
  summary(text: string): Record<string, string>;
  /** Prefix -> the next hops the switch forwards it with. */
  routes(text: string): Record<string, string[]>;
}

export const LIVE_PARSERS: Record<DialectName, LiveParser> = {
  frr: { running: parseFrrRunningConfig, summary: parseFrrSummaryJson, routes: parseFrrRoutesJson },
  eos: { running: parseEosRunningConfig, summary: parseEosSummaryJson, routes: parseEosRoutesJson },
  nxos: {
    running: parseNxosRunningConfig,
    summary: parseNxosSummaryJson,
    routes: parseNxosRoutesJson,
  },
};
