// The switches' SSH key for `--live` and `npm run status` when no --ssh-key is given: the stack's own secret
// `bgp-fabric:switchSshPrivateKey`, read through the Pulumi CLI (it decrypts with the stack's secrets provider) into
// a 0600 file in a 0700 temporary directory that is removed afterwards. The value is never printed or logged.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPrivateKey } from "../model/spec/secrets";
import { CliError, terminalText } from "../io/input";
import { removedOnExit } from "../io/removed-on-exit";

export const SECRET_KEY = "bgp-fabric:switchSshPrivateKey";

/** The argv that reads the secret (`config get` prints a secret's plaintext). */
export const pulumiArgv = (stack: string): string[] => [
  "config",
  "get",
  SECRET_KEY,
  "--stack",
  stack,
];

function pulumiGet(
  stack: string,
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn("pulumi", pulumiArgv(stack), {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    const out: Buffer[] = [];
    let err = "";
    const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out: Buffer.concat(out).toString("utf8"), err });
    });
  });
}

/**
 * Runs `use` with a key file: `keyFile` as given, or the stack's secret in a temporary file removed when `use`
 * settles. Fails with one line when pulumi is missing, the secret is not set, or it is not a private key.
 */
export async function withSshKey<T>(
  keyFile: string | undefined,
  stack: string,
  projectDir: string,
  use: (keyFile: string) => Promise<T>,
): Promise<T> {
  if (keyFile !== undefined) return use(keyFile);
  let r;
  try {
    r = await pulumiGet(stack, projectDir);
  } catch (e) {
    throw new CliError(
      `no --ssh-key given and the Pulumi CLI cannot be run to read ${SECRET_KEY} from stack ${stack} (got ${(e as NodeJS.ErrnoException).code ?? "an error"}); install pulumi or pass --ssh-key FILE`,
    );
  }
  if (r.code !== 0) {
    // pulumi's own first line says why (no such stack, key not found, passphrase missing); it holds no secret.
    const why = terminalText(r.err.trim().split("\n")[0] ?? "").slice(0, 300);
    throw new CliError(
      `no --ssh-key given and stack ${stack} gives no ${SECRET_KEY} (pulumi config get exited ${r.code}: ${why || "no message"}); set it with pulumi config set --secret ${SECRET_KEY} < KEYFILE --stack ${stack}, or pass --ssh-key FILE`,
    );
  }
  // `config get` ends the value with one newline; OpenSSH wants the key's own final newline.
  const key = `${r.out.replace(/\r?\n$/, "").trimEnd()}\n`;
  if (!isPrivateKey(key))
    throw new CliError(
      `stack ${stack}: ${SECRET_KEY} is not a PEM or OpenSSH private key (its value is not shown); set the key file's contents with pulumi config set --secret ${SECRET_KEY} < KEYFILE --stack ${stack}`,
    );
  const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-key-"));
  const remove = removedOnExit(dir);
  try {
    const file = join(dir, "switch_key");
    writeFileSync(file, key, { mode: 0o600 });
    return await use(file);
  } finally {
    remove();
  }
}
