// What `npm run bench` measures: the committed stacks, then synthetic datacenters that each move one dimension (zones,
// ingress nodes per zone, lab workers per zone, pool size) away from a prod-sized one.
import { caseName, type Shape } from "./datacenter";

export interface BenchCase {
  name: string;
  /** Absent for a committed stack file (its shape is read from the plan). */
  shape?: Shape;
  /** A committed stack file, relative to the project directory. */
  stackFile?: string;
  /** What it stands for in the table. */
  note: string;
}

const base: Shape = { zones: 3, ingress: 2, workers: 0, pool: 26 };

const synthetic = (note: string, s: Partial<Shape>): BenchCase => {
  const shape = { ...base, ...s };
  return { name: caseName(shape), shape, note };
};

/** The default run: every case a target is judged on, sized to finish in 5 minutes on 2 idle cores. */
export const QUICK: BenchCase[] = [
  { name: "prod", stackFile: "Pulumi.prod.yaml", note: "Pulumi.prod.yaml" },
  synthetic("prod-sized", {}),
  synthetic("zones", { zones: 32 }),
  synthetic("ingress, pool /16", { ingress: 16, pool: 16 }),
  synthetic("zones, workers", { zones: 32, workers: 100 }),
  synthetic("zones, workers (20k target)", { zones: 32, workers: 600 }),
];

/** `--full`: the lab stack, each dimension alone, 32 and 128 zones of 16 ingress nodes, 2,000 workers in 32 zones. */
export const FULL: BenchCase[] = [
  ...QUICK,
  { name: "lab", stackFile: "Pulumi.lab.yaml", note: "Pulumi.lab.yaml" },
  synthetic("ingress", { ingress: 16 }),
  synthetic("pool /16", { pool: 16 }),
  synthetic("zones, ingress, pool /16", { zones: 32, ingress: 16, pool: 16 }),
  synthetic("workers", { workers: 2000 }),
  synthetic("zones", { zones: 128 }),
  synthetic("zones, ingress", { zones: 128, ingress: 16 }),
  synthetic("zones, workers", { zones: 32, workers: 2000 }),
];
