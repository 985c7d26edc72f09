// Loaded by the unit tier right after ts-node (.mocharc.json `require`): ts-node's transpiled output of each file,
// kept in the checkout's git-ignored .cache/ by a hash of everything it depends on. Each of the two mocha workers
// transpiles every file it loads, the model's included, on every run: about 3 s of CPU per worker. A file changed
// since, another TypeScript, ts-node or compiler options: another hash, transpiled again.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

interface Service {
  compile(code: string, fileName: string, lineOffset?: number): string;
  ts: { version: string };
  config: { options: unknown };
}

const service = (process as unknown as Record<symbol, Service | undefined>)[
  Symbol.for("ts-node.register.instance")
];
const DIR = resolve(__dirname, "..", "..", ".cache", "bgp-fabric", "transpiled");

if (service !== undefined) {
  const transpile = service.compile.bind(service);
  const salt = JSON.stringify([
    service.ts.version,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("ts-node/package.json") as { version: string }).version,
    service.config.options,
  ]);
  /** Output served from the cache, by file: ts-node's source-map support reads the map in it from here. */
  const served = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("@cspotcode/source-map-support") as { install(o: object): void }).install({
    environment: "node",
    retrieveFile: (path: string) => served.get(path.replace(/\\/g, "/")) ?? "",
  });
  mkdirSync(DIR, { recursive: true });
  service.compile = (code, fileName, lineOffset = 0) => {
    const key = createHash("sha256")
      .update(`${salt}\0${fileName}\0${lineOffset}\0${code}`)
      .digest("hex");
    const file = join(DIR, `${key}.js`);
    let out: string;
    try {
      out = readFileSync(file, "utf8");
    } catch {
      out = transpile(code, fileName, lineOffset);
      // Written aside and renamed: the other worker never reads half a file.
      const part = `${file}.${process.pid}`;
      writeFileSync(part, out);
      renameSync(part, file);
    }
    served.set(fileName.replace(/\\/g, "/"), out);
    return out;
  };
}
