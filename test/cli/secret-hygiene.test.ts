// Secret hygiene end to end: the SSH key and every BGP password reach resources only inside Pulumi secrets, and never
// appear in a recorded resource input, a plan file, or anything the program or the offline plan prints.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkStack } from "../../model/pipeline";
import { engineEnv, runProgram, type ProgramRun } from "../helpers/engine-config";
import { ROOT, stackConfig } from "../helpers/fixtures";
import { SECRET_SIG } from "../helpers/mocks";

const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-hygiene";
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const PASSWORDS = { az1: "Az1-Hygiene.pw1", az2: "Az2-Hygiene.pw2", az3: "Az3-Hygiene.pw3" };
const SECRETS = [KEY, KEY_BODY, ...Object.values(PASSWORDS)];

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
    // The key: every remote.Command's connection. A password: its zone's switch base commands (stdin) and Secret.
    assert.deepEqual(holding(KEY), ["command:remote:Command"]);
    for (const pw of Object.values(PASSWORDS))
      assert.deepEqual(holding(pw).sort(), ["command:remote:Command", "kubernetes:core/v1:Secret"]);
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
        { switchSshPrivateKey: KEY, bgpPasswords: { ...PASSWORDS, az2: "no spaces allowed here" } },
        (c) => {
          c["bgp-fabric:strict"] = true;
        },
      ),
    );
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /bgpPasswords\.az2: .* \(got <secret>\)/);
    assert.deepEqual(
      leaks(refused.error! + refused.stdout + refused.stderr, [
        ...SECRETS,
        "no spaces allowed here",
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
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-secrets-"));
    const blobs = [
      "v1:AAAAKeyCiphertextAAAA",
      "v1:AAAAAz1CiphertextAAAA",
      "v1:AAAAAz3CiphertextAAAA",
    ];
    const stack = join(dir, "Pulumi.sec.yaml");
    writeFileSync(
      stack,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8").replace(
        "config:\n",
        [
          "config:",
          `  bgp-fabric:switchSshPrivateKey:\n    secure: ${blobs[0]}`,
          `  bgp-fabric:bgpPasswords:\n    az1:\n      secure: ${blobs[1]}\n    az3:\n      secure: ${blobs[2]}`,
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
      for (const f of secrets) assert.match(readFileSync(f, "utf8"), /password: <secret>/);
    }
  });
});
