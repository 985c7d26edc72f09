// A stand-in for `ssh` in tests of cli/live.ts: records its argv (one JSON line per call) to $FAKE_SSH_LOG and
// prints the fixture for the remote command it was given (the last argument).
const { appendFileSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_SSH_LOG, `${JSON.stringify(args)}\n`);
const dir = join(__dirname, "../fixtures/frr-live");
const remote = args[args.length - 1];
const file = {
  "vtysh -c 'show running-config'": "az1-core1.running-config.txt",
  "vtysh -c 'show bgp summary json'": "az1-core1.bgp-summary.json",
}[remote];
if (!file) {
  process.stderr.write(`fake ssh: unexpected remote command ${remote}\n`);
  process.exit(255);
}
process.stdout.write(readFileSync(join(dir, file), "utf8"));
