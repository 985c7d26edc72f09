// The `--live` report: one block per switch, then a verdict line; JSON carries the same items.
import type { SwitchDrift } from "../verify/drift";

export function driftText(reports: SwitchDrift[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const up = r.sessions.filter((s) => s.state === "Established").length;
    lines.push(
      `${r.switch}: ${r.items.length === 0 ? "no drift" : `${r.items.length} difference${r.items.length === 1 ? "" : "s"}`}, ${up}/${r.sessions.length} planned sessions Established`,
    );
    for (const i of r.items) lines.push(`  ${i.kind.padEnd(8)} ${i.subject}: ${i.detail}`);
  }
  const drifted = reports.filter((r) => r.items.length > 0).length;
  lines.push(
    drifted === 0
      ? `live: ${reports.length} switches match the plan`
      : `live: drift on ${drifted} of ${reports.length} switches`,
  );
  return `${lines.join("\n")}\n`;
}

export function driftJson(reports: SwitchDrift[]): string {
  return `${JSON.stringify({ drift: reports.some((r) => r.items.length > 0), switches: reports }, null, 2)}\n`;
}
