// The e2e toolchain: e2e/tools/build.sh builds (or finds cached) every Go-built program and prints their folders.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface Tools {
  /** Folders holding the binaries, for PATH (the Pulumi CLI finds its providers there as ambient plugins). */
  dirs: string[];
  bin(name: string): string;
  /** A file shipped beside a tool's binaries (e.g. kwok's stages). */
  file(tool: string, rel: string): string;
}

export function buildTools(log: (line: string) => void): Tools {
  const script = resolve(__dirname, "tools", "build.sh");
  const t0 = Date.now();
  // Build progress goes to our stderr as it happens; the last stdout line lists the folders.
  const r = spawnSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`e2e: ${script} exited ${r.status}`);
  const dirs = r.stdout.trim().split("\n").pop()!.split(":");
  log(
    `toolchain ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${dirs.map((d) => basename(dirname(d))).join(", ")}`,
  );
  return {
    dirs,
    bin(name) {
      for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
      throw new Error(`e2e: no ${name} among the built tools`);
    },
    file(tool, rel) {
      const d = dirs.find((x) => basename(dirname(x)).startsWith(`${tool}-`));
      if (!d) throw new Error(`e2e: tool ${tool} was not built`);
      return join(dirname(d), rel);
    },
  };
}
