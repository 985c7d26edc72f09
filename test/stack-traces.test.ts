// stack-traces.ts: the SDK's promise stacks are written unmapped; every other stack keeps ts-node's source mapping.
// The unit tier installs it (.mocharc.json requires test/helpers/sdk-stacks.ts after ts-node), as the program does;
// the tests install it too, for a run of this file alone.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { unmappedPromiseStacks } from "../stack-traces";
import { ROOT } from "./helpers/fixtures";

// The SDK's tracker of pending promises (not part of its public API; what it records is what this file is about).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
};

describe("stack traces under ts-node (stack-traces.ts)", () => {
  before(() => unmappedPromiseStacks());

  it("writes the SDK's record of where a promise was made as plain positions, unmapped", async () => {
    // The SDK defines the stack on the promise it is given and returns a chained one.
    const tracked = Promise.resolve(1);
    await debuggable.debuggablePromise(tracked, "test");
    const stack = (tracked as unknown as { _debugStackTrace: string })._debugStackTrace;
    const [first, ...frames] = stack.split("\n");
    assert.equal(first, "Error");
    assert.ok(frames.length > 0);
    for (const f of frames) assert.match(f, /^ {4}at \S.*:\d+:\d+$/);
    assert.match(frames[0], /@pulumi\/pulumi\/runtime\/debuggable\.js:\d+:\d+$/);
  });

  it("keeps every other stack mapped to its TypeScript line, and installs once", () => {
    const before = Error.prepareStackTrace;
    unmappedPromiseStacks();
    assert.equal(Error.prepareStackTrace, before);
    const line =
      readFileSync(__filename, "utf8")
        .split("\n")
        .indexOf('    const e = new Error("mapped"); // here') + 1;
    assert.ok(line > 0);
    const e = new Error("mapped"); // here
    assert.match(
      String(e.stack).split("\n")[1],
      new RegExp(`stack-traces\\.test\\.ts:${line}:\\d+\\)$`),
    );
  });
});

describe("stack traces while promise leaks are debugged (PULUMI_DEBUG_PROMISE_LEAKS)", () => {
  it("leaves the SDK's promise stacks mapped, since it prints them then", () => {
    // A fresh process: this one has the bypass installed already (.mocharc.json).
    const script = [
      'const { unmappedPromiseStacks } = require("./stack-traces");',
      "const before = Error.prepareStackTrace;",
      "unmappedPromiseStacks();",
      "process.stdout.write(String(Error.prepareStackTrace === before) + ' ' + String(before !== undefined));",
    ].join("\n");
    const run = (env: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
    assert.equal(run({ PULUMI_DEBUG_PROMISE_LEAKS: "1" }), "true true");
    assert.equal(run({ PULUMI_DEBUG_PROMISE_LEAKS: "" }), "false true");
  });
});
