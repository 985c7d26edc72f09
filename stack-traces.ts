// The Pulumi SDK keeps a stack trace on every promise it tracks (`debuggablePromise` in runtime/debuggable.js:
// `new Error().stack`), read only to name a promise still pending when the program exits. Under ts-node (`pulumi
// up` runs index.ts through it), its source-map support maps each of those stacks frame by frame: about 4 ms of CPU
// per resource in the program's process (docs/bench.md). Those stacks are written unmapped (`at <file>:<line>:<column>`
// of the transpiled code); every other stack — an error's, the source position the SDK sends the engine for each
// resource (`Resource.callsites`) — is still mapped to its TypeScript line. With PULUMI_DEBUG_PROMISE_LEAKS set the SDK
// prints those stacks for a leaked promise, so they stay mapped then: JavaScript lines under a .ts name would mislead.
import { sep } from "node:path";

/** The SDK file whose message-less `new Error()` only records where a promise was made. */
const PROMISE_STACKS = `${sep}@pulumi${sep}pulumi${sep}runtime${sep}debuggable.js`;

const INSTALLED = Symbol.for("bgp-fabric.unmappedPromiseStacks");

const position = (f: NodeJS.CallSite) =>
  `\n    at ${f.getFileName() ?? "<anonymous>"}:${f.getLineNumber() ?? 0}:${f.getColumnNumber() ?? 0}`;

/** Whether `error` is the SDK's record of where a promise was made: no message, created in debuggable.js. */
function promiseStack(error: unknown, frames: NodeJS.CallSite[]): boolean {
  return (
    error instanceof Error &&
    error.message === "" &&
    (frames[0]?.getFileName() ?? "").endsWith(PROMISE_STACKS)
  );
}

/**
 * Installs the bypass in front of the stack formatting in place (ts-node's mapping); once per process, and not at all
 * without one (plain Node.js formats stacks without mapping already) or while promise leaks are being debugged.
 */
export function unmappedPromiseStacks(env: NodeJS.ProcessEnv = process.env): void {
  const mapped = Error.prepareStackTrace;
  const g = globalThis as { [INSTALLED]?: true };
  // The SDK's own reading of the variable (runtime/debuggable.js: `!!process.env.PULUMI_DEBUG_PROMISE_LEAKS`).
  if (mapped === undefined || g[INSTALLED] || env.PULUMI_DEBUG_PROMISE_LEAKS) return;
  g[INSTALLED] = true;
  Error.prepareStackTrace = (error, frames) =>
    promiseStack(error, frames)
      ? `${String(error)}${frames.map(position).join("")}`
      : mapped(error, frames);
}
