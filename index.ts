// bgp-fabric: the program the Pulumi CLI runs (`pulumi up`). Everything is in program.ts.
import { fabric } from "./program";

const out = fabric();

export const datacenter = out.datacenter;
export const rollout = out.rollout;
export const zones = out.zones;
export const sessions = out.sessions;
export const clusterUrn = out.clusterUrn;
