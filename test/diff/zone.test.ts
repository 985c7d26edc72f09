// The zone-addition workflow: the stack file gains exactly the zone's lines, and the result plans like prod + az4.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../model/core/errors";
import { readStackFile } from "../../model/spec/stack-file";
import { addZone, type NewZone } from "../../model/spec/zone-edit";
import { ROOT, planOf, stackConfig, withZone4 } from "../helpers/fixtures";
import { runCli } from "./run";

const AZ4: NewZone = {
  name: "az4",
  asn: "65104",
  nodeCidr: "10.4.0.0/24",
  podCidr: "10.244.192.0/18",
  switches: [
    { name: "core1", address: "10.4.0.2", sshHost: "core1.az4.fra1.example.net", dialect: "frr" },
    { name: "core2", address: "10.4.0.3", sshHost: "core2.az4.fra1.example.net", dialect: "frr" },
  ],
  masters: [
    { name: "fra1-az4-m1", address: "10.4.0.11" },
    { name: "fra1-az4-m2", address: "10.4.0.12" },
  ],
  ingressNodes: [
    { name: "fra1-az4-in1", address: "10.4.0.21" },
    { name: "fra1-az4-in2", address: "10.4.0.22" },
  ],
};

const BLOCK = `    az4:
      asn: 65104
      nodeCidr: 10.4.0.0/24
      podCidr: 10.244.192.0/18
      switches:
        core1: {address: 10.4.0.2, sshHost: core1.az4.fra1.example.net, dialect: frr}
        core2: {address: 10.4.0.3, sshHost: core2.az4.fra1.example.net, dialect: frr}
      masters:
        fra1-az4-m1: {address: 10.4.0.11}
        fra1-az4-m2: {address: 10.4.0.12}
      ingressNodes:
        fra1-az4-in1: {address: 10.4.0.21}
        fra1-az4-in2: {address: 10.4.0.22}
`;

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

describe("adding a zone", function () {
  this.timeout(60_000);
  const prodText = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8");

  it("appends exactly the zone's lines to Pulumi.prod.yaml: comments, order and layout untouched", () => {
    // The zones map ends the file, so the edit is the original text plus the new block, byte for byte.
    assert.equal(addZone(prodText, "Pulumi.prod.yaml", AZ4), prodText + BLOCK);
  });

  it("produces the config of prod + az4, which plans cleanly", () => {
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-zone-"));
    const file = join(dir, "Pulumi.prod.yaml");
    writeFileSync(file, addZone(prodText, "Pulumi.prod.yaml", AZ4));
    assert.deepEqual(planOf(readStackFile(file)), planOf(withZone4(stackConfig("prod"))));
  });

  it("fails when the zone exists", () => {
    assert.throws(
      () => addZone(prodText, "Pulumi.prod.yaml", { ...AZ4, name: "az2" }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.join("\n") ===
          "zones.az2: already exists (got az2); pick another zone name, or edit the zone in the file",
    );
  });

  it("npm run zone edits a copy of Pulumi.prod.yaml in place and prints the preview diff", () => {
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-zone-"));
    const file = join(dir, "Pulumi.prod.yaml");
    copyFileSync(join(ROOT, "Pulumi.prod.yaml"), file);
    const r = runCli("zone", [...ARGS, "--config", file], dir);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(file, "utf8");
    assert.equal(text, prodText + BLOCK);
    assert.ok(text.startsWith("# Datacenter fra1: three availability zones"));
    const out = r.stdout.split("\n");
    assert.deepEqual(out.slice(0, 9), [
      "added zone az4 to Pulumi.prod.yaml: AS65104, 2 core switches, 2 masters, 2 ingress nodes",
      "",
      "diff fra1: Pulumi.prod.yaml (with az4) against Pulumi.prod.yaml (as it was)",
      "  sessions      +13",
      "  kubernetes    +13",
      "  helm          no change",
      "  switches      +10 on az4/core1, az4/core2",
      "  blast radius  az4 (added)",
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
        "prod: az4 added: sessions +13, kubernetes +13, switch commands +10",
      ],
    );
  });

  it("writes nothing and lists every problem when the zone is invalid", () => {
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-zone-"));
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
