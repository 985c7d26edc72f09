// The bench charts, rendered in this Node process by Vega-Lite -> Vega -> SVG (no browser, no canvas). An ES module
// because Vega 6 is ESM with top-level await, which CommonJS (the rest of the project, via ts-node) cannot require.
// usage: node bench/chart.mjs <rows.json> <out dir>   (rows: bench/run.ts `ChartRow[]`)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vega from "vega";
import * as vl from "vega-lite";

const [rowsFile, outDir] = process.argv.slice(2);
const rows = JSON.parse(readFileSync(rowsFile, "utf8"));
const order = rows.map((r) => r.name);
const font = { font: "Helvetica, Arial, sans-serif" };
const config = { view: { stroke: null }, axis: { labelFont: font.font, titleFont: font.font } };

/** Median seconds per case: plan, --against and the mocks run side by side. */
const times = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: { text: "Median wall time per case (start-up included)", ...font },
  data: {
    values: rows.flatMap((r) => [
      { name: r.name, measure: "npm run plan", seconds: r.planS },
      { name: r.name, measure: "plan --against", seconds: r.againstS },
      { name: r.name, measure: "program under mocks", seconds: r.mocksS },
    ]),
  },
  mark: { type: "bar", tooltip: true },
  width: 520,
  height: { step: 10 },
  encoding: {
    y: { field: "name", type: "nominal", sort: order, title: null },
    yOffset: { field: "measure", sort: ["npm run plan", "plan --against", "program under mocks"] },
    x: { field: "seconds", type: "quantitative", title: "seconds (median)" },
    color: {
      field: "measure",
      type: "nominal",
      title: null,
      sort: ["npm run plan", "plan --against", "program under mocks"],
      legend: { orient: "bottom" },
    },
  },
  config,
};

const logScatter = (title, yTitle, values) => ({
  title: { text: title, ...font },
  width: 300,
  height: 240,
  data: { values },
  mark: { type: "line", point: true, tooltip: true },
  encoding: {
    x: {
      field: "nodes",
      type: "quantitative",
      scale: { type: "log" },
      title: "planned nodes (log)",
    },
    y: { field: "value", type: "quantitative", scale: { type: "log" }, title: yTitle },
    color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } },
    detail: { field: "series" },
  },
});

/** Cost and sessions against planned nodes, log-log: a slope of 1 is linear, 2 quadratic (the full mesh). */
const synthetic = rows.filter((r) => r.synthetic).sort((a, b) => a.nodes - b.nodes);
const scaling = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  hconcat: [
    logScatter(
      "npm run plan: median wall and CPU time",
      "seconds (log)",
      synthetic.flatMap((r) => [
        { nodes: r.nodes, value: r.planS, series: "wall", name: r.name },
        { nodes: r.nodes, value: r.planCpuS, series: "CPU", name: r.name },
      ]),
    ),
    logScatter(
      "BGP sessions: this design vs Calico's full mesh",
      "sessions (log)",
      synthetic.flatMap((r) => [
        { nodes: r.nodes, value: r.sessions, series: "this design", name: r.name },
        { nodes: r.nodes, value: r.fullMesh, series: "full mesh n(n-1)/2", name: r.name },
      ]),
    ),
  ],
  config,
};

for (const [file, spec] of [
  ["times.svg", times],
  ["scaling.svg", scaling],
]) {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  writeFileSync(join(outDir, file), await view.toSVG());
  view.finalize();
}
