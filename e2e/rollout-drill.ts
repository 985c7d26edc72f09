// The zone-by-zone rollout drill (docs/rollout.md): a change to both zones whose first zone fails its health check
// must leave the second zone untouched — its switches' running config byte-identical, its commands and objects not
// updated in the Pulumi state — and the same change must go through once the first zone is healthy again.
//
// The change: one ingress node added to each of the first two zones of the rollout order (a new checked neighbor on
// every switch of both zones), with `bgp.healthCheckSeconds` shortened (an in-place update of every other neighbor
// command). To have something to add, the drill first removes those two ingress nodes from the stack; it ends with
// the stack file of the run and the nodes back in service, so the steps after it see the datacenter as before.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../lab/lab";
import { runningConfig } from "../lab/switch-frr";
import { names as logicalNames } from "../model/core/names";
import type { NetworkPlan } from "../model/core/types";

type Raw = Record<string, unknown>;
/** A step's outcome; a failed step's engine output (the diagnostics) is in `error`. */
type StepOutcome = { ok: boolean; output: string; error?: string; changes: Record<string, number> };

export interface RolloutDrillContext {
  lab: Lab;
  plan: NetworkPlan;
  /** The stack config as the run has it (written back at the end). */
  raw: Raw;
  /** Writes a stack config for the next step. */
  write: (raw: Raw) => void;
  /** `pulumi up`, its outcome unchecked. */
  up: () => Promise<StepOutcome>;
  /** The run's check: throws on a false condition. */
  check: (cond: boolean, what: string) => void;
  /** The Pulumi file backend's directory. */
  stateDir: string;
  /** Waits until the ingress controller has ready endpoints on these nodes. */
  ingressReady: (nodes: string[]) => Promise<number>;
  log: (line: string) => void;
}

export interface RolloutDrillReport {
  order: string[];
  /** The ingress node added to each zone (zone → node address). */
  added: Record<string, string>;
  /** A new rollout order is a change of dependencies only: no update, the state holds the new edges. */
  reorderedAsSame: boolean;
  failedUp: { exitedNonZero: boolean; namesFirstZone: boolean; seconds: number };
  secondZone: { switchesIdentical: boolean; stateUnchanged: boolean };
  restoredUp: { ok: boolean; changes: Record<string, number>; seconds: number };
}

/** The drill's short health-check wait: the schema's minimum, so the failing zone fails fast. */
const SHORT_WAIT = 10;

