// How `pulumi preview` and `pulumi up` run index.ts: the Node.js language host (Pulumi.yaml `runtime.options.typescript:
// true`) registers ts-node as @pulumi/pulumi 3.248.0's cmd/run/run.js does. `transpileOnly` comes from
// PULUMI_NODEJS_TRANSPILE_ONLY, else the tsconfig's compiler option `noCheck`, else ts-node's own configuration, which
// reads the tsconfig's "ts-node" section: there it is set, so the program starts without type-checking (docs/bench.md),
// while `npm test`'s `tsc --noEmit`, which ignores that section, still type-checks everything.
import assert from "node:assert/strict";
import { join } from "node:path";
import { create } from "ts-node";
import ts from "typescript";
import { ROOT } from "./helpers/fixtures";

// The SDK's reader of the tsconfig's compiler options (cmd/run/run.js calls it on the project's tsconfig.json).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsutils = require("@pulumi/pulumi/tsutils") as {
  loadTypeScriptCompilerOptions(path: string): Record<string, unknown>;
};

const TSCONFIG = join(ROOT, "tsconfig.json");

describe("the program under the Node.js language host", () => {
  it("runs transpile-only: the SDK leaves transpileOnly to ts-node, which takes it from tsconfig.json", () => {
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(TSCONFIG);
    // run.js: `transpileOnly = env ? env === "true" : compilerOptions.noCheck`, with the variable unset.
    assert.equal(compilerOptions.noCheck, undefined);
    const service = create({
      compiler: "typescript",
      transpileOnly: compilerOptions.noCheck as boolean | undefined,
      project: TSCONFIG,
      skipProject: false,
      compilerOptions: {
        target: "ES2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: "true",
        ...compilerOptions,
      },
    });
    assert.equal(service.options.transpileOnly, true);
    // A type error does not stop the program's start (npm test reports it instead).
    const js = service.compile("const n: number = 'not a number';\n", join(ROOT, "typed.ts"));
    assert.match(js, /const n = 'not a number';/);
  });

  it("is still type-checked by npm test: tsc reads the same tsconfig.json with checking on", () => {
    const read = ts.readConfigFile(TSCONFIG, (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.options.noCheck, undefined);
    assert.equal(parsed.options.strict, true);
    assert.deepEqual(read.config["ts-node"], { transpileOnly: true });
  });
});
