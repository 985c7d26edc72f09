// The per-node confd folder and the differential check, without a cluster: exact outputs from small inputs. The toml
// is calico v3.28's confd/etc/calico/confd/conf.d/bird.toml; the rendering is the shape confd's bird.cfg.template,
// bird_aggr.cfg.template and bird_ipam.cfg.template write (cut to one reflector session and one switch session).
import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentCommand, prepareNodeDir, rewriteToml } from "../../e2e/confd/node-dir";
import {
  differences,
  fromEmulation,
  parseConfd,
  type Emulated,
} from "../../e2e/confd/differential";
import type { NodeBgp } from "../../lab/calico-bird";
import { ipv4Annotation, nodeAddressAnnotations } from "../../e2e/confd/calico-node";
import { dualStackNodes } from "../../e2e/confd/confd-run";
import { dualStack, planOf, stackConfig } from "../helpers/fixtures";

const BIRD_TOML = `[template]
src = "bird.cfg.template"
dest = "/etc/calico/confd/config/bird.cfg"
prefix = "/calico/"
keys = [
    "/bgp/v1/host",
    "/bgp/v1/global",
    "/resources/v3/projectcalico.org/bgpfilters",
]
check_cmd = "bird -p -c {{.src}}"
reload_cmd = "sv hup bird || true"
`;

