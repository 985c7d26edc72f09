// io/flags.ts: a command line parseArgs refuses becomes one line; an unknown option names the closest known flag.
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { actionProblem, choiceProblem, flagError } from "../io/flags";
import { closest, editDistance } from "../model/core/spelling";

const OPTIONS = {
  stack: { type: "string" },
  config: { type: "string" },
  all: { type: "boolean" },
  "ssh-key": { type: "string" },
  "insecure-host-keys": { type: "boolean" },
} as const;
const USAGE = "usage: npm run plan -- --stack <name>\n       more usage";

function refused(args: string[], allowPositionals = false): string {
  try {
    parseArgs({ args, options: OPTIONS, allowPositionals });
  } catch (e) {
    return flagError(e, Object.keys(OPTIONS), USAGE);
  }
  assert.fail("parsed");
}

describe("command-line flags", () => {
  it("fails on an unknown option with one line naming the closest known flag", () => {
    assert.equal(
      refused(["--stak", "prod"]),
      "--stak: is not an option of npm run plan; did you mean --stack? (npm run plan -- --help lists them)",
    );
    assert.equal(
      refused(["--sshkey", "k"], true),
      "--sshkey: is not an option of npm run plan; did you mean --ssh-key? (npm run plan -- --help lists them)",
    );
    assert.equal(
      refused(["--insecure-hostkeys"]),
      "--insecure-hostkeys: is not an option of npm run plan; did you mean --insecure-host-keys? (npm run plan -- --help lists them)",
    );
    assert.equal(
      refused(["--xyzzy"]),
      "--xyzzy: is not an option of npm run plan; npm run plan -- --help lists the options",
    );
  });

  it("fails on a value outside a flag's choices with one line naming them, and the closest when it is a slip", () => {
    const e2e = "usage: npm run e2e -- --stack <name> [--node-side calico-confd|emulation]";
    const sides = ["calico-confd", "emulation"];
    assert.equal(choiceProblem("node-side", "emulation", sides, e2e), undefined);
    assert.equal(
      choiceProblem("node-side", "emulaton", sides, e2e),
      "--node-side: must be calico-confd or emulation (got emulaton); did you mean emulation? (npm run e2e -- --help shows the usage)",
    );
    assert.equal(
      choiceProblem("node-side", "confd", sides, e2e),
      "--node-side: must be calico-confd or emulation (got confd); npm run e2e -- --help shows the usage",
    );
    assert.equal(
      choiceProblem("format", "jsn", ["text", "json"], USAGE),
      "--format: must be text or json (got jsn); did you mean json? (npm run plan -- --help shows the usage)",
    );
    assert.equal(
      choiceProblem("format", "a\nb", ["text", "json"], USAGE),
      '--format: must be text or json (got "a\\nb"); npm run plan -- --help shows the usage',
    );
  });

  it("fails on a flag holding a newline or quote with that character escaped, still one line", () => {
    assert.equal(
      refused(["--a'\nb"]),
      '"--a\'\\nb": is not an option of npm run plan; npm run plan -- --help lists the options',
    );
  });

  it("fails on a missing value or an unexpected argument with parseArgs' words on one line", () => {
    assert.equal(
      refused(["--stack"]),
      "Option '--stack <value>' argument missing; npm run plan -- --help shows the usage",
    );
    assert.equal(
      refused(["extra"]),
      "Unexpected argument 'extra'. This command does not take positional arguments; npm run plan -- --help shows the usage",
    );
  });

  it("fails on a missing, mistyped or extra action with one line naming the actions, and the closest when it is a slip", () => {
    const zone = "usage: npm run zone -- add --stack <name>\nmore usage";
    const lab = "usage: npm run lab -- --stack <name>\n       npm run lab -- down";
    const build = "--stack <name> to build";
    assert.deepEqual(
      [
        actionProblem([], ["add"], zone),
        actionProblem(["ad"], ["add"], zone),
        actionProblem(["remove"], ["add"], zone),
        actionProblem(["add", "az4", "x"], ["add"], zone),
        actionProblem(["dwon"], ["down", "live", "status"], lab, build),
        actionProblem(["foo", "bar"], ["down", "live", "status"], lab, build),
        actionProblem(["add\u001b[2J"], ["add"], zone),
      ],
      [
        "npm run zone needs an action (got nothing): add; npm run zone -- --help shows the usage",
        "ad: is not an action of npm run zone (add); did you mean add?",
        "remove: is not an action of npm run zone (add); npm run zone -- --help shows the usage",
        '"az4 x": add takes no other argument; npm run zone -- --help shows the usage',
        "dwon: is not an action of npm run lab (down, live, status, or --stack <name> to build); did you mean down?",
        '"foo bar": is not an action of npm run lab (down, live, status, or --stack <name> to build); npm run lab -- --help shows the usage',
        '"add\\u001b[2J": is not an action of npm run zone (add); npm run zone -- --help shows the usage',
      ],
    );
    // An action alone passes; a command that builds without one (the lab) needs none.
    assert.equal(actionProblem(["add"], ["add"], zone), undefined);
    assert.equal(actionProblem([], ["down", "live", "status"], lab, build), undefined);
  });

  it("suggests config keys and flags by edit distance, transpositions counted once", () => {
    assert.equal(editDistance("keepaliveSecs", "keepaliveSeconds"), 3);
    assert.equal(editDistance("stcak", "stack"), 1);
    assert.equal(
      closest("keepaliveSecs", ["holdSeconds", "keepaliveSeconds", "password"]),
      "keepaliveSeconds",
    );
    assert.equal(closest("nodecidr", ["nodeCidr", "podCidr"]), "nodeCidr");
    assert.equal(closest("plain", ["secure"]), undefined);
    assert.equal(closest("x".repeat(100_000), ["stack"]), undefined);
  });
});
