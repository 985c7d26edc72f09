// The policy pack's rules (policy/rules.ts) on the resources the program registers for the lab stack under mocks, as
// the e2e deploys it (host keys pinned, a BGP password stored as a secret), and on each break of
// e2e/policy-breaks.ts: the deployed stack passes, each break fails exactly its rules with their messages.
import assert from "node:assert/strict";
import { secretsPreservingProxy } from "@pulumi/policy/secret";
import { Secret, unknownCheckingProxy } from "@pulumi/policy";
import { fabric } from "../../program";
import { breakConfig, breakProgram, type ProgramBreak } from "../../e2e/policy-breaks";
import { isSecretAt, unmark } from "../../policy/markers";
import {
  configSecrets,
  credentialsSecret,
  hostKeyPinned,
  ingressPerZone,
  poolEntrySize,
  poolSize,
  stdinSecret,
  type Seen,
} from "../../policy/rules";
import { SSH_KEY } from "../helpers/cluster";
import { engineEnv, withEngineConfig } from "../../harness/engine-config";
import { clone, stackConfig } from "../helpers/fixtures";
import { record, SECRET_SIG } from "../../harness/mocks";
import { ConfigError } from "../../model/core/errors";
import { parseSpec } from "../../model/spec/spec";

type Raw = Record<string, unknown>;
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
const PASSWORD = "lab-Md5-Pw.2026";

/** The lab's config as the e2e deploys it: every switch's host key pinned. */
function deployed(): Raw {
  const raw = clone(stackConfig("lab"));
  for (const zone of Object.values(raw.zones as Record<string, { switches: Record<string, Raw> }>))
    for (const sw of Object.values(zone.switches)) sw.sshHostKey = HOST_KEY;
  return raw;
}

const sigOf = (v: unknown) =>
  v !== null && typeof v === "object" && SECRET_SIG in v
    ? { inner: (v as unknown as { value: unknown }).value }
    : undefined;

/** What the pack sees of each resource the program registers: inputs unwrapped, the paths that were secrets. */
async function registered(
  raw: Raw,
  program: () => unknown = () => fabric(),
): Promise<{ seen: Seen[]; config: Record<string, string> }> {
  const env = engineEnv(
    "Pulumi.lab.yaml",
    { switchSshPrivateKey: SSH_KEY, bgpPasswords: { az1: PASSWORD } },
    (config) => {
      for (const [k, v] of Object.entries(raw)) config[`bgp-fabric:${k}`] = v;
    },
  );
  const recs = await withEngineConfig(env, () => record(program, "lab"));
  const seen = recs.map((r) => {
    const { value, secrets } = unmark(r.inputs, sigOf);
    return { type: r.type, name: r.name, urn: r.urn, props: value as Raw, secrets };
  });
  return { seen, config: JSON.parse(env.PULUMI_CONFIG) as Record<string, string> };
}

/** Every violation of every rule, by rule (resource rules with the default pack config). */
function violations(seen: Seen[], config: Record<string, string>) {
  const secrets = configSecrets(config);
  const all = (f: (r: Seen) => string[]) => seen.flatMap(f);
  return {
    hostKey: all(hostKeyPinned),
    credentials: all((r) => credentialsSecret(r, secrets)),
    stdin: all(stdinSecret),
    pool: all((r) => poolSize(r, 256)),
    ingress: ingressPerZone(seen, 2).map((v) => v.message),
  };
}
const NONE = { hostKey: [], credentials: [], stdin: [], pool: [], ingress: [] };

const withBreak = (kind: ProgramBreak) => () => {
  const outputs = fabric();
  breakProgram(kind);
  return outputs;
};

