// How many runs a property test makes and from which seed. `npm test` runs each property a few hundred times from its
// fixed seed, so a failure reproduces on every machine; `npm run test:property` runs 20 times as many (PROPERTY_RUNS
// is the multiplier), and `npm run test:property -- --long` (or PROPERTY_LONG=1) 100 times as many from a random seed.
// PROPERTY_SEED=<n> replays a seed. Every property prints the seed and the command that reproduces it.

const LONG = process.argv.includes("--long") || process.env.PROPERTY_LONG === "1";

export interface PropertySettings {
  seed: number;
  /** Multiplies each property's everyday run count. */
  factor: number;
  runs(base: number): number;
  /** Mocha timeout for one property: a minute for the everyday counts, none for the longer modes. */
  timeout: number;
}

export function propertySettings(title: string, fixedSeed: number): PropertySettings {
  const fromEnv = process.env.PROPERTY_SEED;
  const seed =
    fromEnv !== undefined && fromEnv !== ""
      ? Number(fromEnv)
      : LONG
        ? Math.floor(Math.random() * 0x7fffffff)
        : fixedSeed;
  if (!Number.isSafeInteger(seed))
    throw new Error(`PROPERTY_SEED must be an integer (got ${fromEnv})`);
  const factor = LONG ? 100 : Number(process.env.PROPERTY_RUNS ?? 1);
  if (!Number.isSafeInteger(factor) || factor < 1)
    throw new Error(`PROPERTY_RUNS must be a positive integer (got ${process.env.PROPERTY_RUNS})`);
  console.log(
    `  ${title}: seed ${seed}, runs x${factor} (reproduce: PROPERTY_SEED=${seed} PROPERTY_RUNS=${factor} npm run test:property)`,
  );
  return { seed, factor, runs: (base) => base * factor, timeout: factor > 1 ? 0 : 60_000 };
}
