// Loaded by the unit tier after ts-node (.mocharc.json `require`). The Pulumi SDK takes a stack trace for every
// promise it tracks (`debuggablePromise`: `new Error().stack`) and every resource it registers (`Resource.callsites`,
// at unlimited depth, for the source position it sends the engine), and ts-node's source-map support maps every frame
// of each: a fifth of the unit tier's CPU (docs/testing.md#timings). Under mocks nothing reads those stacks, so they
// are written without mapping, each frame as `at <file>:<line>:<column>` (the form `Resource.callsites` parses);
// every other stack (an assertion, an error of ours or of the SDK, which carry a message) is still mapped to its
// TypeScript lines.
import { sep } from "node:path";

const SDK = `${sep}node_modules${sep}@pulumi${sep}pulumi${sep}`;
/** The SDK files whose message-less `new Error()` only records where it was called from. */
const CAPTURES = [`${SDK}runtime${sep}debuggable.js`, `${SDK}resource.js`];

const mapped = Error.prepareStackTrace;

/** Whether `error` is one of the SDK's stack captures: no message, created in one of CAPTURES. */
function sdkCapture(error: unknown, frames: NodeJS.CallSite[]): boolean {
  if (!(error instanceof Error) || error.message !== "") return false;
  const file = frames[0]?.getFileName() ?? "";
  return CAPTURES.some((c) => file.endsWith(c));
}

const position = (f: NodeJS.CallSite) =>
  `\n    at ${f.getFileName() ?? "<anonymous>"}:${f.getLineNumber() ?? 0}:${f.getColumnNumber() ?? 0}`;

// Without ts-node's hook (none to bypass) V8's own formatting stays.
if (mapped !== undefined)
  Error.prepareStackTrace = (error, frames) =>
    sdkCapture(error, frames)
      ? `${String(error)}${frames.map(position).join("")}`
      : mapped(error, frames);
