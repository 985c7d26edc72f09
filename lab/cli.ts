// `npm run lab -- --stack lab` builds the lab datacenter and prints its sessions and routes; `npm run lab -- down`
// removes every namespace and process it made; `npm run lab -- status` prints the tables of a running lab. `--md5`
// signs every switch session with TCP-MD5, a fresh random password per switch (docs/password-rotation.md).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Lab } from "./lab";
import { perSwitchPasswords } from "./passwords";
import { planFromStack } from "./plan-source";
import { DEFAULT_RUN_DIR } from "./state";

const USAGE =
  "usage: npm run lab -- --stack <name> [--config Pulumi.<name>.yaml] [--run-dir DIR] [--md5] | down [--run-dir DIR]";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: "string" },
      config: { type: "string" },
      "run-dir": { type: "string" },
      md5: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const runDir = resolve(values["run-dir"] ?? DEFAULT_RUN_DIR);
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (positionals[0] === "down") {
    await Lab.down(runDir, log);
    return 0;
  }
  if (positionals.length > 0 || !values.stack || !/^[A-Za-z0-9_.-]+$/.test(values.stack)) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const stackFile = resolve(values.config ?? `Pulumi.${values.stack}.yaml`);
  if (!existsSync(stackFile)) {
    process.stderr.write(`${stackFile}: no such stack file\n`);
    return 1;
  }
  const passwords = values.md5 ? perSwitchPasswords(planFromStack(stackFile)) : undefined;
  const lab = await Lab.up({ stackFile, runDir, log, ...(passwords ? { passwords } : {}) });
  log("");
  log(await lab.report());
  log("");
  log(`lab running (state in ${runDir}); remove it with: npm run lab -- down`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(
      `${e.message}\n(the lab may be half-built: npm run lab -- down removes what was made)\n`,
    );
    process.exitCode = 1;
  },
);
