// The node side's failures, without a cluster: confd's check and reload commands (e2e/confd/agent.ts, run as confd
// runs them) failing on a config BIRD refuses or a krt_tunnel form the transform does not know, each quoting the
// error into the node's errors.log; the run's per-node problems naming the node and quoting that line; and the
// coverage the report's confdNodes and differential must show (every planned node, never none).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtModuleVersion, coverageProblems } from "../../e2e/confd/confd-run";
import { ConfdNodeSide } from "../../e2e/confd/confd-side";
import { differences, parseConfd } from "../../e2e/confd/differential";
import { AGENT_FILE, ERRORS_FILE, type AgentConfig } from "../../e2e/confd/node-dir";
import { LabState } from "../../lab/state";
import type { LabNode } from "../../lab/topology";
import { planOf, stackConfig } from "../helpers/fixtures";

const AGENT = join(__dirname, "..", "..", "e2e", "confd", "agent.ts");
const BIRD_CFG = 'include "bird_aggr.cfg";\ninclude "bird_ipam.cfg";\nrouter id 10.11.0.11;\n';
const IPAM_OK = 'filter calico_kernel_programming {\n  krt_tunnel = "";\n  accept;\n}\n';

/**
 * A node folder whose BIRD is a stand-in for `bird -p -c FILE` as BIRD's manual documents it ("-p: just parse the
 * config file and exit; return value is zero if the config file is valid, nonzero if there are some errors"), its
 * message on stderr: it refuses a file holding `refuse-me` with what BIRD 1.6.8 prints for a syntax error
 * (`bird: <file>:<line>:<column> syntax error`, as `bird -p` printed it here for such a line).
 */
function nodeDir(): { dir: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), "bf-confd-fail-"));
  const dir = join(root, "node");
  mkdirSync(join(dir, "out"), { recursive: true });
  const bird = join(root, "bird");
  writeFileSync(
    bird,
    [
      "#!/bin/sh",
      '[ "$1" = -p ] && [ "$2" = -c ] || exit 2',
      'if cat "$3" "$(dirname "$3")"/bird_*.cfg | grep -q refuse-me; then',
      '  echo "bird: $3:3:1 syntax error" >&2; exit 1',
      "fi",
    ].join("\n"),
  );
  chmodSync(bird, 0o755);
  const agent: AgentConfig = { "4": { bird, birdc: "/bin/false", socket: join(dir, "bird.ctl") } };
  writeFileSync(join(dir, AGENT_FILE), JSON.stringify(agent));
  writeFileSync(join(dir, ERRORS_FILE), "");
  return { dir, root };
}

function agent(...args: string[]) {
  return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", AGENT, ...args], {
    encoding: "utf8",
  });
}

