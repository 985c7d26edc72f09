// Dialect registry: the switch's `dialect` config value picks its renderer.
import type { DialectName } from "../../core/types";
import type { Dialect } from "./dialect";
import { frr } from "./frr";

export const DIALECTS: Record<DialectName, Dialect> = { frr };
export * from "./dialect";