describe("policy pack rules", function () {
  this.timeout(120_000);
  /** The lab as deployed, registered once for the tests that only read it. */
  let lab: Awaited<ReturnType<typeof registered>>;
  before(async () => {
    lab = await registered(deployed());
  });

  it("passes the lab as the e2e deploys it, its password's Secret and stdin marked secret", async () => {
    const { seen, config } = lab;
    assert.deepEqual(violations(seen, config), NONE);
    // The rules had something to check: switch commands with a pinned key, secret stdin and the password Secret.
    const commands = seen.filter((r) => r.type === "command:remote:Command");
    assert.equal(commands.length, 22);
    assert.ok(
      commands.some((r) => r.props.stdin !== undefined && isSecretAt(r.secrets!, ["stdin"])),
    );
    const secret = seen.find((r) => r.name === "az1-bgp-passwords")!;
    assert.deepEqual(Object.keys(secret.props.stringData as Raw).sort(), [
      "core1",
      "core2",
      "password",
    ]);
  });

  it("fails when a switch's host key is not pinned: every command of that switch, and nothing else", async () => {
    const { seen, config } = await registered(breakConfig(deployed(), "unpinned-host-key"));
    const v = violations(seen, config);
    assert.deepEqual({ ...v, hostKey: [] }, NONE);
    const expected = seen
      .filter((r) => r.type === "command:remote:Command" && r.name.startsWith("az1-core1-"))
      .map(
        (r) =>
          `${r.name}: its SSH connection to 10.11.0.2 pins no host key, so it would trust whatever answers at that address; pin it: sshHostKey of that switch in the stack config (the "type base64" of \`ssh-keyscan -t ed25519 10.11.0.2\`), or the Connection's hostKey`,
      );
    assert.ok(expected.length > 0);
    assert.deepEqual(v.hostKey, expected);
  });

  it("fails when a switch command goes through an SSH proxy whose host key is not pinned", () => {
    const command = lab.seen.find((r) => r.type === "command:remote:Command")!;
    const connection = command.props.connection as Raw;
    const via = (proxy: Raw): Seen => ({
      ...command,
      props: { ...command.props, connection: { ...connection, proxy } },
    });
    assert.deepEqual(hostKeyPinned(via({ host: "10.0.0.9", user: "jump" })), [
      `${command.name}: its SSH proxy 10.0.0.9 pins no host key, so whatever answers there could relay or read the session; pin it: the proxy's hostKey (the "type base64" of \`ssh-keyscan -t ed25519 10.0.0.9\`)`,
    ]);
    assert.deepEqual(hostKeyPinned(via({ host: "10.0.0.9", user: "jump", hostKey: HOST_KEY })), []);
  });

  it("fails when a switch command pins a host key that is not an OpenSSH public host key, its own or its proxy's", () => {
    const command = lab.seen.find((r) => r.type === "command:remote:Command")!;
    const connection = command.props.connection as Raw;
    const host = String(connection.host);
    const pinning = (hostKey: unknown, proxy?: Raw): Seen => ({
      ...command,
      props: {
        ...command.props,
        connection: { ...connection, hostKey, ...(proxy ? { proxy } : {}) },
      },
    });
    const base64 = HOST_KEY.split(" ")[1];
    const own = (got: string) =>
      `${command.name}: its SSH connection to ${host} has a hostKey that is not an OpenSSH public host key (got ${got}); pin "<type> <base64>" as \`ssh-keyscan -t ed25519 ${host}\` prints it, without the host name or a comment: sshHostKey of that switch in the stack config, or the Connection's hostKey`;
    // The base64 alone, a whole known_hosts line, a comment, a key type ssh no longer accepts, not text.
    for (const [key, got] of [
      [base64, base64],
      [`${host} ${HOST_KEY}`, JSON.stringify(`${host} ${HOST_KEY}`)],
      [`${HOST_KEY} root@core1`, JSON.stringify(`${HOST_KEY} root@core1`)],
      [`ssh-dss ${base64}`, JSON.stringify(`ssh-dss ${base64}`)],
      [42, "42"],
    ] as const)
      assert.deepEqual(hostKeyPinned(pinning(key)), [own(got)], String(key));
    assert.deepEqual(hostKeyPinned(pinning(HOST_KEY)), []);
    assert.deepEqual(
      hostKeyPinned(pinning(HOST_KEY, { host: "10.0.0.9", user: "jump", hostKey: "ssh-ed25519" })),
      [
        `${command.name}: its SSH proxy 10.0.0.9 has a hostKey that is not an OpenSSH public host key (got ssh-ed25519); pin "<type> <base64>" as \`ssh-keyscan -t ed25519 10.0.0.9\` prints it, without the host name or a comment: the proxy's hostKey`,
      ],
    );
  });

  it("accepts exactly the host keys the stack file's sshHostKey accepts (one check, model/spec/schema.ts)", () => {
    const command = lab.seen.find((r) => r.type === "command:remote:Command")!;
    const connection = command.props.connection as Raw;
    const base64 = HOST_KEY.split(" ")[1];
    const pinning = (hostKey: string): Seen => ({
      ...command,
      props: { ...command.props, connection: { ...connection, hostKey } },
    });
    /** Whether a stack file with this key on a switch is free of sshHostKey problems. */
    const stackAccepts = (key: string) => {
      const raw = deployed();
      const zones = raw.zones as Record<string, { switches: Record<string, Raw> }>;
      Object.values(Object.values(zones)[0].switches)[0].sshHostKey = key;
      try {
        parseSpec(raw, { requireSecrets: false });
        return true;
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return !e.problems.some((p) => p.includes(".sshHostKey:"));
      }
    };
    // Each key form the schema takes, its padding, and what it refuses: a comment, an old type, a short or long key.
    const cases: [string, boolean][] = [
      [HOST_KEY, true],
      [`ecdsa-sha2-nistp521 ${base64}`, true],
      [`ssh-rsa ${base64}==`, true],
      [`ssh-ed25519 ${base64}===`, true],
      [`ssh-ed25519 ${base64}====`, false],
      [`ecdsa-sha2-nistp224 ${base64}`, false],
      [`ssh-ed25519 ${base64.slice(0, 15)}`, false],
      [`ssh-ed25519 ${"A".repeat(1013)}`, false],
      [`${HOST_KEY} root@core1`, false],
      [`ssh-ed25519  ${base64}`, false],
    ];
    assert.equal(`ssh-ed25519 ${"A".repeat(1013)}`.length, 1025);
    assert.deepEqual(
      cases.map(([key]) => [key, stackAccepts(key), hostKeyPinned(pinning(key)).length === 0]),
      cases.map(([key, ok]) => [key, ok, ok]),
    );
  });

  it("fails when a zone keeps one ingress node", async () => {
    const { seen, config } = await registered(breakConfig(deployed(), "one-ingress-node"));
    assert.deepEqual(violations(seen, config), {
      ...NONE,
      ingress: [
        "zone az1 has 1 ingress node (lab-az1-in1), fewer than 2: one failure or drain leaves its LoadBalancer traffic no second path; list at least 2 under bgp-fabric:zones.az1.ingressNodes",
      ],
    });
    assert.deepEqual(ingressPerZone(seen, 1), []);
    assert.equal(
      ingressPerZone(seen, 2)[0].urn,
      "urn:pulumi:lab::bgp-fabric::bgp-fabric:index:IngressPool$kubernetes:core/v1:NodePatch::az1-node-lab-az1-in1",
    );
  });

  it("fails when a pool is wider than maxAddresses", async () => {
    const { seen, config } = await registered(breakConfig(deployed(), "wide-pool"));
    assert.deepEqual(violations(seen, config), {
      ...NONE,
      pool: [
        "metallb-pool-public: pool public holds 512 addresses (203.0.112.0/23), more than the 256 allowed; narrow bgp-fabric:loadBalancerPools.public.cidr (a /24 holds 256) or raise the pack's loadbalancer-pool-size.maxAddresses",
      ],
    });
    assert.deepEqual(
      seen.flatMap((r) => poolSize(r, 512)),
      [],
    );
  });

  it("fails when a program writes a config password into a command's script", async () => {
    const { seen, config } = await registered(deployed(), withBreak("password-in-script"));
    assert.deepEqual(violations(seen, config), {
      ...NONE,
      credentials: [
        "az1-policy-break: create holds the value of bgp-fabric:bgpPasswords.az1 in plain text, so the state and the preview would show it; read it with config.requireSecret (not require/get) so it stays a secret, and pass a password on stdin, never in a script",
      ],
    });
  });

  it("fails when a program sends a config password on stdin in plain text: stdin and the secret rule", async () => {
    const { seen, config } = await registered(deployed(), withBreak("plain-stdin"));
    assert.deepEqual(violations(seen, config), {
      ...NONE,
      credentials: [
        "az1-policy-break: stdin holds the value of bgp-fabric:bgpPasswords.az1 in plain text, so the state and the preview would show it; read it with config.requireSecret (not require/get) so it stays a secret, and pass a password on stdin, never in a script",
      ],
      stdin: [
        "az1-policy-break: its stdin is plain text, so the state and the preview's diff would show it (a password on stdin must stay a secret); wrap it in pulumi.secret() or build it from config.requireSecret",
      ],
    });
  });

  it("fails when the password Secret's data is not a Pulumi secret, or when no markers were observed", async () => {
    const { seen, config } = lab;
    const secret = {
      ...seen.find((r) => r.name === "az1-bgp-passwords")!,
      secrets: new Set<string>(),
    };
    assert.deepEqual(
      credentialsSecret(secret, configSecrets(config)),
      ["core1", "core2", "password"].map(
        (k) =>
          `az1-bgp-passwords: stringData.${k} is not a Pulumi secret, so the state would hold the BGP password in plain text; pass it as a secret (config.requireSecret, stored by pulumi config set --secret --path 'bgp-fabric:bgpPasswords.<zone>') or wrap it in pulumi.secret()`,
      ),
    );
    const command = { ...seen.find((r) => r.props.stdin !== undefined)!, secrets: undefined };
    const unobserved = `${command.name}: the secret markers of its inputs were not observed, so this rule cannot tell a secret from plain text; keep policy observe-secret-markers at enforcementLevel remediate (the pack's default)`;
    assert.deepEqual(stdinSecret(command), [unobserved]);
    assert.deepEqual(credentialsSecret(command, []), [unobserved]);
  });

  it("reads the markers through the proxies a remediation receives (@pulumi/policy 1.21.0)", async () => {
    const { seen } = lab;
    const command = seen.find((r) => r.props.stdin !== undefined)!;
    // The remediation's view: each secret a Secret, wrapped as server.js wraps it.
    const rewrap = (v: unknown, path: string[] = []): unknown => {
      const inner =
        v !== null && typeof v === "object"
          ? Array.isArray(v)
            ? v.map((x, i) => rewrap(x, [...path, String(i)]))
            : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrap(x, [...path, k])]))
          : v;
      return command.secrets!.has(path.join(".")) ? new Secret(inner) : inner;
    };
    const props = unknownCheckingProxy(secretsPreservingProxy(rewrap(command.props)));
    const read = unmark(props, (v) => (v instanceof Secret ? { inner: v.value } : undefined));
    assert.deepEqual(read.value, command.props);
    assert.deepEqual([...read.secrets].sort(), [...command.secrets!].sort());
    assert.deepEqual([...read.secrets].sort(), ["connection", "stdin"]);
  });

  it("checks a Patch of a pool as the pool itself, and names addresses it cannot read", () => {
    const pool = lab.seen.find((r) => r.name === "metallb-pool-public")!;
    const patch = (addresses: string[]): Seen => ({
      ...pool,
      type: pool.type + "Patch",
      props: { ...pool.props, spec: { ...(pool.props.spec as Raw), addresses } },
    });
    assert.deepEqual(poolSize(patch(["203.0.113.0/28"]), 256), []);
    assert.deepEqual(poolSize(patch(["203.0.112.0/23"]), 256), [
      "metallb-pool-public: pool public holds 512 addresses (203.0.112.0/23), more than the 256 allowed; narrow bgp-fabric:loadBalancerPools.public.cidr (a /24 holds 256) or raise the pack's loadbalancer-pool-size.maxAddresses",
    ]);
    assert.deepEqual(poolSize(patch(["10.0.0.0/24", "all\nof it"]), 256), [
      'metallb-pool-public: pool public has addresses this rule cannot read ("all\\nof it"); write each as a CIDR or a first-last range',
    ]);
  });

  it("counts a pool's addresses from CIDRs and ranges, IPv4 and IPv6", () => {
    assert.equal(poolEntrySize("203.0.113.0/28"), 16n);
    assert.equal(poolEntrySize("10.0.0.1-10.0.0.10"), 10n);
    assert.equal(poolEntrySize("2001:db8::/120"), 256n);
    assert.equal(poolEntrySize("2001:db8::1-2001:db8::100"), 256n);
    for (const bad of [
      "203.0.113.0/33",
      "10.0.0.10-10.0.0.1",
      "10.0.0.1-2001:db8::1",
      "pool",
      "10.0.0.0/8/1",
    ])
      assert.equal(poolEntrySize(bad), undefined, bad);
  });

  it("takes the SSH key and every BGP password from the stack config, not shorter values", () => {
    assert.deepEqual(
      configSecrets({
        "bgp-fabric:switchSshPrivateKey": SSH_KEY,
        "bgp-fabric:bgpPasswords": JSON.stringify({
          az1: PASSWORD,
          az2: { core1: "az2-core1-Pw.26", core2: "short" },
        }),
        "bgp-fabric:datacenter": "lab",
      }),
      [
        { key: "bgp-fabric:switchSshPrivateKey", value: SSH_KEY },
        { key: "bgp-fabric:bgpPasswords.az1", value: PASSWORD },
        { key: "bgp-fabric:bgpPasswords.az2.core1", value: "az2-core1-Pw.26" },
      ],
    );
  });
});
