// The BGP timers and switch policy settings with their defaults, and the rule between the timers.
import type { ConfigProblem } from "../core/errors";
import type { FabricSpec } from "../core/types";
import { DEFAULTS, type RawConfig } from "./schema";

export function bgpSettings(
  raw: RawConfig,
  problems: ConfigProblem[],
  refused: Set<string>,
): FabricSpec["bgp"] {
  // Timers: RFC 4271 hold time is 0 or >= 3 s (its range: schema.ts); keepalive at most a third of it.
  const bgp = {
    keepaliveSeconds: raw.bgp?.keepaliveSeconds ?? DEFAULTS.keepaliveSeconds,
    holdSeconds: raw.bgp?.holdSeconds ?? DEFAULTS.holdSeconds,
    connectRetrySeconds: raw.bgp?.connectRetrySeconds ?? DEFAULTS.connectRetrySeconds,
    gracefulRestartSeconds: raw.bgp?.gracefulRestartSeconds ?? DEFAULTS.gracefulRestartSeconds,
    maximumPaths: raw.bgp?.maximumPaths ?? DEFAULTS.maximumPaths,
    healthCheckSeconds: raw.bgp?.healthCheckSeconds ?? DEFAULTS.healthCheckSeconds,
    drainWaitSeconds: raw.bgp?.drainWaitSeconds ?? DEFAULTS.drainWaitSeconds,
    switchDrainSeconds: raw.bgp?.switchDrainSeconds ?? DEFAULTS.switchDrainSeconds,
    nodesReceive: raw.bgp?.nodesReceive ?? DEFAULTS.nodesReceive,
    maximumPrefix: {
      reflectors: raw.bgp?.maximumPrefix?.reflectors ?? DEFAULTS.maximumPrefixReflectors,
      ingress: raw.bgp?.maximumPrefix?.ingress ?? DEFAULTS.maximumPrefixIngress,
      warningPercent:
        raw.bgp?.maximumPrefix?.warningPercent ?? DEFAULTS.maximumPrefixWarningPercent,
      restartMinutes:
        raw.bgp?.maximumPrefix?.restartMinutes ?? DEFAULTS.maximumPrefixRestartMinutes,
    },
    transportAcceptsDefault: raw.bgp?.transportAcceptsDefault ?? false,
  };
  if (
    !refused.has("bgp.holdSeconds") &&
    (bgp.keepaliveSeconds < 1 || bgp.keepaliveSeconds * 3 > bgp.holdSeconds)
  ) {
    problems.push({
      path: "bgp.keepaliveSeconds",
      problem: `is not between 1 and a third of the hold time (${bgp.holdSeconds} s)`,
      got: bgp.keepaliveSeconds,
      fix: `use at most ${Math.floor(bgp.holdSeconds / 3)}`,
    });
  }
  return bgp;
}