export async function rolloutDrill(c: RolloutDrillContext): Promise<RolloutDrillReport> {
  const { lab, plan, check, log } = c;
  check(
    plan.rollout.mode === "zone-by-zone" && plan.rollout.order.length >= 2,
    `the rollout drill needs a zone-by-zone rollout over two zones (got ${plan.rollout.mode}, ${plan.rollout.order.join(", ")})`,
  );
  const [first, second] = plan.rollout.order;
  const zoneOf = (name: string) => plan.zones.find((z) => z.name === name)!;
  // The last ingress node of each zone: its neighbor command is the last of each switch's chain.
  const picked = [first, second].map((z) => ({ zone: z, node: zoneOf(z).ingressNodes.at(-1)! }));
  const report: RolloutDrillReport = {
    order: plan.rollout.order,
    added: Object.fromEntries(picked.map((p) => [p.zone, p.node.address])),
    reorderedAsSame: false,
    failedUp: { exitedNonZero: false, namesFirstZone: false, seconds: 0 },
    secondZone: { switchesIdentical: false, stateUnchanged: false },
    restoredUp: { ok: false, changes: {}, seconds: 0 },
  };

  // Setup: the two ingress nodes out of the stack (their neighbors deleted, their Node patches given back).
  const without = structuredClone(c.raw);
  for (const p of picked) delete ingressNodes(without, p.zone)[p.node.name];
  c.write(without);
  const removed = await c.up();
  check(removed.ok, `rollout drill: removing ${names(picked)} failed`);
  log(`rollout drill: ${names(picked)} removed: ${JSON.stringify(removed.changes)}`);
  // The removal moved the first zone's last commands: the second zone's first commands now wait for others. Pulumi
  // counts that as no change ("same") and records the new dependencies in the state.
  // The removed node's neighbor commands, one per family it has an address of (a dual-stack zone's IPv6 one last).
  const removedCommands = (sw: { zone: string; name: string }) =>
    [picked[0].node.address, picked[0].node.ipv6Address]
      .filter((a): a is string => a !== undefined)
      .map((a) => logicalNames.switchNeighbor(sw.zone, sw.name, a));
  const lastOfFirst = plan.switches
    .filter((sw) => sw.zone === first)
    .map((sw) => sw.commands.filter((x) => !removedCommands(sw).includes(x.name)).at(-1)!.name)
    .sort();
  const secondBases = plan.switches
    .filter((sw) => sw.zone === second)
    .map((sw) => sw.commands[0].name);
  report.reorderedAsSame =
    (removed.changes.update ?? 0) === 0 &&
    secondBases.every(
      (b) => JSON.stringify(stateDependencies(c.stateDir, b)) === JSON.stringify(lastOfFirst),
    );
  check(
    report.reorderedAsSame,
    `rollout drill: after the removal ${secondBases.join(", ")} do not wait for ${lastOfFirst.join(", ")} in the state, or Pulumi updated resources`,
  );

  // The first zone's new node is down: its BIRD stopped, so its sessions cannot come up.
  await lab.stopNodeProcesses(picked[0].node.name);
  const secondSwitches = lab.topo.switches.filter((s) => s.zone === second);
  const configsBefore = secondSwitches.map((s) => runningConfig(lab.state, s));
  const stateBefore = zoneState(c.stateDir, second);

  // The change: both nodes back and a shorter health-check wait (every neighbor command of both zones changes).
  const change = structuredClone(c.raw);
  change.bgp = { ...((change.bgp as Raw | undefined) ?? {}), healthCheckSeconds: SHORT_WAIT };
  c.write(change);
  const t0 = Date.now();
  const failed = await c.up();
  report.failedUp = {
    exitedNonZero: !failed.ok,
    namesFirstZone: new RegExp(
      `not Established after ${SHORT_WAIT} s: ${picked[0].node.address.replace(/\./g, "\\.")} `,
    ).test(`${failed.output}\n${failed.error ?? ""}`),
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  check(!failed.ok, `rollout drill: the up with ${first}'s node down succeeded`);
  check(
    report.failedUp.namesFirstZone,
    `rollout drill: the failed up does not name ${first}'s session ${picked[0].node.address}`,
  );
  const configsAfter = secondSwitches.map((s) => runningConfig(lab.state, s));
  const stateAfter = zoneState(c.stateDir, second);
  report.secondZone = {
    switchesIdentical: configsAfter.every((x, i) => x === configsBefore[i]),
    stateUnchanged: JSON.stringify(stateAfter) === JSON.stringify(stateBefore),
  };
  check(
    report.secondZone.switchesIdentical,
    `rollout drill: ${second}'s switches changed although ${first} failed its health check`,
  );
  check(
    report.secondZone.stateUnchanged,
    `rollout drill: ${second}'s resources changed in the Pulumi state although ${first} failed`,
  );
  log(
    `rollout drill: ${first} failed its check in ${report.failedUp.seconds} s; ${second}: switches byte-identical, ${Object.keys(stateAfter).length} resources unchanged in the state`,
  );

  // Restore: the node back up, the run's own stack (default wait): the change goes through, zone by zone.
  await lab.restartNode(picked[0].node.name);
  c.write(c.raw);
  const t1 = Date.now();
  const restored = await c.up();
  report.restoredUp = {
    ok: restored.ok,
    changes: restored.changes,
    seconds: Math.round((Date.now() - t1) / 100) / 10,
  };
  check(restored.ok, `rollout drill: the up after ${first}'s node came back failed`);
  await c.ingressReady(picked.map((p) => p.node.name));
  log(
    `rollout drill: restored in ${report.restoredUp.seconds} s: ${JSON.stringify(restored.changes)}`,
  );
  return report;
}

const names = (picked: { zone: string; node: { name: string } }[]) =>
  picked.map((p) => `${p.zone}/${p.node.name}`).join(" and ");

function ingressNodes(raw: Raw, zone: string): Record<string, unknown> {
  const z = (raw.zones as Record<string, Raw>)[zone];
  return z.ingressNodes as Record<string, unknown>;
}

interface StateResource {
  urn: string;
  inputs?: unknown;
  dependencies?: string[];
}

/** The resources of the run's one stack in the file backend's state. */
function stateResources(stateDir: string): StateResource[] {
  const file = stackFiles(join(stateDir, ".pulumi", "stacks"))[0];
  if (!file) throw new Error(`rollout drill: no stack state under ${stateDir}`);
  const state = JSON.parse(readFileSync(file, "utf8")) as {
    checkpoint: { latest?: { resources?: StateResource[] } };
  };
  return state.checkpoint.latest?.resources ?? [];
}

const logicalName = (urn: string) => urn.split("::").at(-1)!;

/** The logical names a resource depends on in the state, sorted. */
function stateDependencies(stateDir: string, name: string): string[] {
  const r = stateResources(stateDir).find((x) => logicalName(x.urn) === name);
  return (r?.dependencies ?? []).map(logicalName).sort();
}

/** Every resource of a zone in the file backend's state (its logical name starts `<zone>-`), by URN: its inputs. */
function zoneState(stateDir: string, zone: string): Record<string, unknown> {
  const own = stateResources(stateDir)
    .filter((r) => logicalName(r.urn).startsWith(`${zone}-`))
    .sort((a, b) => a.urn.localeCompare(b.urn));
  return Object.fromEntries(own.map((r) => [r.urn, plainParts(r.inputs)]));
}

/** Pulumi's marker of a secret value in the state: its ciphertext is not compared. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function plainParts(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainParts);
  if (v === null || typeof v !== "object") return v;
  if (SECRET_SIG in v) return "<secret>";
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainParts(x)]));
}

function stackFiles(dir: string): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(stackFiles(p));
    else if (e.endsWith(".json")) out.push(p);
  }
  return out;
}
