// Dialect registry: the switch's `dialect` config value picks its renderer.
import type { DialectName } from "../../core/types";
import type { Dialect } from "./dialect";
import { eos } from "./eos";
import { frr } from "./frr";
import { nxos } from "./nxos";

export const DIALECTS: Record<DialectName, Dialect> = { frr, eos, nxos };
export * from "./dialect";