describe("confd's check and reload fail loudly, quoting BIRD or the transform", () => {
  let t: { dir: string; root: string };
  beforeEach(() => (t = nodeDir()));
  afterEach(() => rmSync(t.root, { recursive: true, force: true }));
  const out = (f: string, text: string) => writeFileSync(join(t.dir, "out", f), text);
  const errors = () => readFileSync(join(t.dir, ERRORS_FILE), "utf8");

  it("reload: the rendered set transformed into bird/ when BIRD parses it, no error", () => {
    out("bird.cfg", BIRD_CFG);
    out("bird_aggr.cfg", "protocol static {\n}\n");
    out("bird_ipam.cfg", IPAM_OK);
    const r = agent("reload", t.dir, "4");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(errors(), "");
    assert.equal(
      readFileSync(join(t.dir, "bird", "bird_ipam.cfg"), "utf8"),
      "filter calico_kernel_programming {\n  accept;\n}\n",
    );
  });

  it("fails when BIRD refuses confd's rendering: exit 1, BIRD's message in errors.log", () => {
    out("bird.cfg", BIRD_CFG);
    out("bird_aggr.cfg", "refuse-me\n");
    out("bird_ipam.cfg", IPAM_OK);
    const r = agent("reload", t.dir, "4");
    assert.equal(r.status, 1);
    const line = errors().trim();
    assert.match(
      line,
      new RegExp(
        `^\\S+ BIRD 1\\.6\\.8 refuses confd's rendering: bird: ${join(t.dir, "bird", "bird.cfg")}:3:1 syntax error$`,
      ),
    );
    assert.equal(r.stderr.trim(), line);
  });

  it("fails when the check meets a staged file BIRD refuses (confd then keeps the previous file)", () => {
    out("bird_aggr.cfg", "protocol static {\n}\n");
    out("bird_ipam.cfg", IPAM_OK);
    const staged = join(t.dir, "out", ".bird.cfg123");
    writeFileSync(staged, `${BIRD_CFG}refuse-me\n`);
    const r = agent("check", t.dir, "4", staged, "bird.cfg");
    assert.equal(r.status, 1);
    assert.match(errors(), /BIRD 1\.6\.8 refuses confd's bird\.cfg: bird: .*:3:1 syntax error\n$/);
  });

  it("fails when the transform meets a krt_tunnel form it does not know, naming file and line", () => {
    out("bird.cfg", BIRD_CFG);
    out("bird_aggr.cfg", "protocol static {\n}\n");
    out("bird_ipam.cfg", 'filter f {\n  if krt_tunnel = "tunl0" then accept;\n}\n');
    const r = agent("reload", t.dir, "4");
    assert.equal(r.status, 1);
    assert.match(
      errors(),
      /^\S+ bird_ipam\.cfg:2: krt_tunnel in a form the BIRD 1\.6 transform does not know: "if krt_tunnel = \\"tunl0\\" then accept;"\n$/,
    );
  });

  it("fails on a family the node does not run", () => {
    const r = agent("reload", t.dir, "6");
    assert.equal(r.status, 1);
    assert.match(errors(), /agent: usage: .* \(got reload .* 6\)\n$/);
  });
});

describe("the run's problems name the node and quote its error", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "bf-confd-side-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const node: LabNode = {
    ns: "bf-e2e-n1",
    zone: "az1",
    name: "lab-az1-m1",
    role: "master",
    address: "10.11.0.11",
    gateway: "10.11.0.2",
    links: [],
  };
  const side = () => {
    const s = new ConfdNodeSide({
      state: new LabState(root),
      tools: {
        dirs: [],
        bin: (b) => `/nonexistent/${b}`,
        file: (t, f) => `/nonexistent/${t}/${f}`,
      },
      kubeconfig: "/nonexistent/kubeconfig",
      apiNs: "bf-e2e-client",
      calicoNamespace: "calico-system",
      dualStack: () => false,
      log: () => {},
    });
    mkdirSync(s.nodeDir(node), { recursive: true });
    return s;
  };

  it("fails when a check or reload failed: the node and the last line of its errors.log", () => {
    const s = side();
    s.configured.add(node.name);
    writeFileSync(
      join(s.nodeDir(node), ERRORS_FILE),
      "t0 first\nt1 BIRD 1.6.8 refuses confd's rendering: bird: x:3:1 syntax error\n",
    );
    assert.deepEqual(s.problems([node]), [
      "e2e confd: lab-az1-m1: t1 BIRD 1.6.8 refuses confd's rendering: bird: x:3:1 syntax error",
    ]);
  });

  it("fails when the node's BIRD is not running", () => {
    const s = side();
    s.configured.add(node.name);
    writeFileSync(join(s.nodeDir(node), ERRORS_FILE), "");
    assert.deepEqual(s.problems([node]), ["e2e confd: lab-az1-m1: bird 1.6.8 is not running"]);
  });
});

