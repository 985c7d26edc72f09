// `npm run chart -- mirror <chart-dir> <out-dir>`: see cli/chart-mirror.ts.
import { MirrorError, mirrorChart } from "./chart-mirror";
import { parseCommand } from "../io/flags";
import { closest } from "../model/core/spelling";
import { shown, stderr } from "../io/input";

const USAGE = [
  "usage: npm run chart -- mirror <chart-dir> <out-dir>",
  "  copies an unpacked Helm chart into <out-dir> (created; an existing one must be empty), replacing every",
  "  remote $ref in values.schema.json by {} so Helm installs it offline; MIRRORED.md lists what was replaced",
].join("\n");

function main(argv: string[]): number {
  const parsed = parseCommand(argv, {}, USAGE, true);
  if (typeof parsed === "number") return parsed;
  const args = parsed.positionals;
  if (args.length !== 3 || args[0] !== "mirror") {
    // A slip of the action names it (`mirorr` -> did you mean mirror?), as every script's refusals do.
    const near = args[0] === "mirror" ? undefined : closest(args[0] ?? "", ["mirror"]);
    stderr(
      `expected mirror <chart-dir> <out-dir> (got ${args.join(" ") || "nothing"}); ${near ? `did you mean ${near}? (npm run chart -- --help shows the usage)` : "npm run chart -- --help shows the usage"}\n`,
    );
    return 1;
  }
  try {
    const r = mirrorChart(args[1], args[2]);
    process.stdout.write(
      `mirrored ${r.chart.name} ${r.chart.version} -> ${shown(args[2])}: ${r.files} files, ${r.replaced.length} remote $ref${r.replaced.length === 1 ? "" : "s"} replaced by {} (see MIRRORED.md)\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof MirrorError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
