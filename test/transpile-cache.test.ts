// test/helpers/transpile-cache.ts: the unit tier's cache of ts-node's output serves a file's output only for the same
// source, path, line offset and salt (TypeScript, ts-node and their options), and leaves no partial file behind.
import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cachedCompile } from "./helpers/transpile-cache";
import { tempDirs } from "./helpers/temp-dir";

const dirs = tempDirs();

describe("the unit tier's transpile cache (test/helpers/transpile-cache.ts)", () => {
  const calls: string[] = [];
  const transpile = (code: string, fileName: string, lineOffset = 0) => {
    calls.push(`${fileName}:${lineOffset}:${code}`);
    return `/* ${calls.length} */ ${code}`;
  };

  it("serves the same input from the cache and transpiles again on any change of what it depends on", () => {
    calls.length = 0;
    const dir = dirs("transpile");
    const a = cachedCompile(transpile, '["5.0","10.9",{"transpileOnly":true}]', dir);
    const b = cachedCompile(transpile, '["5.0","10.9",{"transpileOnly":false}]', dir);
    assert.equal(a("let x = 1;", "/p/a.ts"), "/* 1 */ let x = 1;");
    assert.equal(a("let x = 1;", "/p/a.ts"), "/* 1 */ let x = 1;"); // served
    assert.equal(a("let x = 2;", "/p/a.ts"), "/* 2 */ let x = 2;"); // source
    assert.equal(a("let x = 1;", "/p/b.ts"), "/* 3 */ let x = 1;"); // path
    assert.equal(a("let x = 1;", "/p/a.ts", 1), "/* 4 */ let x = 1;"); // line offset
    assert.equal(b("let x = 1;", "/p/a.ts"), "/* 5 */ let x = 1;"); // options, versions
    assert.equal(calls.length, 5);
    assert.deepEqual(
      readdirSync(dir).filter((f) => !/^[0-9a-f]{64}\.js$/.test(f)),
      [],
    );
    assert.equal(readdirSync(dir).length, 5);
  });

  it("still returns the output when the cache cannot be written", () => {
    calls.length = 0;
    // A file where the cache directory should be: no write succeeds, root's included.
    const file = join(dirs("transpile-unwritable"), "not-a-dir");
    writeFileSync(file, "");
    const c = cachedCompile(transpile, "s", join(file, "cache"));
    assert.equal(c("let y = 1;", "/p/c.ts"), "/* 1 */ let y = 1;");
    assert.equal(c("let y = 1;", "/p/c.ts"), "/* 2 */ let y = 1;");
  });
});