describe("confdNodes and the differential cover every planned node", () => {
  const plan = planOf(stackConfig("lab"));
  const all = new Set(plan.nodeRegistrations.map((r) => r.node));

  it("holds when confd configured every planned node and the differential read each", () => {
    assert.equal(all.size, 10);
    assert.deepEqual(coverageProblems(plan, all, { nodes: 10 }), []);
  });

  it("fails when a planned node was not configured by confd, naming it", () => {
    const some = new Set([...all].filter((n) => n !== "lab-az2-w1"));
    assert.deepEqual(coverageProblems(plan, some, null), [
      "e2e confd: confd configured 9 nodes, the plan has 10; not configured: lab-az2-w1",
    ]);
  });

  it("fails when the differential compared no node (it cannot pass vacuously)", () => {
    assert.deepEqual(coverageProblems(plan, all, { nodes: 0 }), [
      "e2e confd: the differential compared 0 nodes, the plan has 10",
    ]);
    assert.deepEqual(coverageProblems(plan, new Set(), { nodes: 0 }), [
      `e2e confd: confd configured 0 nodes, the plan has 10; not configured: ${[...all].sort().join(", ")}`,
      "e2e confd: the differential compared 0 nodes, the plan has 10",
    ]);
  });
});

describe("the differential cannot pass on an empty or partial rendering", () => {
  it("fails when confd's bird.cfg is empty or has IPv4 disabled (no `local as`)", () => {
    for (const bird of ["", "# IPv4 disabled on this node.\n"])
      assert.throws(
        () => parseConfd({ bird, aggr: "", ipam: "" }),
        /^Error: e2e differential: confd's bird\.cfg has no `local as` \(IPv4 disabled on the node\?\)$/,
      );
  });

  it("fails when a protocol has no neighbor line", () => {
    const bird =
      "template bgp bgp_template {\n  local as 65201;\n}\n\nprotocol bgp Node_10_11_0_2 from bgp_template {\n  multihop;\n}\n";
    assert.throws(
      () => parseConfd({ bird, aggr: "", ipam: "" }),
      /^Error: e2e differential: protocol Node_10_11_0_2 has no neighbor line$/,
    );
  });

  it("finds every session and export missing from a rendering with none", () => {
    const confd = parseConfd({
      bird: "template bgp bgp_template {\n  local as 65201;\n}\n",
      aggr: "",
      ipam: "",
    });
    const emu = {
      asn: 65201,
      sessions: {
        Node_10_11_0_2: {
          neighbor: "10.11.0.2",
          asn: 65201,
          rrClient: false,
          password: true,
          filters: [],
        },
      },
      staticRoutes: ["203.0.113.0/28"],
      blocks: ["/26"],
      allowlist: [],
      pools: ["10.111.0.0/18"],
      filterRules: {},
    };
    assert.deepEqual(differences("lab-az1-w1", confd, emu), [
      'lab-az1-w1: session Node_10_11_0_2: confd null, emulation {"neighbor":"10.11.0.2","asn":65201,"rrClient":false,"password":true,"filters":[]}',
      'lab-az1-w1: staticRoutes: confd [], emulation ["203.0.113.0/28"]',
      'lab-az1-w1: blocks: confd [], emulation ["/26"]',
      'lab-az1-w1: pools: confd [], emulation ["10.111.0.0/18"]',
    ]);
  });
});

describe("the confd module version the report names comes from the binary", () => {
  // `go version -m` of the calico tool's confd as built here (e2e/tools/build.sh), cut to its first lines.
  const BUILD_INFO = [
    "/root/.cache/bgp-fabric/tools/calico-19923296796bd188/bin/confd: go1.26.8",
    "\tpath\tgithub.com/projectcalico/calico/confd",
    "\tmod\tgithub.com/projectcalico/calico\tv1.11.0-cni-plugin.0.20250813170300-a0db560f0520\th1:TXnPEzx4pLWgwzCetIO/VJuz4iBZZrOdNSv16a50YqE=",
    "\tdep\tgithub.com/projectcalico/api\tv0.0.0-00010101000000-000000000000",
  ].join("\n");

  it("reads the calico module's version from the build info", () => {
    assert.equal(
      builtModuleVersion(BUILD_INFO),
      "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520",
    );
  });

  it("finds none in another program's build info (a dep line is not the main module)", () => {
    assert.equal(
      builtModuleVersion(
        "kwok: go1.26.0\n\tpath\tsigs.k8s.io/kwok/cmd/kwok\n\tmod\tsigs.k8s.io/kwok\tv0.7.0\n\tdep\tgithub.com/projectcalico/calico\tv1\n",
      ),
      undefined,
    );
  });
});
