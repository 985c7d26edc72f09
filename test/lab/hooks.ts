// Root hooks of the lab tier (`npm run test:lab` requires this file): the tier holds the machine's lab lock from its
// first spec to its last, so it waits for another lab run on the machine once, before any spec, bounded by the
// lock's own BGP_FABRIC_LAB_WAIT (no mocha timeout), instead of in a spec's `before` whose timeout would fail first.
// Each spec's labs take the lock again inside the tier's hold (it is re-entrant).
import type { Context } from "mocha";
import { labLock } from "../../lab/machine";

export const TIER_OWNER = `npm run test:lab (${process.pid})`;

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(0);
    await labLock.acquire(TIER_OWNER, (l) => console.log(l));
  },
  async afterAll() {
    await labLock.release(TIER_OWNER);
  },
};
