// Loaded by the unit tier right after ts-node (.mocharc.json `require`): ts-node's transpiled output of each file,
// kept in the checkout's git-ignored .cache/ by a hash of everything it depends on. Each of the two mocha workers
// transpiles every file it loads, the model's included, on every run: about 3 s of CPU per worker. A file changed
// since, another TypeScript, ts-node, its options (transpiler, swc) or compiler options: another hash, transpiled again.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

interface Service {
  compile(code: string, fileName: string, lineOffset?: number): string;
  ts: { version: string };
  options: unknown;
  config: { options: unknown };
}

type Compile = (code: string, fileName: string, lineOffset?: number) => string;

/**
 * `transpile` served from `dir` by a hash of `salt` (what the output depends on besides the file), the file's path,
 * line offset and source. Output is written aside and renamed, so a concurrent reader never sees half a file; a cache
 * that cannot be written only costs the time (the output is still returned).
 */
export function cachedCompile(transpile: Compile, salt: string, dir: string): Compile {
  return (code, fileName, lineOffset = 0) => {
    const key = createHash("sha256")
      .update(`${salt}\0${fileName}\0${lineOffset}\0${code}`)
      .digest("hex");
    const file = join(dir, `${key}.js`);
    try {
      return readFileSync(file, "utf8");
    } catch {
      const out = transpile(code, fileName, lineOffset);
      const part = `${file}.${process.pid}`;
      try {
        writeFileSync(part, out);
        renameSync(part, file);
      } catch {
        try {
          rmSync(part, { force: true });
        } catch {
          // Nothing was written there.
        }
      }
      return out;
    }
  };
}

const service = (process as unknown as Record<symbol, Service | undefined>)[
  Symbol.for("ts-node.register.instance")
];
const DIR = resolve(__dirname, "..", "..", ".cache", "bgp-fabric", "transpiled");

if (service !== undefined && !(service.compile as { cached?: true }).cached) {
  const salt = JSON.stringify([
    service.ts.version,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("ts-node/package.json") as { version: string }).version,
    service.options,
    service.config.options,
  ]);
  /** Output served from the cache, by file: ts-node's source-map support reads the map in it from here. */
  const served = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("@cspotcode/source-map-support") as { install(o: object): void }).install({
    environment: "node",
    retrieveFile: (path: string) => served.get(path.replace(/\\/g, "/")) ?? "",
  });
  try {
    mkdirSync(DIR, { recursive: true });
  } catch {
    // Unwritable checkout: every file is transpiled, as without the cache.
  }
  const compile = cachedCompile(service.compile.bind(service), salt, DIR);
  service.compile = Object.assign(
    (code: string, fileName: string, lineOffset?: number) => {
      const out = compile(code, fileName, lineOffset);
      served.set(fileName.replace(/\\/g, "/"), out);
      return out;
    },
    { cached: true as const },
  );
}
