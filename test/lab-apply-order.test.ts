// The lab applies switch commands as the Pulumi engine does (lab/apply-order.ts): dependencies first, independent
// commands at once up to the parallelism, deletes in reverse, nothing new after a failure.
import assert from "node:assert/strict";
import { inDependencyOrder, type Operation } from "../lab/apply-order";

const op = (name: string, ...dependsOn: string[]): Operation<string> => ({
  name,
  dependsOn,
  item: name,
});

/** Runs the batch with operations that take a few event-loop turns; records starts, ends and peak concurrency. */
async function trace(
  ops: Operation<string>[],
  direction: "create" | "delete",
  parallel?: number,
  fail?: string,
) {
  const events: string[] = [];
  let now = 0;
  let peak = 0;
  const result = await inDependencyOrder(
    ops,
    direction,
    async (name) => {
      events.push(`start ${name}`);
      peak = Math.max(peak, ++now);
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      now--;
      events.push(`end ${name}`);
      if (name === fail) throw new Error(`${name} failed`);
    },
    parallel,
  ).catch((e: Error) => e.message);
  return { events, peak, result };
}

describe("lab: commands applied in dependency order, like the Pulumi engine", () => {
  it("a chain runs one at a time, in order; its delete in reverse", async () => {
    const chain = [op("base"), op("n1", "base"), op("n2", "n1")];
    assert.deepEqual(await trace(chain, "create"), {
      events: ["start base", "end base", "start n1", "end n1", "start n2", "end n2"],
      peak: 1,
      result: 3,
    });
    assert.deepEqual((await trace(chain, "delete")).events, [
      "start n2",
      "end n2",
      "start n1",
      "end n1",
      "start base",
      "end base",
    ]);
  });

  it("commands that depend only on the base run together after it, and before it on delete", async () => {
    const fan = [op("base"), op("n1", "base"), op("n2", "base"), op("n3", "base")];
    const up = await trace(fan, "create");
    assert.deepEqual(up.events.slice(0, 5), [
      "start base",
      "end base",
      "start n1",
      "start n2",
      "start n3",
    ]);
    assert.equal(up.peak, 3);
    const down = await trace(fan, "delete");
    assert.deepEqual(down.events.slice(0, 3), ["start n1", "start n2", "start n3"]);
    assert.deepEqual(down.events.slice(-2), ["start base", "end base"]);
  });

  it("never runs more than the parallelism at once", async () => {
    const many = Array.from({ length: 7 }, (_, i) => op(`c${i}`));
    const r = await trace(many, "create", 2);
    assert.equal(r.peak, 2);
    assert.equal(r.result, 7);
  });

  it("a dependency outside the batch (already applied) does not hold a command back", async () => {
    const r = await trace([op("n9", "base"), op("n10", "n9")], "create");
    assert.deepEqual(r.events, ["start n9", "end n9", "start n10", "end n10"]);
  });

  it("after a failure nothing new starts, running commands finish, and the failure is reported", async () => {
    const r = await trace(
      [op("a"), op("b"), op("a2", "a"), op("b2", "b")],
      "create",
      undefined,
      "a",
    );
    assert.deepEqual(r.events, ["start a", "start b", "end a", "end b"]);
    assert.equal(r.result, "a failed");
  });

  it("refuses a cycle instead of hanging", async () => {
    const r = await trace([op("x", "y"), op("y", "x")], "create");
    assert.equal(r.result, "lab: a dependency cycle among x, y");
  });
});