describe("confd per node: the toml rewrite", () => {
  it("points dest, check_cmd and reload_cmd at the node and keeps every other line", () => {
    const out = rewriteToml(BIRD_TOML, "bird.toml", {
      dest: "/run/n1/out/bird.cfg",
      checkCmd: "agent check /run/n1 {{.src}} bird.cfg",
      reloadCmd: "agent reload /run/n1",
    });
    assert.equal(
      out,
      `[template]
src = "bird.cfg.template"
dest = "/run/n1/out/bird.cfg"
prefix = "/calico/"
keys = [
    "/bgp/v1/host",
    "/bgp/v1/global",
    "/resources/v3/projectcalico.org/bgpfilters",
]
check_cmd = "agent check /run/n1 {{.src}} bird.cfg"
reload_cmd = "agent reload /run/n1"
`,
    );
  });

  it("a dual-stack node gets calico's bird6 tomls too, each check and reload naming its family", () => {
    const tmp = mkdtempSync(join(tmpdir(), "confd-node-"));
    try {
      const tool = join(tmp, "tool");
      mkdirSync(join(tool, "conf.d"), { recursive: true });
      mkdirSync(join(tool, "templates"), { recursive: true });
      for (const f of ["bird", "bird_aggr", "bird_ipam", "bird6", "bird6_aggr", "bird6_ipam"])
        writeFileSync(
          join(tool, "conf.d", `${f}.toml`),
          `[template]\nsrc = "${f}.cfg.template"\ndest = "/etc/calico/confd/config/${f}.cfg"\nreload_cmd = "sv hup x || true"\n`,
        );
      const d = { bird: "/b", birdc: "/c", socket: "/s" };
      const v4 = prepareNodeDir(join(tmp, "n4"), tool, { "4": d });
      assert.deepEqual(readdirSync(join(v4, "conf.d")).sort(), [
        "bird.toml",
        "bird_aggr.toml",
        "bird_ipam.toml",
      ]);
      const v6 = prepareNodeDir(join(tmp, "n6"), tool, { "4": d, "6": d });
      assert.equal(readdirSync(join(v6, "conf.d")).length, 6);
      const toml = readFileSync(join(v6, "conf.d", "bird6_ipam.toml"), "utf8").split("\n");
      assert.equal(toml[2], `dest = "${join(tmp, "n6", "out", "bird6_ipam.cfg")}"`);
      assert.match(
        toml[3],
        new RegExp(
          ` e2e/confd/agent\\.ts check ${join(tmp, "n6")} 6 \\{\\{\\.src\\}\\} bird6_ipam\\.cfg"$`,
        ),
      );
      assert.match(toml[4], new RegExp(` e2e/confd/agent\\.ts reload ${join(tmp, "n6")} 6"$`));
      const bird = readFileSync(join(v6, "conf.d", "bird.toml"), "utf8");
      assert.match(bird, / reload \S+ 4"\n/);
      // confd writes the renderings (BGP passwords in them) 0644: the node's folder is the run user's alone.
      assert.equal(statSync(join(tmp, "n4")).mode & 0o777, 0o700);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("fails when a toml has no dest line", () => {
    assert.throws(
      () =>
        rewriteToml('[template]\nreload_cmd = "x"\n', "bird_x.toml", {
          dest: "d",
          checkCmd: "c",
          reloadCmd: "r",
        }),
      /^Error: e2e confd: bird_x.toml has no dest line; the rewrite knows calico's v3.28 tomls$/,
    );
  });

  it("refuses a path a shell would split or expand", () => {
    assert.throws(
      () => agentCommand(["reload", "/tmp/a b"]),
      /holds characters a shell command cannot take/,
    );
    assert.throws(
      () => agentCommand(["reload", "/tmp/$(x)"]),
      /holds characters a shell command cannot take/,
    );
    assert.match(
      agentCommand(["check", "/tmp/n", "{{.src}}", "bird.cfg"]),
      / e2e\/confd\/agent\.ts check \/tmp\/n \{\{\.src\}\} bird\.cfg$/,
    );
  });
});

const BIRD = `function 'bgp_lab-az1-to-core_exportFilterV4'() {
  if ((net ~ 203.0.113.0/28)) then { accept; }
  if ((net ~ 0.0.0.0/0)) then { reject; }
}
function 'bgp_other_exportFilterV4'() {
  if ((net ~ 198.51.100.0/24)) then { reject; }
}

template bgp bgp_template {
  debug { states };
  description "Connection to BGP peer";
  local as 65201;
  gateway recursive; # This should be the default, but just in case.
}

protocol bgp Node_10_11_0_2 from bgp_template {
  ttl security off;
  multihop;
  neighbor 10.11.0.2 as 65201;
  source address 10.11.0.11;  # The local address we use for the TCP connection
  import filter {
    accept; # Prior to introduction of BGP Filters we used "import all" so use default accept behaviour on import
  };
  export filter {
    'bgp_lab-az1-to-core_exportFilterV4'();
    calico_export_to_bgp_peers(true);
    reject;
  };  # Only want to export routes for workloads.
  rr client;
  rr cluster id 10.11.0.11;
  password "s3cret";
}

protocol bgp Node_10_11_0_21 from bgp_template {
  ttl security off;
  multihop;
  neighbor 10.11.0.21 as 65201;
  source address 10.11.0.11;  # The local address we use for the TCP connection
  import filter {
    accept;
  };
  export filter {
    calico_export_to_bgp_peers(true);
    reject;
  };  # Only want to export routes for workloads.
  graceful restart time 120;
  rr client;
  rr cluster id 10.11.0.11;
}
`;

const AGGR = `protocol static {
   # IP blocks for this host.
   route 10.111.12.64/26 blackhole;
   # Static routes.
   route 203.0.113.0/28 blackhole;
}

function calico_aggr ()
{
      # Block 10.111.12.64/26 is confirmed
      if ( net = 10.111.12.64/26 ) then { accept; }
      if ( net ~ 10.111.12.64/26 ) then { reject; }
}
`;

const IPAM = `function calico_export_to_bgp_peers(bool internal_peer) {
  reject_disabled_pools();
  calico_aggr();

  # Export static routes.
  if ( net ~ 203.0.113.0/28 ) then { accept; }

  # Configured as a RR - accept any routes within configured LB service IP ranges
  if ( net ~ 203.0.113.0/28 ) then { accept; }

  if ( net ~ 10.111.0.0/18 ) then {
    accept;
  }
}
`;

const EMULATED = {
  asn: 65201,
  clusterId: "10.11.0.11",
  peers: [
    {
      protocol: "Node_10_11_0_2",
      ip: "10.11.0.2",
      asn: 65201,
      rrClient: true,
      filters: ["lab-az1-to-core"],
      password: "x",
      from: "p1",
    },
    {
      protocol: "Node_10_11_0_21",
      ip: "10.11.0.21",
      asn: 65201,
      rrClient: true,
      restartTime: 120,
      filters: [],
      from: "p2",
    },
  ],
  blocks: ["10.111.0.0/26"],
  serviceRoutes: ["203.0.113.0/28"],
  allowlist: ["203.0.113.0/28"],
  pools: ["10.111.0.0/18"],
  filters: [
    {
      name: "lab-az1-to-core",
      rules: [
        { action: "Accept", matchOperator: "In", cidr: "203.0.113.0/28" },
        { action: "Reject", matchOperator: "In", cidr: "0.0.0.0/0" },
      ],
    },
  ],
} as unknown as NodeBgp;

describe("the differential check: confd's rendering against the emulation's", () => {
  it("reads sessions, AS, exports and the used filters from confd's files, passwords by presence", () => {
    const r = parseConfd({ bird: BIRD, aggr: AGGR, ipam: IPAM });
    assert.deepEqual(
      { ...r, lines: undefined },
      {
        asn: 65201,
        sessions: {
          Node_10_11_0_2: {
            neighbor: "10.11.0.2",
            asn: 65201,
            rrClient: true,
            clusterId: "10.11.0.11",
            password: true,
            filters: ["bgp_lab-az1-to-core_exportFilterV4"],
          },
          Node_10_11_0_21: {
            neighbor: "10.11.0.21",
            asn: 65201,
            rrClient: true,
            clusterId: "10.11.0.11",
            restartTime: 120,
            password: false,
            filters: [],
          },
        },
        staticRoutes: ["203.0.113.0/28"],
        blocks: ["/26"],
        allowlist: ["203.0.113.0/28"],
        pools: ["10.111.0.0/18"],
        filterRules: {
          "bgp_lab-az1-to-core_exportFilterV4": [
            "if ((net ~ 203.0.113.0/28)) then { accept; }",
            "if ((net ~ 0.0.0.0/0)) then { reject; }",
          ],
          bgp_other_exportFilterV4: ["if ((net ~ 198.51.100.0/24)) then { reject; }"],
        },
        lines: undefined,
      },
    );
    assert.equal(
      r.lines["session Node_10_11_0_2"],
      'neighbor 10.11.0.2 as 65201; rr client; rr cluster id 10.11.0.11; password "…";',
    );
  });

  it("finds nothing when the emulation derives the same (the block itself is IPAM's choice)", () => {
    assert.deepEqual(
      differences(
        "m1",
        parseConfd({ bird: BIRD, aggr: AGGR, ipam: IPAM }),
        fromEmulation(EMULATED),
      ),
      [],
    );
  });

  it("names the node, the session and confd's lines for each difference", () => {
    const emu = fromEmulation({
      ...EMULATED,
      peers: [{ ...EMULATED.peers[0], password: undefined }, EMULATED.peers[1]],
      serviceRoutes: ["203.0.113.0/28", "203.0.113.1/32"],
    } as NodeBgp);
    assert.deepEqual(differences("m1", parseConfd({ bird: BIRD, aggr: AGGR, ipam: IPAM }), emu), [
      'm1: session Node_10_11_0_2: confd {"neighbor":"10.11.0.2","asn":65201,"rrClient":true,"clusterId":"10.11.0.11","password":true,"filters":["bgp_lab-az1-to-core_exportFilterV4"]}, emulation {"neighbor":"10.11.0.2","asn":65201,"rrClient":true,"clusterId":"10.11.0.11","password":false,"filters":["bgp_lab-az1-to-core_exportFilterV4"]} (confd: neighbor 10.11.0.2 as 65201; rr client; rr cluster id 10.11.0.11; password "…";)',
      'm1: staticRoutes: confd ["203.0.113.0/28"], emulation ["203.0.113.0/28","203.0.113.1/32"] (confd: route 10.111.12.64/26 blackhole; route 203.0.113.0/28 blackhole;)',
    ]);
  });
});

// A dual-stack reflector's bird6 files, in the shape calico v3.28's bird6*.cfg.template write (cut to one session).
const BIRD6 = `function 'bgp_lab-az1-to-core_exportFilterV6'() {
  if ((net ~ 2001:db8:113::/124)) then { reject; }
}

template bgp bgp_template {
  local as 65201;
}

protocol bgp Node_fd00_11__2 from bgp_template {
  ttl security off;
  multihop;
  neighbor fd00:11::2 as 65201;
  source address fd00:11::11;  # The local address we use for the TCP connection
  export filter {
    'bgp_lab-az1-to-core_exportFilterV6'();
    calico_export_to_bgp_peers(true);
    reject;
  };  # Only want to export routes for workloads.
  rr client;
  rr cluster id 10.11.0.11;
}
`;
const AGGR6 = `protocol static {
   # IP blocks for this host.
   route fd00:111:0:1::/122 blackhole;
   # Static routes.
   route 2001:db8:113::/124 blackhole;
}
`;
const IPAM6 = `function calico_export_to_bgp_peers(bool internal_peer) {
  calico_aggr();

  # Configured as a RR - accept any routes within configured LB service IP ranges
  if ( net ~ 2001:db8:113::/124 ) then { accept; }

  if ( net ~ fd00:111::/56 ) then {
    accept;
  }
}
`;

describe("the differential check on a dual-stack node: bird6's files against the emulation's IPv6 half", () => {
  const v6 = parseConfd({ bird: BIRD6, aggr: AGGR6, ipam: IPAM6 }, "6");
  const emulated = {
    ...EMULATED,
    peers: [
      ...EMULATED.peers,
      {
        protocol: "Node_fd00_11__2",
        ip: "fd00:11::2",
        asn: 65201,
        rrClient: true,
        filters: ["lab-az1-to-core"],
        from: "p1-v6",
      },
    ],
    filters: [
      {
        ...EMULATED.filters[0],
        rules6: [{ action: "Reject", matchOperator: "In", cidr: "2001:db8:113::/124" }],
      },
    ],
    v6: {
      address: "fd00:11::11",
      blocks: ["fd00:111::/122"],
      podAddress: "fd00:111::1",
      serviceRoutes: ["2001:db8:113::/124"],
      kernelReject: ["2001:db8:113::/124"],
      allowlist: ["2001:db8:113::/124"],
      pools: ["fd00:111::/56"],
    },
  } as unknown as Emulated;

  it("reads the IPv6 session and its V6 filter from bird6.cfg, and finds nothing against the same derivation", () => {
    assert.deepEqual(v6.sessions, {
      Node_fd00_11__2: {
        neighbor: "fd00:11::2",
        asn: 65201,
        rrClient: true,
        clusterId: "10.11.0.11",
        password: false,
        filters: ["bgp_lab-az1-to-core_exportFilterV6"],
      },
    });
    assert.deepEqual(differences("m1 (bird6)", v6, fromEmulation(emulated, "6")), []);
    // The IPv4 comparison takes only the IPv4 peers.
    assert.deepEqual(Object.keys(fromEmulation(emulated, "4").sessions), [
      "Node_10_11_0_2",
      "Node_10_11_0_21",
    ]);
  });

  it("names the node's bird6 and the /128 the emulation announces and confd does not", () => {
    const more = {
      ...emulated,
      v6: { ...emulated.v6!, serviceRoutes: ["2001:db8:113::/124", "2001:db8:113::/128"] },
    };
    assert.deepEqual(differences("m1 (bird6)", v6, fromEmulation(more, "6")), [
      'm1 (bird6): staticRoutes: confd ["2001:db8:113::/124"], emulation ["2001:db8:113::/124","2001:db8:113::/128"] (confd: route fd00:111:0:1::/122 blackhole; route 2001:db8:113::/124 blackhole;)',
    ]);
  });
});

describe("the address annotation calico-node's start-up writes", () => {
  it("is the node's planned address with its zone's nodeCidr length", () => {
    const plan = planOf(stackConfig("lab"));
    assert.equal(ipv4Annotation(plan, "lab-az1-m1"), "10.11.0.11/24");
    assert.equal(ipv4Annotation(plan, "lab-az2-w1"), "10.12.0.31/24");
  });

  it("on a dual-stack node also the IPv6 one, with its zone's IPv6 nodeCidr length", () => {
    const plan = planOf(dualStack());
    assert.deepEqual(nodeAddressAnnotations(plan, "lab-az2-w1"), {
      "projectcalico.org/IPv4Address": "10.12.0.31/24",
      "projectcalico.org/IPv6Address": "fd00:12::31/64",
    });
    assert.deepEqual(nodeAddressAnnotations(planOf(stackConfig("lab")), "lab-az2-w1"), {
      "projectcalico.org/IPv4Address": "10.12.0.31/24",
    });
    // The plan's own patch of a master writes the same value: the two owners agree (server-side apply, no conflict).
    const patch = plan.kubernetes.find(
      (o) => o.body.kind === "Node" && o.body.metadata.name === "lab-az1-m1",
    );
    assert.equal(
      patch?.body.metadata.annotations?.["projectcalico.org/IPv6Address"],
      nodeAddressAnnotations(plan, "lab-az1-m1")["projectcalico.org/IPv6Address"],
    );
  });

  it("bird6 runs on exactly the nodes of dual-stack zones", () => {
    assert.deepEqual([...dualStackNodes(planOf(dualStack()))].sort(), [
      "lab-az1-in1",
      "lab-az1-in2",
      "lab-az1-m1",
      "lab-az1-m2",
      "lab-az1-w1",
      "lab-az2-in1",
      "lab-az2-in2",
      "lab-az2-m1",
      "lab-az2-m2",
      "lab-az2-w1",
    ]);
    assert.deepEqual([...dualStackNodes(planOf(stackConfig("lab")))], []);
  });

  it("fails when the node is not planned", () => {
    assert.throws(
      () => ipv4Annotation(planOf(stackConfig("lab")), "lab-az9-x"),
      /^Error: e2e confd: node lab-az9-x is not in the plan$/,
    );
  });
});
