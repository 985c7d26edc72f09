// What the add-zone and rotation drills count as a flap: BIRD's since-time moving, in BIRD 2's and BIRD 1.6's forms.
import assert from "node:assert/strict";
import { birdChanges, sameSince } from "../lab/flaps";
import type { Snapshot } from "../lab/observe";

const snap = (since: string, state = "Established"): Snapshot =>
  ({
    frr: new Map(),
    bird: new Map([["bf-n1", new Map([["Node_10_0_0_2", { state, since }]])]]),
  }) as unknown as Snapshot;

describe("lab flaps: BIRD since-times", () => {
  it("reads BIRD 2's ISO time to the millisecond", () => {
    assert.equal(sameSince("2026-12-06 23:17:05.120", "2026-12-06 23:17:05.121"), true);
    assert.equal(sameSince("2026-12-06 23:17:05.120", "2026-12-06 23:17:09.500"), false);
  });

  it("reads BIRD 1.6's time of day (Calico's confd sets no timeformat), across midnight too", () => {
    assert.equal(sameSince("23:17:05", "23:17:05"), true);
    assert.equal(sameSince("23:17:05", "23:17:06"), true);
    assert.equal(sameSince("23:17:05", "23:17:11"), false);
    assert.equal(sameSince("23:59:59", "00:00:00"), true);
    assert.equal(sameSince("23:59:59", "00:00:07"), false);
  });

  it("never takes an unreadable time for the same", () => {
    assert.equal(sameSince("soon", "soon"), false);
  });

  it("counts a BIRD 1.6 session whose since moved or that is down, and not one that stayed", () => {
    assert.deepEqual(birdChanges(snap("23:17:05"), snap("23:17:05")), []);
    assert.deepEqual(birdChanges(snap("23:17:05"), snap("23:18:40")), ["bf-n1 Node_10_0_0_2"]);
    assert.deepEqual(birdChanges(snap("23:17:05"), snap("23:17:05", "Active")), [
      "bf-n1 Node_10_0_0_2",
    ]);
  });
});
