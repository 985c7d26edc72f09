// The offline plan command: the files it writes for prod, and nothing at all for an invalid config.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { NetworkPlan } from "../../model/core/types";
import { ROOT } from "../helpers/fixtures";
import { readGolden } from "../helpers/golden";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

function plan(...args: string[]) {
  return spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(ROOT, "cli", "plan.ts"), ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
}

describe("npm run plan", function () {
  this.timeout(60_000);
  const dir = temp("plan");

  it("writes plan.json, one YAML per object, one script per switch and SUMMARY.md for prod", () => {
    const out = join(dir, "prod");
    const r = plan("--stack", "prod", "--out", out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^plan fra1 \(stack prod\) -> .*\n {2}zones {12}az1 AS65101, az2 AS65102, az3 AS65103\n {2}BGP sessions {5}43\n {2}Kubernetes {7}49 objects, 2 Helm releases\n {2}core switches {4}6 switches, 32 commands\n {2}rollout {10}zone by zone: az1 → az2 → az3\n {2}files {12}60 \(see SUMMARY\.md\)\n$/,
    );
    // The expectation is the checked-in prod plan (test/model/plan.test.ts holds the model to it), not the model's
    // output computed again here.
    const golden = readGolden("plan/prod.json");
    assert.equal(readFileSync(join(out, "plan.json"), "utf8"), golden);
    const expected = JSON.parse(golden) as NetworkPlan;
    assert.equal(readdirSync(join(out, "kubernetes")).length, 51);
    assert.deepEqual(readdirSync(join(out, "switches")).sort(), [
      "az1-core1.sh",
      "az1-core2.sh",
      "az2-core1.sh",
      "az2-core2.sh",
      "az3-core1.sh",
      "az3-core2.sh",
    ]);
    const peer = parse(
      readFileSync(join(out, "kubernetes", "bgppeer-az2-rrs-to-core1.yaml"), "utf8"),
    );
    assert.deepEqual(
      peer,
      expected.kubernetes.find((o) => o.resourceName === "az2-bgppeer-rrs-to-core1")!.body,
    );
    const script = readFileSync(join(out, "switches", "az1-core1.sh"), "utf8");
    const sw = expected.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
    for (const c of sw.commands) {
      const check = c.healthCheck
        ? `# kept only once ${c.healthCheck.addresses[0]} is Established (waits up to 120 s), else rolled back: the command fails naming the session\n`
        : "";
      assert.ok(script.includes(`# --- ${c.name}\n${check}(\n${c.create}\n)`), c.name);
      assert.equal(c.healthCheck !== undefined, c.kind === "neighbor", c.name);
    }
    assert.ok(
      script.indexOf("az1-core1-bgp-base") < script.indexOf("az1-core1-neighbor-10.1.0.11"),
    );
    assert.ok(spawnSync("sh", ["-n", join(out, "switches", "az1-core1.sh")]).status === 0);
    const summary = readFileSync(join(out, "SUMMARY.md"), "utf8");
    assert.ok(
      summary.includes(
        "| az3 | 65103 | 10.3.0.0/24 | 10.244.128.0/18 | 244.0.254.79 | fra1-az3-m1 10.3.0.11, fra1-az3-m2 10.3.0.12 |",
      ),
    );
    assert.ok(
      summary.includes(
        "| az1 | ingress-switch | fra1-az1-in1 10.1.0.21 | core1 10.1.0.2 | 65101 | - | no | - |",
      ),
    );
    const kubelet = summary.slice(
      summary.indexOf("## Kubelet registration"),
      summary.indexOf("## Core-switch commands"),
    );
    assert.equal(kubelet.split("\n").filter((l) => l.startsWith("| fra1-")).length, 13);
    assert.ok(
      kubelet.includes(
        "| fra1-az1-in1 | az1 | `--node-labels=topology.kubernetes.io/zone=az1` `--register-with-taints=bgp-fabric.io/ingress=true:NoSchedule` |\n| fra1-az1-in2 |",
      ),
      kubelet,
    );
    assert.ok(
      kubelet.includes("| fra1-az1-m1 | az1 | `--node-labels=topology.kubernetes.io/zone=az1` |\n"),
    );
  });

  it("writes <secret> placeholders, never a secret, when passwords are set", () => {
    const file = join(dir, "Pulumi.pw.yaml");
    const text = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
      "config:\n",
      "config:\n  bgp-fabric:bgpPasswords:\n    az1:\n      secure: v1:AAAAEncryptedBlobAAAA\n",
    );
    writeFileSync(file, text);
    const out = join(dir, "pw");
    const r = plan("--stack", "pw", "--config", file, "--out", out);
    assert.equal(r.status, 0, r.stderr);
    const secret = readFileSync(
      join(out, "kubernetes", "secret-calico-system-bgp-fabric-bgp-passwords-az1.yaml"),
      "utf8",
    );
    assert.match(secret, /password: <secret>/);
    assert.ok(!readFileSync(join(out, "plan.json"), "utf8").includes("EncryptedBlob"));
  });

  it("fails on an invalid config with every problem on stderr and writes nothing", () => {
    const file = join(dir, "Pulumi.bad.yaml");
    writeFileSync(
      file,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8")
        .replace("asn: 65102", "asn: 65101")
        .replace("10.3.0.0/24", "10.3.0.7/24"),
    );
    const out = join(dir, "bad");
    const r = plan("--stack", "bad", "--config", file, "--out", out);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      [
        `${file}: 2 problems, nothing written:`,
        "  zones.az2.asn: AS number is already used by zones.az1.asn (got 65101); give each zone its own AS",
        "  zones.az3.nodeCidr: has host bits set (got 10.3.0.7/24); use the network address 10.3.0.0/24",
        "",
      ].join("\n"),
    );
    assert.equal(existsSync(out), false);
  });

  it("prints the preflight report on stderr first: the summary, then each warning with its fix", () => {
    const r = plan("--stack", "prod", "--out", join(dir, "report"));
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(
      lines[0],
      "preflight: 0 errors, 8 warnings; 43 BGP sessions checked on both ends, 32 switch commands against the dialect grammar",
    );
    assert.equal(lines.length, 9);
    for (const w of lines.slice(1)) assert.match(w, /^warning: \S+: .+ \(got .+\); .+$/);
    assert.ok(
      lines.includes(
        "warning: zones.az1.switches.core1.sshHostKey: is not pinned: the first SSH connection trusts whatever key the switch presents (got nothing); set it from ssh-keyscan -t ed25519 core1.az1.fra1.example.net",
      ),
    );
  });

  it("--strict refuses the warnings as problems and writes nothing", () => {
    const out = join(dir, "strict");
    const r = plan("--stack", "prod", "--out", out, "--strict");
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines[0], `${join(ROOT, "Pulumi.prod.yaml")}: 8 problems, nothing written:`);
    assert.equal(
      lines[1],
      "  calico.version: advertises a LoadBalancer /32 from an ingress node whose controller pod is not ready, black-holing that node's share of the traffic (calico #13246) (got 3.32.1); upgrade Calico to 3.31.7 (3.31 line) or a 3.32 release after 3.32.1; until then drain an ingress node before maintenance",
    );
    assert.equal(lines.length, 9);
    assert.equal(existsSync(out), false);
  });

  it("lists a preflight error, then the warnings, and writes nothing", () => {
    const file = join(dir, "Pulumi.old.yaml");
    writeFileSync(
      file,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
        "version: 3.32.1",
        "version: 3.26.4",
      ),
    );
    const out = join(dir, "old");
    const r = plan("--stack", "old", "--config", file, "--out", out);
    assert.equal(r.status, 1);
    const lines = r.stderr.trimEnd().split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      `${file}: 1 problem, nothing written:`,
      "  calico.version: is older than 3.27.3: route reflectors do not pass on LoadBalancer /32s they host no endpoint for (calico #8358) (got 3.26.4); upgrade Calico to 3.27.3 or later",
    ]);
    assert.equal(lines.length, 2 + 9);
    for (const w of lines.slice(2)) assert.match(w, /^warning: /);
    assert.equal(existsSync(out), false);
  });

  describe("hostile input: one line, exit 1, nothing written, never a hang or a stack trace", () => {
    const CONFIG_FIX = "pass a Pulumi.<stack>.yaml stack file";
    const AGAINST_FIX = "pass a stack file, a plan.json or its directory, or git:<rev>";
    const fifo = join(dir, "fifo");
    spawnSync("mkfifo", [fifo]);
    const big = join(dir, "big.yaml");
    writeFileSync(big, `# ${"x".repeat(4 * 1024 * 1024)}\n`);
    const notJson = join(dir, "cut.json");
    writeFileSync(notJson, '{"datacenter": "fra1", "zones": [');
    const wrongShape = join(dir, "shape.json");
    writeFileSync(
      wrongShape,
      JSON.stringify({
        datacenter: "x",
        zones: [1],
        sessions: [],
        kubernetes: [],
        helmReleases: [],
        switches: [],
        warnings: [],
      }),
    );
    const escape = join(dir, "escape.json");
    writeFileSync(
      escape,
      JSON.stringify({
        datacenter: "fra1\u001b]0;owned\u0007",
        zones: [],
        sessions: [],
        kubernetes: [],
        helmReleases: [],
        switches: [],
        warnings: [],
      }),
    );
    const proto = join(dir, "Pulumi.proto.yaml");
    writeFileSync(
      proto,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
        "config:\n",
        "config:\n  bgp-fabric:__proto__:\n    strict: true\n",
      ),
    );
    const plain = join(dir, "Pulumi.plain.yaml");
    writeFileSync(
      plain,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
        "config:\n",
        "config:\n  bgp-fabric:bgpPasswords:\n    az1: Plain-Text.Pw-9\n",
      ),
    );
    const cases: [string, string[], string][] = [
      [
        "--config /dev/zero",
        ["--config", "/dev/zero"],
        `--config: is not a regular file but a character device (got /dev/zero); ${CONFIG_FIX}`,
      ],
      [
        "--config FIFO",
        ["--config", fifo],
        `--config: is not a regular file but a FIFO (got ${fifo}); ${CONFIG_FIX}`,
      ],
      [
        "--config directory (EISDIR)",
        ["--config", dir],
        `--config: is not a regular file but a directory (got ${dir}); ${CONFIG_FIX}`,
      ],
      [
        "--config below a file (ENOTDIR)",
        ["--config", `${big}/x`],
        `--config: a part of its path is not a directory (got ${big}/x); ${CONFIG_FIX}`,
      ],
      [
        "--config larger than 4 MiB",
        ["--config", big],
        `--config: is larger than 4 MiB (got ${big}); ${CONFIG_FIX}`,
      ],
      [
        "--out below a file (ENOTDIR)",
        ["--out", `${big}/plan`],
        `--out ${big}/plan: a part of its path is not a directory (got ENOTDIR); pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)`,
      ],
      [
        "--out /dev/null",
        ["--out", "/dev/null"],
        "--out /dev/null: is not a directory (got a device, FIFO or socket); pass a new or empty --out directory (this one is left as it is; move its contents away yourself if it is yours)",
      ],
      [
        "--against /dev/zero",
        ["--against", "/dev/zero"],
        `--against /dev/zero: is not a regular file but a character device (got /dev/zero); ${AGAINST_FIX}`,
      ],
      [
        "--against FIFO",
        ["--against", fifo],
        `--against ${fifo}: is not a regular file but a FIFO (got ${fifo}); ${AGAINST_FIX}`,
      ],
      [
        "--against a cut plan.json",
        ["--against", notJson],
        `--against ${notJson}: is not valid JSON (got "Unexpected end of JSON input"); pass a plan.json written by npm run plan`,
      ],
      [
        "--against a plan.json of the wrong shape",
        ["--against", wrongShape],
        `--against ${wrongShape}: versions is missing (got nothing); pass a plan.json written by npm run plan`,
      ],
      [
        "--against a plan.json with a terminal escape",
        ["--against", escape],
        `--against ${escape}: datacenter holds a control or invisible character (got "fra1\\u001b]0;owned\\u0007"); pass a plan.json written by npm run plan`,
      ],
      [
        "an escape sequence in an argument",
        ["--against", "x\u001b[2J"],
        '--against: holds a control or invisible character (got "x\\u001b[2J"); type it without one',
      ],
      [
        "a right-to-left override in an argument",
        ["--config", "\u202elmay.dorp"],
        '--config: holds a control or invisible character (got "\\u202elmay.dorp"); type it without one',
      ],
    ];
    for (const [name, args, expected] of cases) {
      it(`refuses ${name}`, () => {
        const out = join(dir, `hostile-${cases.findIndex((c) => c[0] === name)}`);
        const r = plan("--stack", "prod", "--out", out, ...args);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        // Preflight lines come first when the failure is in the comparison; the failure is the last line, alone.
        const lines = r.stderr.trimEnd().split("\n");
        assert.equal(lines.at(-1), expected);
        for (const l of lines.slice(0, -1)) assert.match(l, /^(preflight|warning): /);
        assert.doesNotMatch(
          r.stderr,
          /\n\s+at |[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/,
        );
        assert.equal(existsSync(out), false);
      });
    }

    it("refuses a bgp-fabric:__proto__ key by name instead of applying it as the prototype", () => {
      const r = plan("--stack", "proto", "--config", proto, "--out", join(dir, "proto"));
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        `${proto}: 1 problem, nothing written:\n  __proto__: is a reserved name (got __proto__); rename it (__proto__, constructor and prototype are JavaScript object properties)\n`,
      );
    });

    it("never echoes a plaintext secret from the stack file", () => {
      const r = plan("--stack", "plain", "--config", plain, "--out", join(dir, "plain"));
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        `${plain}: 1 problem, nothing written:\n  bgpPasswords.az1: is in plain text in the stack file (got <secret>); set it with \`pulumi config set --secret\` (and change it: the stack file exposed it)\n`,
      );
      assert.ok(!`${r.stdout}${r.stderr}`.includes("Plain-Text.Pw-9"));
    });

    it("escapes markup from a baseline plan.json in DIFF.md, its Mermaid diagram and the terminal; diff.json stays JSON", () => {
      const base = join(dir, "markup-base");
      assert.equal(plan("--stack", "prod", "--out", base).status, 0);
      const hostile = JSON.parse(readFileSync(join(base, "plan.json"), "utf8"));
      const evil = '<img src=x onerror=alert(1)>|**"x"**`';
      hostile.datacenter = evil;
      hostile.zones[0].name = evil;
      for (const s of hostile.sessions) if (s.zone === "az1") s.zone = evil;
      hostile.switches[0].commands[0].name = "</code><script>alert(1)</script>";
      hostile.switches[0].commands[0].delete += "\n```\n<script>alert(2)</script>";
      const baseline = join(dir, "markup.json");
      writeFileSync(baseline, JSON.stringify(hostile));
      const out = join(dir, "markup-out");
      const r = plan("--stack", "prod", "--out", out, "--against", baseline);
      assert.equal(r.status, 2, r.stderr);
      const md = readFileSync(join(out, "DIFF.md"), "utf8");
      // Outside fenced blocks and code spans (both shown literally), no value is markup.
      const prose = md
        .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "")
        .replace(/\\`/g, "")
        .replace(/`[^`\n]*`/g, "");
      assert.doesNotMatch(prose, /<img|<script|<\/code>(?!:)/);
      assert.ok(
        md.includes("&lt;img src=x onerror=alert(1)&gt;\\|\\*\\*&quot;x&quot;\\*\\*\\`"),
        md.slice(0, 800),
      );
      // The script's own fence line stays inside a longer fence.
      assert.ok(md.includes("````sh\n") || md.includes("````diff\n"));
      const mermaid = md.slice(md.indexOf("```mermaid"));
      assert.doesNotMatch(mermaid, /<img|"x"/);
      JSON.parse(readFileSync(join(out, "diff.json"), "utf8"));
      assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f]/);
    });
  });
});
