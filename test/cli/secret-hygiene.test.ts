// Secret hygiene end to end: the SSH key and every BGP password reach resources only inside Pulumi secrets, and never
// appear in a recorded resource input, a plan file, or anything the program or the offline plan prints.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkStack } from "../../model/pipeline";
import { engineEnv } from "../../harness/engine-config";
import { runProgram, type ProgramRun } from "../helpers/engine-config";
import { ROOT, stackConfig } from "../helpers/fixtures";
import { SECRET_SIG } from "../../harness/mocks";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-hygiene";
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
// az1 sets one password per switch (what rotation uses), az2 and az3 one for the whole zone.
const PASSWORDS = {
  az1: { core1: "Az1-Core1.Hygiene.pw1", core2: "Az1-Core2.Hygiene.pw1" },
  az2: "Az2-Hygiene.pw2",
  az3: "Az3-Hygiene.pw3",
};
const PASSWORD_VALUES = [PASSWORDS.az1.core1, PASSWORDS.az1.core2, PASSWORDS.az2, PASSWORDS.az3];
const SECRETS = [KEY, KEY_BODY, ...PASSWORD_VALUES];

const isSecret = (v: unknown): v is { value: unknown } =>
  typeof v === "object" && v !== null && SECRET_SIG in v;

/** Inputs with every secret-wrapped value cut out: what would be stored and shown in plain text. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (isSecret(v)) return "[secret]";
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Only what is inside secrets. */
function hidden(v: unknown, inside = false): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => hidden(x, inside));
  if (isSecret(v)) return hidden(v.value, true);
  if (v !== null && typeof v === "object")
    return Object.values(v).flatMap((x) => hidden(x, inside));
  return inside && typeof v === "string" ? [v] : [];
}

