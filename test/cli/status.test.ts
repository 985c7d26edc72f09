// `npm run status` and `plan --live` as an operator runs them, with a fake `pulumi` and a fake `ssh` on PATH: the key
// comes from the stack's secret into a 0600 file that is gone afterwards and never printed; a missing secret or a
// missing pulumi is one line; refusals come before the secret is read; the picture goes only into a directory of
// status output. The connected path on real FRR is the lab drill (test/lab/live-drift.spec.ts).
import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "../helpers/fixtures";
import { runCli } from "./run";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-test-only-not-a-real-key";
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;

describe("npm run status and --live: the key from the stack's secret", function () {
  this.timeout(120_000);
  const dir = temp("status-cli");
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const pulumiLog = join(dir, "pulumi.log");
  const sshLog = join(dir, "ssh.jsonl");
  const keySeen = join(dir, "key-seen.log");
  writeFileSync(
    join(bin, "pulumi"),
    [
      "#!/bin/sh",
      `printf '%s %s\\n' "$PWD" "$*" >> ${pulumiLog}`,
      'if [ "$FAKE_PULUMI_MODE" = missing ]; then',
      "  echo \"error: configuration key 'bgp-fabric:switchSshPrivateKey' not found for stack 'lab'\" >&2",
      "  exit 255",
      "fi",
      `printf '%s' '${KEY}'`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(bin, "ssh"),
    `#!/bin/sh\nexec ${process.execPath} ${resolve(ROOT, "test/helpers/fake-ssh.js")} "$@"\n`,
  );
  chmodSync(join(bin, "pulumi"), 0o755);
  chmodSync(join(bin, "ssh"), 0o755);
  // Only our fakes on PATH: no real pulumi or ssh can be reached.
  const env = { PATH: bin, FAKE_SSH_LOG: sshLog, FAKE_SSH_KEY_SEEN: keySeen };
  const noPulumi = join(dir, "empty-bin");
  mkdirSync(noPulumi);
  const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  const reset = () => {
    for (const f of [pulumiLog, sshLog, keySeen]) writeFileSync(f, "");
  };
  beforeEach(reset);

  it("status: reads the secret through pulumi, hands ssh a 0600 key file, removes it, never prints it", () => {
    const out = join(dir, "status-out");
    const r = runCli("status", ["--stack", "lab", "--insecure-host-keys", "--out", out], ROOT, env);
    assert.equal(
      read(pulumiLog),
      `${ROOT} config get bgp-fabric:switchSshPrivateKey --stack lab\n`,
    );
    const seen = read(keySeen).trim().split("\n");
    // 4 switches x (running config, summary, one pool's routes)
    assert.equal(seen.length, 12);
    const keyFile = seen[0].split(" ")[0];
    for (const s of seen) assert.equal(s, `${keyFile} 600 -----BEGIN OPENSSH PRIVATE KEY-----`);
    assert.equal(existsSync(keyFile), false, "the temporary key is removed");
    for (const text of [r.stdout, r.stderr, read(sshLog)]) assert.ok(!text.includes(KEY_BODY));
    // The fake ssh answers az1/core1's capture for every switch: az1 is OK, az2 (other addresses) is not.
    const lines = r.stdout.split("\n");
    assert.equal(
      lines[0],
      "az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes",
    );
    assert.match(
      lines[1],
      /^az2: DEGRADED — 0\/8 sessions Established \(core1 lab-az2-m1 not configured, /,
    );
    assert.equal(lines[lines.length - 2], "status: 1 of 2 zones DEGRADED");
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      `status picture -> ${out} (status.svg, status.dot, status.txt, status.json)\n`,
    );
    const written = JSON.parse(readFileSync(join(out, ".bgp-fabric-plan"), "utf8"));
    assert.equal(written.writtenBy, "npm run status");
    assert.deepEqual(written.files, ["status.dot", "status.json", "status.svg", "status.txt"]);
    assert.deepEqual(Object.keys(written.sha256), written.files);
    assert.match(readFileSync(join(out, "status.svg"), "utf8"), /^<\?xml|^<svg/);
    assert.equal(readFileSync(join(out, "status.txt"), "utf8"), r.stdout);
  });

  it("status --format json: the same verdicts for machines", () => {
    const r = runCli(
      "status",
      [
        "--stack",
        "lab",
        "--insecure-host-keys",
        "--format",
        "json",
        "--out",
        join(dir, "json-out"),
      ],
      ROOT,
      env,
    );
    const doc = JSON.parse(r.stdout) as {
      degraded: boolean;
      zones: { zone: string; ok: boolean }[];
    };
    assert.equal(doc.degraded, true);
    assert.deepEqual(
      doc.zones.map((z) => [z.zone, z.ok]),
      [
        ["az1", true],
        ["az2", false],
      ],
    );
    assert.equal(r.status, 2);
  });

  it("plan --live: the same secret, the same clean-up", () => {
    const r = runCli("plan", ["--stack", "lab", "--live", "--insecure-host-keys"], ROOT, env);
    assert.equal(
      read(pulumiLog),
      `${ROOT} config get bgp-fabric:switchSshPrivateKey --stack lab\n`,
    );
    const keyFile = read(keySeen).split(" ")[0];
    assert.equal(existsSync(keyFile), false);
    assert.match(r.stdout, /^az1\/core1: no drift, 4\/4 planned sessions Established\n/);
    assert.ok(!r.stdout.includes(KEY_BODY) && !r.stderr.includes(KEY_BODY));
    assert.equal(r.status, 2);
  });

  // A cancelled run (Ctrl-C, a CI cancel, a closed terminal) while ssh waits on a switch: the key file goes too.
  for (const [cli, signal] of [
    [["plan", "--stack", "lab", "--live", "--insecure-host-keys"], "SIGINT"],
    [["status", "--stack", "lab", "--insecure-host-keys", "--out", join(dir, "sig")], "SIGTERM"],
    [["plan", "--stack", "lab", "--live", "--insecure-host-keys"], "SIGHUP"],
  ] as const)
    it(`${cli[0]}: ${signal} while ssh runs removes the key file and its known_hosts directory and ends by that signal`, async () => {
      // Its own temporary directory, to see what the run leaves there.
      const tmp = temp(`sigtmp-${signal}`);
      // Files of their own: the other switches' ssh processes are still starting when the signal comes.
      const hangSeen = join(dir, `hang-${signal}.log`);
      const hangEnv = {
        FAKE_SSH_HANG: "1",
        FAKE_SSH_KEY_SEEN: hangSeen,
        FAKE_SSH_LOG: join(dir, `hang-${signal}.jsonl`),
      };
      const p = spawn(
        process.execPath,
        [
          "-r",
          join(ROOT, "node_modules/ts-node/register/transpile-only"),
          join(ROOT, "cli", `${cli[0]}.ts`),
          ...cli.slice(1),
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            TS_NODE_PROJECT: join(ROOT, "tsconfig.json"),
            ...env,
            ...hangEnv,
            TMPDIR: tmp,
          },
          stdio: "ignore",
        },
      );
      const ended = new Promise<NodeJS.Signals | null>((done) => p.on("exit", (_c, s) => done(s)));
      for (const until = Date.now() + 60_000; read(hangSeen) === "" && Date.now() < until;)
        await new Promise((r) => setTimeout(r, 50));
      const [keyFile, seen] = read(hangSeen).split("\n")[0].split(" ");
      assert.equal(seen, "600"); // the key was there while ssh ran
      p.kill(signal);
      assert.equal(await ended, signal);
      assert.equal(existsSync(keyFile), false);
      assert.equal(existsSync(dirname(keyFile)), false);
      // The key's directory and --live's (io/live.ts) both went; Node.js's own compile cache may stay.
      assert.deepEqual(
        readdirSync(tmp).filter((f) => f.startsWith("bgp-fabric-")),
        [],
      );
    });

  it("a stack without the secret: one line, exit 1, nothing read", () => {
    const out = join(dir, "missing-out");
    const r = runCli("status", ["--stack", "lab", "--insecure-host-keys", "--out", out], ROOT, {
      ...env,
      FAKE_PULUMI_MODE: "missing",
    });
    assert.equal(
      r.stderr,
      "no --ssh-key given and stack lab gives no bgp-fabric:switchSshPrivateKey (pulumi config get exited 255: error: configuration key 'bgp-fabric:switchSshPrivateKey' not found for stack 'lab'); set it with pulumi config set --secret bgp-fabric:switchSshPrivateKey < KEYFILE --stack lab, or pass --ssh-key FILE\n",
    );
    assert.equal(r.stdout, "");
    assert.equal(r.status, 1);
    assert.equal(read(sshLog), "");
    assert.equal(existsSync(out), false);
  });

  it("no pulumi on PATH: one line, exit 1", () => {
    for (const cli of [
      ["status", "--stack", "lab", "--insecure-host-keys", "--out", join(dir, "nopulumi")],
      ["plan", "--stack", "lab", "--live", "--insecure-host-keys"],
    ]) {
      const r = runCli(cli[0] as "status", cli.slice(1), ROOT, { ...env, PATH: noPulumi });
      assert.equal(
        r.stderr,
        "no --ssh-key given and the Pulumi CLI cannot be run to read bgp-fabric:switchSshPrivateKey from stack lab (got ENOENT); install pulumi or pass --ssh-key FILE\n",
      );
      assert.equal(r.status, 1);
    }
  });

  it("unpinned host keys are refused before the secret is read", () => {
    const r = runCli("status", ["--stack", "lab", "--out", join(dir, "unpinned")], ROOT, env);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^zones\.az1\.switches\.core1\.sshHostKey: not pinned, so --live will not connect to 10\.11\.0\.2;/,
    );
    assert.equal(r.stderr.trim().split("\n").length, 4);
    assert.equal(read(pulumiLog), "");
  });

  it("--ssh-key FILE: pulumi is not asked; a directory of plan output is refused", () => {
    const key = join(dir, "given_key");
    writeFileSync(key, KEY, { mode: 0o600 });
    const planOut = join(dir, "a-plan");
    assert.equal(runCli("plan", ["--stack", "lab", "--out", planOut]).status, 0);
    const r = runCli(
      "status",
      ["--stack", "lab", "--insecure-host-keys", "--ssh-key", key, "--out", planOut],
      ROOT,
      env,
    );
    assert.match(
      r.stderr,
      /holds files npm run status did not write|is not a manifest written by npm run status/,
    );
    assert.equal(r.status, 1);
    const ok = runCli(
      "status",
      ["--stack", "lab", "--insecure-host-keys", "--ssh-key", key, "--out", join(dir, "given")],
      ROOT,
      env,
    );
    assert.equal(ok.status, 2);
    assert.equal(read(pulumiLog), "");
    assert.equal(read(keySeen).split(" ")[0], key);
    assert.equal(existsSync(key), true, "a key the operator gave is never removed");
  });
});
