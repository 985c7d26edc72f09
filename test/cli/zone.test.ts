// `npm run zone` in a fresh process: the stack file it edits, what it prints, and what it refuses (exit codes).
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { readGolden } from "../helpers/golden";
import { runCli } from "./run";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

/** The zone block test/diff/zone.test.ts checks addZone appends (its golden file). */
const BLOCK = readGolden("zone/az4-block.yaml");

const ARGS = [
  "add",
  "--stack",
  "prod",
  "--name",
  "az4",
  "--asn",
  "65104",
  "--node-cidr",
  "10.4.0.0/24",
  "--pod-cidr",
  "10.244.192.0/18",
  "--switch",
  "core1=10.4.0.2,core1.az4.fra1.example.net",
  "--switch",
  "core2=10.4.0.3,core2.az4.fra1.example.net",
  "--master",
  "fra1-az4-m1=10.4.0.11",
  "--master",
  "fra1-az4-m2=10.4.0.12",
  "--ingress",
  "fra1-az4-in1=10.4.0.21",
  "--ingress",
  "fra1-az4-in2=10.4.0.22",
];

describe("npm run zone", function () {
  this.timeout(60_000);
  const prodText = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8");

  it("npm run zone edits a copy of Pulumi.prod.yaml in place and prints the preview diff", () => {
    const dir = temp("zone");
    const file = join(dir, "Pulumi.prod.yaml");
    copyFileSync(join(ROOT, "Pulumi.prod.yaml"), file);
    const r = runCli("zone", [...ARGS, "--config", file], dir);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(file, "utf8");
    assert.equal(text, prodText + BLOCK);
    assert.ok(text.startsWith("# Datacenter fra1: three availability zones"));
    const out = r.stdout.split("\n");
    assert.deepEqual(out.slice(0, 10), [
      "added zone az4 to Pulumi.prod.yaml: AS65104, 2 core switches, 2 masters, 2 ingress nodes",
      "",
      "diff fra1: Pulumi.prod.yaml (with az4) against Pulumi.prod.yaml (as it was)",
      "  sessions      +13",
      "  kubernetes    +15",
      "  helm          no change",
      "  switches      +10 on az4/core1, az4/core2",
      "  blast radius  az4 (added)",
      "  rollout       zone by zone: az1 → az2 → az3 → az4; this change: az4",
      "  unchanged     az1, az2, az3, cluster-wide",
    ]);
    assert.deepEqual(
      r.stderr.split("\n").filter((l) => l.startsWith("prod: ")),
      [
        "prod: planning Pulumi.prod.yaml as it is",
        "prod: planning Pulumi.prod.yaml with zone az4",
        "prod: comparing Pulumi.prod.yaml (with az4) with Pulumi.prod.yaml (as it was)",
        "prod: az1 unchanged",
        "prod: az2 unchanged",
        "prod: az3 unchanged",
        "prod: az4 added: sessions +13, kubernetes +15, switch commands +10",
      ],
    );
  });

  it("writes nothing and lists every problem when the zone is invalid", () => {
    const dir = temp("zone");
    const file = join(dir, "Pulumi.prod.yaml");
    copyFileSync(join(ROOT, "Pulumi.prod.yaml"), file);
    const args = [...ARGS, "--config", file];
    args[args.indexOf("65104")] = "65101";
    args[args.indexOf("fra1-az4-m2=10.4.0.12")] = "fra1-az4-m2=10.1.0.12";
    args[args.indexOf("fra1-az4-in2=10.4.0.22")] = "fra1-az4-in2=10.4.0.255";
    const r = runCli("zone", args, dir);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.deepEqual(r.stderr.split("\n").slice(-6), [
      "Pulumi.prod.yaml: adding zone az4 gives 4 problems, nothing written:",
      "  zones.az4.asn: AS number is already used by zones.az1.asn (got 65101); give each zone its own AS",
      "  zones.az4.ingressNodes.fra1-az4-in2.address: is the network or broadcast address of 10.4.0.0/24 (got 10.4.0.255); use a host address",
      "  zones.az4.masters.fra1-az4-m2.address: address is already used by zones.az1.masters.fra1-az1-m2.address (got 10.1.0.12); give every switch and node its own address",
      "  zones.az4.masters.fra1-az4-m2.address: is outside zones.az4.nodeCidr (10.4.0.0/24) (got 10.1.0.12); use an address of the zone's node subnet",
      "",
    ]);
    assert.equal(readFileSync(file, "utf8"), prodText);
  });

  it("fails on flags it cannot read, listing each, before touching the file", () => {
    const r = runCli("zone", [
      "add",
      "--stack",
      "prod",
      "--name",
      "az4",
      "--switch",
      "core1",
      "--master",
      "m1=10.4.0.11",
      "--master",
      "m1=10.4.0.12",
    ]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      [
        "--asn: is required (got nothing); see --help",
        "--node-cidr: is required (got nothing); see --help",
        "--pod-cidr: is required (got nothing); see --help",
        '--switch core1: is not <node>=<address> (got "core1"); e.g. --switch core1=10.4.0.2',
        "--master m1: is given twice; name each one once",
        "nothing written",
        "",
      ].join("\n"),
    );
  });
});
