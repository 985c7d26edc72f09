// io/ssh.ts: the one OpenSSH command line of the live reads and the lab's stand-in for remote.Command, and
// io/input.ts's answer to a stack file that does not exist.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { missingStackFile, stacksIn } from "../io/input";
import { knownHostsLine, sshArgv, sshArgvProblem } from "../io/ssh";
import { tempDirs } from "./helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const SW = { host: "core1.az1.example.net", port: 2222, user: "bgp-fabric" };
const COMMON = [
  "ssh",
  "-T",
  "-i",
  "/k/id",
  "-p",
  "2222",
  "-o",
  "BatchMode=yes",
  "-o",
  "IdentitiesOnly=yes",
];
const TAIL = [
  "-o",
  "GlobalKnownHostsFile=/dev/null",
  "-o",
  "ConnectTimeout=10",
  "-o",
  "LogLevel=ERROR",
  "--",
  "bgp-fabric@core1.az1.example.net",
  "vtysh -c 'show bgp summary json'",
];

describe("the SSH command line (io/ssh.ts)", () => {
  const cmd = "vtysh -c 'show bgp summary json'";

  it("pins the host key to a known_hosts file (the live reads with a key)", () => {
    assert.deepEqual(sshArgv(SW, cmd, "/k/id", { knownHosts: "/t/kh", trust: "pinned" }), [
      ...COMMON,
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      "UserKnownHostsFile=/t/kh",
      ...TAIL,
    ]);
  });

  it("trusts the first key into the file, as remote.Command without hostKey does (the lab)", () => {
    assert.deepEqual(sshArgv(SW, cmd, "/k/id", { knownHosts: "/lab/kh", trust: "first-use" }), [
      ...COMMON,
      "-o",
      "StrictHostKeyChecking=accept-new",
      "-o",
      "UserKnownHostsFile=/lab/kh",
      ...TAIL,
    ]);
  });

  it("checks no key only when asked (--insecure-host-keys), remembering none", () => {
    assert.deepEqual(sshArgv(SW, cmd, "/k/id", { trust: "insecure" }), [
      ...COMMON,
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      "UserKnownHostsFile=/dev/null",
      ...TAIL,
    ]);
  });

  it("refuses, before any process starts, a value that would add an option, a destination or a known_hosts file", () => {
    const pinned = { knownHosts: "/t/kh", trust: "pinned" } as const;
    const refused = (
      target: { host: string; port: number; user: string },
      keyFile = "/k/id",
      hostKey: Parameters<typeof sshArgv>[3] = pinned,
    ) =>
      assert.throws(
        () => sshArgv(target, cmd, keyFile, hostKey),
        /^Error: ssh: refused before connecting: /,
      );
    refused({ ...SW, host: "-oProxyCommand=touch /tmp/x" });
    refused({ ...SW, host: "core1 -v" });
    refused({ ...SW, host: "010.001.000.002" });
    refused({ ...SW, user: "root@evil.example" });
    refused({ ...SW, user: "-oProxyCommand=x" });
    refused({ ...SW, port: 0 });
    refused({ ...SW, port: 22.5 });
    refused(SW, "/k/id\n");
    refused(SW, "%d/.ssh/id");
    refused(SW, "/k/id", { knownHosts: "/tmp/a b", trust: "pinned" });
    refused(SW, "/k/id", { knownHosts: "/tmp/${HOME}", trust: "first-use" });
    assert.equal(
      sshArgvProblem({ ...SW, user: "root@evil.example" }, cmd, "/k/id", pinned),
      "user root@evil.example is not a POSIX user name",
    );
    assert.equal(sshArgvProblem(SW, cmd, "/k/id", pinned), undefined);
  });

  it("writes a known_hosts line with the port when it is not 22, without the key's comment", () => {
    assert.equal(
      knownHostsLine(SW, "ssh-ed25519 AAAAC3Nza comment@host\n"),
      "[core1.az1.example.net]:2222 ssh-ed25519 AAAAC3Nza\n",
    );
    assert.equal(
      knownHostsLine({ host: "10.0.0.1", port: 22 }, "ssh-ed25519 AAAAC3Nza"),
      "10.0.0.1 ssh-ed25519 AAAAC3Nza\n",
    );
  });
});

describe("a stack file that does not exist (io/input.ts)", () => {
  const dir = temp("stacks");
  for (const f of [
    "Pulumi.prod.yaml",
    "Pulumi.lab.yaml",
    "Pulumi.yaml",
    "Pulumi.prod.yaml.bak",
    "notes.md",
  ])
    writeFileSync(join(dir, f), "");

  it("lists the stacks beside it: every Pulumi.<stack>.yaml, sorted, nothing else", () => {
    assert.deepEqual(stacksIn(dir), ["lab", "prod"]);
    assert.deepEqual(stacksIn(join(dir, "missing")), []);
  });

  it("fails naming the closest stack for a slip, the stacks for another name, and how to make one when none", () => {
    assert.equal(
      missingStackFile(join(dir, "Pulumi.prdo.yaml")),
      `${join(dir, "Pulumi.prdo.yaml")}: no such stack file; the stacks beside it: lab, prod; did you mean prod (Pulumi.prod.yaml)?`,
    );
    assert.equal(
      missingStackFile(join(dir, "Pulumi.staging.yaml")),
      `${join(dir, "Pulumi.staging.yaml")}: no such stack file; the stacks beside it: lab, prod; pass one of them with --stack, or --config FILE`,
    );
    const empty = temp("stacks");
    assert.equal(
      missingStackFile(join(empty, "Pulumi.prod.yaml")),
      `${join(empty, "Pulumi.prod.yaml")}: no such stack file, and no Pulumi.<stack>.yaml beside it; create it or pass --config FILE`,
    );
  });
});
