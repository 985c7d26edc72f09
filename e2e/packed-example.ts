// examples/two-zones as a program outside this repository has it: built against the package `npm pack` produces,
// not against the sources. The project is packed, the tarball extracted, and the example compiled to plain JavaScript
// with its import `from "bgp-fabric"` kept, beside a node_modules that resolves `bgp-fabric` to the extracted package.
// The e2e's example step deploys it through the real engine; test/cli/package.test.ts runs it under mocks.
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { removedOnExit } from "../io/removed-on-exit";

const ROOT = resolve(__dirname, "..");
const SOURCE = join(ROOT, "examples", "two-zones", "index.ts");
/** The example's one import of the library, as the source writes it (read as text: the e2e does not import it). */
const LIBRARY = "../../components";
const SOURCE_IMPORT = "from " + JSON.stringify(LIBRARY) + ";";

export interface PackedExample {
  /** The temporary directory holding all of it (mode 0700). */
  dir: string;
  /** The compiled example (`<dir>/example/index.js`): plain JavaScript requiring "bgp-fabric" by name. */
  module: string;
  /** The extracted package (`<dir>/package`). */
  packageDir: string;
  /** From the packed package.json and `npm pack --json`. */
  name: string;
  version: string;
  tarball: string;
  /** Paths of the files in the tarball, sorted. */
  files: string[];
  /** Removes `dir` (also done on exit or a signal). */
  remove: () => void;
}

/** `name@version (N files)`: how the e2e logs the package it deployed from. */
export const packageLabel = (p: Pick<PackedExample, "name" | "version" | "files">): string =>
  `${p.name}@${p.version} (${p.files.length} files)`;

/** The example's source with its import of the library made the package's: what a program of its own writes. */
export function exampleAgainstPackage(source: string): string {
  if (!source.includes(SOURCE_IMPORT))
    throw new Error(`${SOURCE}: no \`${SOURCE_IMPORT}\` to rewrite to the package's name`);
  const ported = source.replace(SOURCE_IMPORT, 'from "bgp-fabric";');
  return ts.transpileModule(ported, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/**
 * Packs the project into a new 0700 directory under `parent`, extracts it, and writes the example compiled against
 * it. The package's node_modules and the example's `@pulumi` are symlinks to the project's own, so an inline program
 * in this process (or one started from this checkout) registers through the same SDK module instance: checked here.
 */
export function packExample(parent: string): PackedExample {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, "packed-example-"));
  const remove = removedOnExit(dir);
  try {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    // `prepack`'s own output comes first on stdout.
    const [packed] = JSON.parse(out.slice(out.indexOf("["))) as {
      name: string;
      version: string;
      filename: string;
      files: { path: string }[];
    }[];
    execFileSync("tar", ["-xzf", join(dir, packed.filename), "-C", dir]);
    const packageDir = join(dir, "package");
    const nodeModules = join(ROOT, "node_modules");
    // The package's dependencies, as a consumer's install would resolve them: the project's.
    symlinkSync(nodeModules, join(packageDir, "node_modules"), "dir");
    const exampleDir = join(dir, "example");
    mkdirSync(join(exampleDir, "node_modules"), { recursive: true, mode: 0o700 });
    symlinkSync(packageDir, join(exampleDir, "node_modules", "bgp-fabric"), "dir");
    symlinkSync(join(nodeModules, "@pulumi"), join(exampleDir, "node_modules", "@pulumi"), "dir");
    const module = join(exampleDir, "index.js");
    writeFileSync(module, exampleAgainstPackage(readFileSync(SOURCE, "utf8")), { mode: 0o600 });
    assertOneSdk(exampleDir, join(packageDir, "dist", "components"));
    return {
      dir,
      module,
      packageDir,
      name: packed.name,
      version: packed.version,
      tarball: packed.filename,
      files: packed.files.map((f) => f.path).sort(),
      remove,
    };
  } catch (e) {
    remove();
    throw e;
  }
}

/** The file `require("@pulumi/pulumi")` loads from `from`, symlinks resolved (as Node.js caches modules). */
export const sdkFrom = (from: string): string =>
  realpathSync(require.resolve("@pulumi/pulumi", { paths: [from] }));

/**
 * Refuses a layout where the example or the package would load a second copy of the SDK: an inline program's
 * resources registered through another copy never reach the engine this process talks to.
 */
function assertOneSdk(...dirs: string[]): void {
  const ours = sdkFrom(ROOT);
  for (const d of dirs) {
    const theirs = sdkFrom(d);
    if (theirs !== ours)
      throw new Error(`${d} loads @pulumi/pulumi from ${theirs}, not the project's ${ours}`);
  }
}
