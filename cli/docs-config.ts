// `npm run docs:config`: writes docs/config-reference.md from the config schema (model/present/config-reference.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configReference } from "../model/present/config-reference";

const file = join(__dirname, "..", "docs", "config-reference.md");
writeFileSync(file, configReference());
process.stdout.write(`wrote ${file}\n`);
