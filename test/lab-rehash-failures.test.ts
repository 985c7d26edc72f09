// The lab's rule for HTTP failures under a next-hop change (lab/probes.ts failuresBeyondRehash): only a reset of a
// request in flight when a switch changed its next hops is physics (ECMP keeps no flow state); anything else is lost.
import assert from "node:assert/strict";
import { failuresBeyondRehash, type LoadResult } from "../lab/probes";

const T = 1_700_000_000_000;
const load = (failures: LoadResult["failures"], failed = failures.length): LoadResult => ({
  requests: 500,
  ok: 500 - failed,
  failed,
  byNode: {},
  failures,
  startedAt: T,
  ms: 10_000,
});

describe("failuresBeyondRehash", () => {
  const change = T + 2400; // a switch seen with its new next-hop set 2.4 s into the load

  it("a reset of a request in flight at a next-hop change is rehashed", () => {
    const f = { atMs: 2395, endMs: 2398, error: "read ECONNRESET" };
    assert.deepEqual(failuresBeyondRehash(load([f]), [change]), { rehashed: [f], other: [] });
    const hangUp = { atMs: 2390, endMs: 2392, error: "socket hang up" };
    assert.deepEqual(failuresBeyondRehash(load([hangUp]), [change]).rehashed, [hangUp]);
  });

  it("a reset with no next-hop change near its lifetime, a timeout, a refusal or an HTTP error is other", () => {
    const far = { atMs: 5000, endMs: 5003, error: "read ECONNRESET" };
    const timeout = { atMs: 2395, endMs: 4395, error: "timeout after 2000 ms" };
    const refused = { atMs: 2395, endMs: 2396, error: "connect ECONNREFUSED 203.0.113.0:80" };
    const http = { atMs: 2395, endMs: 2397, error: "HTTP 502" };
    assert.deepEqual(failuresBeyondRehash(load([far, timeout, refused, http]), [change]), {
      rehashed: [],
      other: [far, timeout, refused, http],
    });
    // No change at all: every reset is other.
    assert.deepEqual(
      failuresBeyondRehash(load([{ atMs: 2395, endMs: 2398, error: "read ECONNRESET" }]), []).other
        .length,
      1,
    );
  });

  it("failures past the itemised ones cannot be told apart and count as other", () => {
    const f = { atMs: 2395, endMs: 2398, error: "read ECONNRESET" };
    const r = failuresBeyondRehash(load([f], 3), [change]);
    assert.equal(r.rehashed.length, 1);
    assert.equal(r.other.length, 2);
  });
});
