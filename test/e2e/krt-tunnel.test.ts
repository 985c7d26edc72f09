// The BIRD 1.6 transform of confd's output: the two krt_tunnel forms Calico's template writes (the excerpts below are
// calico v3.28 confd/tests/compiled_templates mesh/hash and mesh/ipip-cross-subnet bird_ipam.cfg), and a failure for
// anything else.
import assert from "node:assert/strict";
import { dropKrtTunnel, UnknownSyntax } from "../../e2e/confd/krt-tunnel";

const PLAIN = [
  "filter calico_kernel_programming {",
  "",
  "  if ( net ~ 192.168.0.0/16 ) then {",
  '    krt_tunnel = "";',
  "    accept;",
  "  }",
  "",
  "  accept;",
  "}",
].join("\n");

const CROSS_SUBNET = [
  "filter calico_kernel_programming {",
  "",
  "  if ( net ~ 192.168.0.0/16 ) then {",
  "    if defined(bgp_next_hop) && ( bgp_next_hop ~ 10.192.0.0/16 ) then",
  '      krt_tunnel = "";',
  "    else",
  '      krt_tunnel = "tunl0";',
  "    accept;",
  "  }",
  "  accept;",
  "}",
].join("\n");

describe("confd's BIRD config for BIRD 1.6.8 (krt_tunnel)", () => {
  it("drops a plain krt_tunnel assignment and keeps every other line", () => {
    assert.equal(
      dropKrtTunnel(PLAIN, "bird_ipam.cfg"),
      [
        "filter calico_kernel_programming {",
        "",
        "  if ( net ~ 192.168.0.0/16 ) then {",
        "    accept;",
        "  }",
        "",
        "  accept;",
        "}",
      ].join("\n"),
    );
  });

  it("drops the cross-subnet `if … else` whose branches only set the tunnel", () => {
    assert.equal(
      dropKrtTunnel(CROSS_SUBNET, "bird_ipam.cfg"),
      [
        "filter calico_kernel_programming {",
        "",
        "  if ( net ~ 192.168.0.0/16 ) then {",
        "    accept;",
        "  }",
        "  accept;",
        "}",
      ].join("\n"),
    );
  });

  it("leaves a config without krt_tunnel byte-identical", () => {
    const text = 'protocol static {\n   route 10.111.0.0/26 blackhole;\n}\n# tunnel "x"\n';
    assert.equal(dropKrtTunnel(text, "bird_aggr.cfg"), text);
  });

  const unknown: [string, string[], number][] = [
    ["an unquoted value", ["x {", "    krt_tunnel = tunl0;", "}"], 2],
    ["a read of the attribute", ["x {", '    if krt_tunnel = "tunl0" then accept;', "}"], 2],
    [
      "an if … else on one line",
      ["x {", '    if a then krt_tunnel = ""; else krt_tunnel = "t";', "}"],
      2,
    ],
    [
      "an if whose else does something else",
      ["x {", "    if a then", '      krt_tunnel = "";', "    else", "      accept;", "}"],
      3,
    ],
    ["an else that only sets the tunnel", ["x {", "    else", '      krt_tunnel = "t";', "}"], 3],
  ];
  for (const [what, lines, at] of unknown)
    it(`fails when it meets ${what}, naming the file and line`, () => {
      assert.throws(
        () => dropKrtTunnel(lines.join("\n"), "bird_ipam.cfg"),
        (e: unknown) =>
          e instanceof UnknownSyntax &&
          e.message ===
            `bird_ipam.cfg:${at}: krt_tunnel in a form the BIRD 1.6 transform does not know: ${JSON.stringify(lines[at - 1].trim())}`,
      );
    });
});
