// Local chart directories (`metallb.path`, `ingress.path`): the chart there must be the one the stack names, at the
// version it names, before Helm sees it. The plan records the path as written; preflight and the release resolve it
// against the project directory (where the stack files live), wherever the program runs.
import { resolve } from "node:path";
import { parse } from "yaml";
import { readBounded } from "../core/bounded-read";
import type { ConfigProblem } from "../core/errors";
import type { FabricSpec } from "../core/types";

/** The upstream chart each release installs (Chart.yaml `name`). */
export const CHART_NAMES = { metallb: "metallb", ingress: "nginx-ingress" } as const;

/** Reads a file's text; a string problem when it cannot be read (injected: tests check without files). */
export type ReadText = (file: string) => string | { problem: string } | undefined;

/** A Chart.yaml is a few hundred bytes; Helm itself refuses chart files over 5 MiB. */
export const MAX_CHART_YAML_BYTES = 1024 * 1024;

/** The project directory: relative chart paths start here, for the offline plan and for `pulumi up` alike. */
export const PROJECT_DIR = resolve(__dirname, "..", "..");

/** Chart checks against the files on this machine. */
export function projectCharts(projectDir = PROJECT_DIR): { projectDir: string; read: ReadText } {
  return {
    projectDir,
    // Bounded, and never a FIFO or device: a Chart.yaml linked to /dev/zero is refused, not read.
    read: (file) => {
      const r = readBounded(file, MAX_CHART_YAML_BYTES);
      return "text" in r ? r.text : r.code === "ENOENT" ? undefined : { problem: r.problem };
    },
  };
}

/** A Chart.yaml's `name` and `version`; undefined when the text is not YAML or lacks either. */
export function chartMetadata(text: string): { name: string; version: string } | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const { name, version } = (doc ?? {}) as { name?: unknown; version?: unknown };
  return typeof name === "string" && typeof version === "string" ? { name, version } : undefined;
}

/** One problem per local chart whose Chart.yaml is missing, unreadable, or names another chart or version. */
export function localChartProblems(
  spec: FabricSpec,
  projectDir: string,
  read: ReadText,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of ["metallb", "ingress"] as const) {
    const { path, version } = spec[key];
    if (path === undefined) continue;
    const file = resolve(projectDir, path, "Chart.yaml");
    const pull = `helm pull <repo>/${CHART_NAMES[key]} --version ${version} --untar`;
    const text = read(file);
    if (typeof text === "object") {
      problems.push({
        path: `${key}.path`,
        problem: `has an unusable Chart.yaml (${file}: ${text.problem})`,
        got: path,
        fix: `point it at an unpacked chart directory holding a regular Chart.yaml (${pull})`,
      });
      continue;
    }
    if (text === undefined) {
      problems.push({
        path: `${key}.path`,
        problem: `has no Chart.yaml (looked for ${file})`,
        got: path,
        fix: `point it at an unpacked chart directory, relative to the project directory (e.g. ${pull})`,
      });
      continue;
    }
    const meta = chartMetadata(text);
    if (meta === undefined) {
      problems.push({
        path: `${key}.path`,
        problem: `has a Chart.yaml without a name and version (${file})`,
        got: path,
        fix: `unpack the chart again (${pull})`,
      });
    } else if (meta.name !== CHART_NAMES[key] || meta.version !== version.replace(/^v/, "")) {
      const { name, version: got } = meta;
      problems.push({
        path: `${key}.path`,
        problem: `holds chart ${name} ${got}, but the stack installs ${CHART_NAMES[key]} ${version} (${key}.version)`,
        got: path,
        fix:
          name === CHART_NAMES[key]
            ? `set ${key}.version to ${got}, or unpack ${CHART_NAMES[key]} ${version} there`
            : `point it at the ${CHART_NAMES[key]} chart`,
      });
    }
  }
  return problems;
}
