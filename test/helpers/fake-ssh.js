// A stand-in for `ssh` in tests of cli/live.ts: records its argv (one JSON line per call) to $FAKE_SSH_LOG and
// prints the fixture for the remote command it was given (the last argument). $FAKE_SSH_VARIANT picks the capture
// taken with lab-az1-in1's BIRD stopped (`in1-down`), or $FAKE_SSH_ANSWERS gives the answers. With $FAKE_SSH_KEY_SEEN, it also records the mode and first
// line of the key file it was given (`-i`), as ssh would read it.
const { appendFileSync, existsSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_SSH_LOG, `${JSON.stringify(args)}\n`);
if (process.env.FAKE_SSH_KEY_SEEN) {
  const key = args[args.indexOf("-i") + 1];
  const seen = existsSync(key)
    ? `${(statSync(key).mode & 0o777).toString(8)} ${readFileSync(key, "utf8").split("\n")[0]}`
    : "absent";
  appendFileSync(process.env.FAKE_SSH_KEY_SEEN, `${key} ${seen}\n`);
}
// $FAKE_SSH_HANG: a switch that never answers (the run is then cancelled by a signal); gives up after 60 s.
if (process.env.FAKE_SSH_HANG) setTimeout(() => process.exit(255), 60_000);
else answer();

function answer() {
  const dir = join(__dirname, "../fixtures/frr-live");
  const remote = args[args.length - 1];
  // $FAKE_SSH_ANSWERS: a JSON file of remote command -> the text to print (a test's own switch).
  if (process.env.FAKE_SSH_ANSWERS) {
    const text = JSON.parse(readFileSync(process.env.FAKE_SSH_ANSWERS, "utf8"))[remote];
    if (text === undefined) {
      process.stderr.write(`fake ssh: unexpected remote command ${remote}\n`);
      process.exit(255);
    }
    process.stdout.write(text);
    return;
  }
  const variant = process.env.FAKE_SSH_VARIANT ? `.${process.env.FAKE_SSH_VARIANT}` : "";
  const file = {
    "vtysh -c 'show running-config'": "az1-core1.running-config.txt",
    "vtysh -c 'show bgp summary json'": `az1-core1.bgp-summary${variant}.json`,
    "vtysh -c 'show ip route 203.0.113.0/28 longer-prefixes json'": `az1-core1.lb-routes${variant}.json`,
  }[remote];
  if (!file) {
    process.stderr.write(`fake ssh: unexpected remote command ${remote}\n`);
    process.exit(255);
  }
  process.stdout.write(readFileSync(join(dir, file), "utf8"));
}
