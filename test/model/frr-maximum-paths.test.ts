// The maximum-paths ibgp a switch had before our first create, read from its running config: the IPv6 part (its own
// command) reads ` address-family ipv6 unicast` only; the IPv4 base keeps main's instance-wide read (its script is
// byte-identical to an IPv4-only stack's), whose limit docs/dual-stack.md states.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { foundMaximumPaths, foundMaximumPaths6 } from "../../model/plan/dialects/frr-shell";

/** `router bgp` body as FRR 8.4 prints it (the form `$bgp` holds: leading and trailing newline). */
function bgp(v4: string | undefined, v6: string | undefined): string {
  const af = (family: string, mp: string | undefined) =>
    mp === undefined
      ? []
      : [` address-family ${family} unicast`, `  maximum-paths ibgp ${mp}`, " exit-address-family"];
  return ["", " bgp router-id 10.11.0.2", ...af("ipv4", v4), ...af("ipv6", v6), ""].join("\n");
}

function read(lines: string[], config: string, v: string): string {
  const script = [...lines, `printf '%s' "$${v}"`].join("\n");
  return execFileSync("sh", ["-c", script], { env: { bgp: config }, encoding: "utf8" });
}

describe("FRR maximum-paths ibgp before our first create", () => {
  const v4 = foundMaximumPaths("K8S-RR", "az1/core1", "read");
  const v6 = foundMaximumPaths6("K8S-RR6", "az1/core1", "read");

  it("the IPv6 part reads the IPv6 family's block only", () => {
    assert.equal(read(v6, bgp(undefined, "8"), "mp6"), "8");
    assert.equal(read(v6, bgp("4", "8"), "mp6"), "8");
    assert.equal(read(v6, bgp("4", undefined), "mp6"), "none");
    assert.equal(read(v6, bgp(undefined, undefined), "mp6"), "none");
  });

  it("the IPv4 base reads the instance's first value: FRR prints ipv4 unicast before ipv6 unicast", () => {
    assert.equal(read(v4, bgp("4", undefined), "mp"), "4");
    assert.equal(read(v4, bgp("4", "8"), "mp"), "4");
    assert.equal(read(v4, bgp(undefined, undefined), "mp"), "none");
    // The stated limit (docs/dual-stack.md): an IPv6 value without an IPv4 one is taken for the IPv4 one.
    assert.equal(read(v4, bgp(undefined, "8"), "mp"), "8");
  });

  it("the recorded value wins over the running config", () => {
    const recorded = `${bgp("4", "8")} neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths-ibgp none\n neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors restore-ipv6-maximum-paths-ibgp 2\n`;
    assert.equal(read(v4, recorded, "mp"), "none");
    assert.equal(read(v6, recorded, "mp6"), "2");
  });
});
