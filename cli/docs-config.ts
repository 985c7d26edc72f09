// `npm run docs:config`: writes docs/config-reference.md from the config schema (model/present/config-reference.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configReference } from "../model/present/config-reference";
import { parseCommand } from "../io/flags";
import { shown, stdout } from "../io/input";

const USAGE = [
  "usage: npm run docs:config",
  "  writes docs/config-reference.md (every config key, its type, default and rules) from the config schema",
].join("\n");

function main(argv: string[]): number {
  // --help, or an option it does not take: nothing is written.
  const parsed = parseCommand(argv, {}, USAGE);
  if (typeof parsed === "number") return parsed;
  const file = join(__dirname, "..", "docs", "config-reference.md");
  writeFileSync(file, configReference());
  stdout(`wrote ${shown(file)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
