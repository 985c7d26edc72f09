// The library: what a Pulumi program imports (`import { Cluster } from "bgp-fabric"`). docs/library.md.
export { Cluster } from "./cluster";
export { Zone, type ZoneArgs } from "./zone";
export { MasterPair, type MasterPairArgs } from "./master-pair";
export { IngressPool, type IngressPoolArgs } from "./ingress-pool";
export type * from "./types";
export { sessionView } from "./types";
export { COMPONENT_TYPES } from "../model/core/names";
export type {
  BgpSession,
  NetworkPlan,
  ZonePlan,
  SessionKind,
  RolloutMode,
} from "../model/core/types";
