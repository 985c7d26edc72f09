// `npm run chart -- mirror <chart-dir> <out-dir>`: see cli/chart-mirror.ts.
import { MirrorError, mirrorChart } from "./chart-mirror";
import { shown } from "../io/input";

const USAGE = [
  "usage: npm run chart -- mirror <chart-dir> <out-dir>",
  "  copies an unpacked Helm chart into <out-dir> (created; an existing one must be empty), replacing every",
  "  remote $ref in values.schema.json by {} so Helm installs it offline; MIRRORED.md lists what was replaced",
].join("\n");

function main(argv: string[]): number {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length !== 3 || argv[0] !== "mirror") {
    process.stderr.write(
      `expected mirror <chart-dir> <out-dir> (got ${argv.join(" ") || "nothing"})\n${USAGE}\n`,
    );
    return 1;
  }
  try {
    const r = mirrorChart(argv[1], argv[2]);
    process.stdout.write(
      `mirrored ${r.chart.name} ${r.chart.version} -> ${shown(argv[2])}: ${r.files} files, ${r.replaced.length} remote $ref${r.replaced.length === 1 ? "" : "s"} replaced by {} (see MIRRORED.md)\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof MirrorError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
