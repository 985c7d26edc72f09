// Chart sources: a repository, an OCI registry or a local chart directory (air-gapped datacenters), checked
// against the chart's own Chart.yaml before anything is applied; and each release's readiness wait.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localChartProblems, projectCharts, PROJECT_DIR } from "../../model/spec/charts";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { warningLine } from "../../model/verify/preflight";
import { parseSpec } from "../../model/spec/spec";
import { VALID } from "./invalid-cases";

/* eslint-disable @typescript-eslint/no-explicit-any */
const config = (edit: (c: any) => void) => {
  const c = structuredClone(VALID) as any;
  edit(c);
  return c;
};
const releases = (edit: (c: any) => void, charts = false) =>
  checkStack(config(edit), {
    requireSecrets: true,
    ...(charts ? { charts: projectCharts() } : {}),
  }).plan.helmReleases.map(({ resourceName, chart, repo, path, version, timeoutSeconds }) => ({
    resourceName,
    chart,
    repo,
    path,
    version,
    timeoutSeconds,
  }));
const problems = (edit: (c: any) => void, charts = false) => {
  try {
    checkStack(config(edit), {
      requireSecrets: true,
      ...(charts ? { charts: projectCharts() } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

const SHARED = "../shared/charts";

describe("chart sources", () => {
  it("defaults to the upstream repositories: MetalLB's https index, NGINX's OCI registry", () => {
    assert.deepEqual(
      releases(() => {}),
      [
        {
          resourceName: "metallb",
          chart: "metallb",
          repo: "https://metallb.github.io/metallb",
          path: undefined,
          version: "0.16.1",
          timeoutSeconds: 600,
        },
        {
          resourceName: "ingress-controller",
          chart: "oci://ghcr.io/nginx/charts/nginx-ingress",
          repo: undefined,
          path: undefined,
          version: "2.6.4",
          timeoutSeconds: 600,
        },
      ],
    );
  });

  it("takes a mirror: an https repository, or an oci:// registry the chart name is appended to", () => {
    assert.deepEqual(
      releases((c) => {
        c.metallb.repo = "https://charts.mirror.example.net/metallb";
        c.metallb.timeoutSeconds = 300;
        c.ingress.repo = "oci://registry.example.net/charts/";
      }).map((r) => [r.chart, r.repo, r.timeoutSeconds]),
      [
        ["metallb", "https://charts.mirror.example.net/metallb", 300],
        ["oci://registry.example.net/charts/nginx-ingress", undefined, 600],
      ],
    );
  });

  it("takes a local chart directory relative to the project directory, recorded as Helm reads a path", () => {
    assert.deepEqual(
      releases((c) => {
        c.metallb.path = `${SHARED}/metallb-0.16.1/`;
        c.ingress.path = `${SHARED}/nginx-ingress-2.6.4`;
      }, true).map((r) => [r.chart, r.repo, r.path, r.version]),
      [
        [undefined, undefined, "../shared/charts/metallb-0.16.1", "0.16.1"],
        [undefined, undefined, "../shared/charts/nginx-ingress-2.6.4", "2.6.4"],
      ],
    );
    // A bare relative path gets `./`: Helm would take `charts/x` for a repository chart name.
    const spec = parseSpec(
      config((c) => {
        c.metallb.path = "vendor/./charts/metallb/";
        c.ingress.path = "/srv/charts/nginx-ingress";
      }),
      { requireSecrets: true },
    ).spec;
    assert.deepEqual(
      [spec.metallb.path, spec.ingress.path],
      ["./vendor/charts/metallb", "/srv/charts/nginx-ingress"],
    );
    assert.equal(PROJECT_DIR, join(__dirname, "..", ".."));
  });

  it("refuses mixed or malformed sources and timeouts, all at once", () => {
    assert.deepEqual(
      problems((c) => {
        c.metallb.path = "../charts/metallb";
        c.metallb.repo = "https://metallb.github.io/metallb";
        c.metallb.timeoutSeconds = 10;
        c.ingress.chart = "oci://ghcr.io/nginx/charts/nginx-ingress";
        c.ingress.repo = "https://helm.nginx.com/stable";
      }),
      [
        "ingress.chart: is an oci:// reference, but ingress.repo is set too (got oci://ghcr.io/nginx/charts/nginx-ingress); remove ingress.repo, or give the chart name only",
        "metallb.path: is set together with metallb.repo (got ../charts/metallb); use either path (an unpacked chart directory) or repo and chart",
        "metallb.timeoutSeconds: is outside 30-7200 (got 10); use e.g. 600 (seconds Helm waits for the release to become ready)",
      ],
    );
    assert.deepEqual(
      problems((c) => {
        c.metallb.path = "~/charts/$(reboot)";
        c.ingress.repo = "http://charts.example.net";
      }),
      [
        "ingress.repo: is not an https Helm repository or oci:// registry URL (got http://charts.example.net); use e.g. https://metallb.github.io/metallb or oci://registry.example.net/charts",
        `metallb.path: is not a chart directory path (got ~/charts/$(reboot)); use a relative (to the project directory) or absolute path of letters, digits, '.', '_', '+', '-' and '/', e.g. ../charts/metallb-0.16.1`,
      ],
    );
  });

  it("checks a local chart's Chart.yaml name and version, one line per chart", () => {
    const dir = (p: string) => join(PROJECT_DIR, p);
    assert.deepEqual(
      problems((c) => {
        c.metallb.path = `${SHARED}/nginx-ingress-2.6.4`;
        c.metallb.version = "0.16.1";
        c.ingress.path = `${SHARED}/nginx-ingress-2.6.4`;
        c.ingress.version = "2.4.0";
      }, true),
      [
        "ingress.path: holds chart nginx-ingress 2.6.4, but the stack installs nginx-ingress 2.4.0 (ingress.version) (got ../shared/charts/nginx-ingress-2.6.4); set ingress.version to 2.6.4, or unpack nginx-ingress 2.4.0 there",
        "metallb.path: holds chart nginx-ingress 2.6.4, but the stack installs metallb 0.16.1 (metallb.version) (got ../shared/charts/nginx-ingress-2.6.4); point it at the metallb chart",
      ],
    );
    assert.deepEqual(
      problems((c) => {
        c.metallb.path = "../no-such-dir";
      }, true),
      [
        `metallb.path: has no Chart.yaml (looked for ${dir("../no-such-dir/Chart.yaml")}) (got ../no-such-dir); point it at an unpacked chart directory, relative to the project directory (e.g. helm pull <repo>/metallb --version 0.16.1 --untar)`,
      ],
    );
    // Without files at hand (a stack file from a git revision) the paths are recorded, not checked.
    assert.deepEqual(
      problems((c) => {
        c.metallb.path = "../no-such-dir";
      }),
      [],
    );
    const spec = parseSpec(
      config((c) => {
        c.ingress.path = "./x";
      }),
      { requireSecrets: true },
    ).spec;
    assert.deepEqual(
      localChartProblems(spec, "/p", (f) => (f === "/p/x/Chart.yaml" ? "name: [" : undefined)),
      [
        {
          path: "ingress.path",
          problem: "has a Chart.yaml without a name and version (/p/x/Chart.yaml)",
          got: "./x",
          fix: "unpack the chart again (helm pull <repo>/nginx-ingress --version 2.6.4 --untar)",
        },
      ],
    );
  });

  it("fails when a Chart.yaml is a link to /dev/zero, a FIFO or too large: refused unread, one line each", () => {
    const root = mkdtempSync(join(tmpdir(), "bgp-fabric-chart-"));
    for (const d of ["zero", "fifo", "big"]) mkdirSync(join(root, d));
    symlinkSync("/dev/zero", join(root, "zero", "Chart.yaml"));
    execFileSync("mkfifo", [join(root, "fifo", "Chart.yaml")]);
    writeFileSync(
      join(root, "big", "Chart.yaml"),
      `name: metallb\nversion: 0.16.1\n#${"x".repeat(1 << 20)}\n`,
    );
    const read = projectCharts(root).read;
    const spec = parseSpec(
      config((c) => {
        c.metallb.path = "zero";
        c.ingress.path = "fifo";
      }),
      { requireSecrets: true },
    ).spec;
    const fix = (chart: string, version: string) =>
      `point it at an unpacked chart directory holding a regular Chart.yaml (helm pull <repo>/${chart} --version ${version} --untar)`;
    assert.deepEqual(localChartProblems(spec, root, read), [
      {
        path: "metallb.path",
        problem: `has an unusable Chart.yaml (${root}/zero/Chart.yaml: is not a regular file but a character device)`,
        got: "./zero",
        fix: fix("metallb", "0.16.1"),
      },
      {
        path: "ingress.path",
        problem: `has an unusable Chart.yaml (${root}/fifo/Chart.yaml: is not a regular file but a FIFO)`,
        got: "./fifo",
        fix: fix("nginx-ingress", "2.6.4"),
      },
    ]);
    assert.deepEqual(read(join(root, "big", "Chart.yaml")), { problem: "is larger than 1 MiB" });
    rmSync(root, { recursive: true, force: true });
  });

  it("warns when the ingress chart is older than the one its values are checked against", () => {
    const report = checkStack(
      config((c) => {
        c.ingress.version = "2.4.0";
      }),
      { requireSecrets: true },
    ).report;
    assert.deepEqual(report.warnings.filter((w) => w.path === "ingress.version").map(warningLine), [
      "ingress.version: is older than nginx-ingress 2.6.4 (app 5.5.4), the chart whose values this program sets and is checked against (got 2.4.0); use 2.6.4",
    ]);
    assert.deepEqual(
      checkStack(structuredClone(VALID), { requireSecrets: true }).report.warnings.filter(
        (w) => w.path === "ingress.version",
      ),
      [],
    );
  });
});
