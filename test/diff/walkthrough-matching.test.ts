// How a README walkthrough's expected output is matched (test/cli/readme-walkthrough.test.ts replays the commands).
import assert from "node:assert/strict";
import { matches } from "../cli/walkthrough";

describe("walkthrough matching", () => {
  it("lets … stand for any run of lines, and nothing else", () => {
    assert.equal(matches(["a", "…", "d"], ["a", "b", "c", "d"]), true);
    assert.equal(matches(["a", "…", "d"], ["a", "d"]), true);
    assert.equal(matches(["a", "…", "c", "…", "e"], ["a", "b", "c", "d", "e"]), true);
    assert.equal(matches(["a", "…", "x"], ["a", "b", "c"]), false);
    assert.equal(matches(["a", "b"], ["a", "b", "c"]), false);
  });
});