function leaks(text: string, secrets = SECRETS): string[] {
  return secrets.filter((s) => text.includes(s));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("secret hygiene", function () {
  this.timeout(180_000);
  let run: ProgramRun;
  before(() => {
    run = runProgram(
      engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY, bgpPasswords: PASSWORDS }),
    );
  });

  it("the program registers every resource with no secret in any plain input", () => {
    assert.equal(run.error, undefined);
    assert.ok(run.resources!.length > 80);
    for (const r of run.resources!)
      assert.deepEqual(leaks(JSON.stringify(plain(r.inputs))), [], r.key);
  });

  it("the secrets do reach the resources that need them, inside Pulumi secrets only", () => {
    const inside = run.resources!.flatMap((r) => hidden(r.inputs).map((v) => [r.key, v] as const));
    const holding = (secret: string) => [
      ...new Set(inside.filter(([, v]) => v.includes(secret)).map(([k]) => k.split("::")[0])),
    ];
    // The key: every remote.Command's connection. A password: the base and drain commands (stdin) of exactly the
    // switches it signs, and its zone's Secret; a switch's own password reaches no other switch.
    assert.deepEqual(holding(KEY), ["command:remote:Command"]);
    for (const pw of PASSWORD_VALUES)
      assert.deepEqual(holding(pw).sort(), ["command:remote:Command", "kubernetes:core/v1:Secret"]);
    const holders = (secret: string) =>
      [
        ...new Set(
          inside
            .filter(([k, v]) => v.includes(secret) && k.startsWith("command:remote:Command::"))
            .map(([k]) => k.split("::")[1]),
        ),
      ].sort();
    assert.deepEqual(holders(PASSWORDS.az1.core1), ["az1-core1-bgp-base", "az1-core1-bgp-drain"]);
    assert.deepEqual(holders(PASSWORDS.az1.core2), ["az1-core2-bgp-base", "az1-core2-bgp-drain"]);
    assert.deepEqual(holders(PASSWORDS.az2), [
      "az2-core1-bgp-base",
      "az2-core1-bgp-drain",
      "az2-core2-bgp-base",
      "az2-core2-bgp-drain",
    ]);
    const secret = (zone: string) =>
      run.resources!.find((r) => r.key === `kubernetes:core/v1:Secret::${zone}-bgp-passwords`)!;
    // The engine records the whole stringData as one secret: its keys are inside.
    const keys = (zone: string) => {
      const data = secret(zone).inputs.stringData;
      return Object.keys((isSecret(data) ? data.value : data) as object);
    };
    // The Secret: one key per switch, each with that switch's password; the zone key only with a zone password.
    assert.deepEqual(hidden(secret("az1").inputs.stringData), [
      PASSWORDS.az1.core1,
      PASSWORDS.az1.core2,
    ]);
    assert.deepEqual(keys("az1"), ["core1", "core2"]);
    assert.deepEqual(hidden(secret("az2").inputs.stringData), [
      PASSWORDS.az2,
      PASSWORDS.az2,
      PASSWORDS.az2,
    ]);
    assert.deepEqual(keys("az2"), ["core1", "core2", "password"]);
    const commands = run.resources!.filter((r) => r.key.startsWith("command:remote:Command::"));
    for (const c of commands) {
      assert.ok(isSecret(c.inputs.connection), `${c.key}: connection is not secret`);
      if (c.inputs.stdin !== undefined) assert.ok(isSecret(c.inputs.stdin), `${c.key}: stdin`);
      // Never on a command line: the scripts themselves hold no secret (they are also plain inputs).
      assert.deepEqual(leaks(`${c.inputs.create} ${c.inputs.delete}`), [], c.key);
    }
  });

  it("the program prints no secret, neither on success nor when it refuses the config", () => {
    // What the program printed: the harness appends its JSON record (secrets wrapped) after it.
    const printed = (r: ProgramRun) => r.stdout.slice(0, r.stdout.indexOf('{"ok"')) + r.stderr;
    assert.match(printed(run), /preflight: 0 errors/);
    assert.deepEqual(leaks(printed(run)), []);
    const refused = runProgram(
      engineEnv(
        "Pulumi.prod.yaml",
        {
          switchSshPrivateKey: KEY,
          bgpPasswords: {
            ...PASSWORDS,
            az1: { ...PASSWORDS.az1, core2: "no spaces here either" },
            az2: "no spaces allowed here",
          },
        },
        (c) => {
          c["bgp-fabric:strict"] = true;
        },
      ),
    );
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /bgpPasswords\.az2: .* \(got <secret>\)/);
    assert.match(refused.error!, /bgpPasswords\.az1\.core2: .* \(got <secret>\)/);
    assert.deepEqual(
      leaks(refused.error! + refused.stdout + refused.stderr, [
        ...SECRETS,
        "no spaces allowed here",
        "no spaces here either",
      ]),
      [],
    );
  });

  it("the plan built from decrypted secrets holds none of them", () => {
    const { plan } = checkStack(
      { ...stackConfig("prod"), switchSshPrivateKey: KEY, bgpPasswords: PASSWORDS },
      { requireSecrets: true, decrypted: true },
    );
    const text = JSON.stringify(plan);
    assert.deepEqual(leaks(text), []);
    assert.ok(text.includes("<secret>"));
  });

  it("the offline plan writes <secret> placeholders and never the encrypted values, in files or output", () => {
    const dir = temp("secrets");
    const blobs = [
      "v1:AAAAKeyCiphertextAAAA",
      "v1:AAAAAz1CiphertextAAAA",
      "v1:AAAAAz3Core1CiphertextAAAA",
      "v1:AAAAAz3Core2CiphertextAAAA",
    ];
    const stack = join(dir, "Pulumi.sec.yaml");
    writeFileSync(
      stack,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
        "config:\n",
        [
          "config:",
          `  bgp-fabric:switchSshPrivateKey:\n    secure: ${blobs[0]}`,
          `  bgp-fabric:bgpPasswords:\n    az1:\n      secure: ${blobs[1]}\n    az3:\n      core1:\n        secure: ${blobs[2]}\n      core2:\n        secure: ${blobs[3]}`,
          "",
        ].join("\n"),
      ),
    );
    for (const strict of [false, true]) {
      const out = join(dir, strict ? "strict" : "plan");
      const r = spawnSync(
        process.execPath,
        [
          "-r",
          "ts-node/register/transpile-only",
          join(ROOT, "cli", "plan.ts"),
          "--stack",
          "sec",
          "--config",
          stack,
          "--out",
          out,
          ...(strict ? ["--strict"] : []),
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
      assert.equal(r.status, strict ? 1 : 0, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr, blobs), []);
      if (strict) continue;
      const written = files(out);
      assert.ok(written.length > 40);
      for (const f of written) assert.deepEqual(leaks(readFileSync(f, "utf8"), blobs), [], f);
      const secrets = written.filter((f) =>
        /secret-calico-system-bgp-fabric-bgp-passwords-az[13]\.yaml$/.test(f),
      );
      assert.equal(secrets.length, 2);
      // One key per switch in both forms; the zone key only where the zone sets one password (az1).
      for (const f of secrets) {
        const text = readFileSync(f, "utf8");
        assert.match(text, /core1: <secret>/, f);
        assert.match(text, /core2: <secret>/, f);
        assert.equal(/password: <secret>/.test(text), f.endsWith("az1.yaml"), f);
      }
    }
  });
});
