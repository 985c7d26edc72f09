// The shape of the `bgp-fabric:` stack config (zod), with the per-field formats every later stage relies on.
import { z } from "zod";
import { isHostName } from "../core/ip";

/** Messages are `<what is wrong>; <what to do>`; the reader adds the path and the value. */
const msg = (problem: string, fix: string) => ({ message: `${problem}; ${fix}` });

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Keys that become parts of Kubernetes and Pulumi names: short DNS-1123 labels (names are never truncated). */
export const keyName = (what: string, max: number) =>
  z
    .string()
    .max(
      max,
      msg(
        `${what} name is longer than ${max} characters`,
        "shorten it (names are never truncated)",
      ),
    )
    .regex(
      DNS_LABEL,
      msg(
        `${what} name is not a DNS-1123 label`,
        "use lower-case letters, digits and '-', starting and ending with a letter or digit",
      ),
    );

export const nodeName = z
  .string()
  .max(
    63,
    msg(
      "node name is longer than 63 characters",
      "use the Kubernetes node name, at most 63 characters (it is also a label value)",
    ),
  )
  .regex(
    DNS_SUBDOMAIN,
    msg(
      "node name is not a DNS-1123 subdomain",
      "use the Kubernetes node name (lower-case letters, digits, '-' and '.')",
    ),
  );

const ipv4Text = z
  .string()
  .max(15, msg("is not an IPv4 address", "write it as a.b.c.d, e.g. 10.1.0.11"));
const cidrText = z
  .string()
  .max(18, msg("is not an IPv4 prefix", "write it as a.b.c.d/len, e.g. 10.1.0.0/24"));

const version = (example: string) =>
  z
    .string()
    .regex(
      /^v?\d{1,4}\.\d{1,4}\.\d{1,4}$/,
      msg("is not a release version", `write it as major.minor.patch, e.g. ${example}`),
    );

/** A value Pulumi keeps encrypted: `{secure: …}` in the stack file (the program substitutes a marker). */
export const secret = z.strictObject(
  { secure: z.string() },
  msg("must be a secret", "set it with `pulumi config set --secret`"),
);

const chartRef = z
  .string()
  .max(200, msg("chart reference is too long", "use at most 200 characters"))
  .regex(
    // OCI path components (distribution spec): alphanumeric runs joined by '.', '_', '__' or dashes; never `..`.
    /^(oci:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+|[a-z0-9][a-z0-9-]*)$/,
    msg(
      "is not a Helm chart reference",
      "use a chart name such as metallb or oci://registry/path/chart",
    ),
  );
const repoUrl = z
  .string()
  .max(200, msg("repository URL is too long", "use at most 200 characters"))
  .regex(
    // An https chart repository, or an OCI registry path (`oci://host/path`) the chart name is appended to.
    /^(https:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[A-Za-z0-9][A-Za-z0-9._~-]*)*\/?|oci:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?)$/,
    msg(
      "is not an https Helm repository or oci:// registry URL",
      "use e.g. https://metallb.github.io/metallb or oci://registry.example.net/charts",
    ),
  );
/** An unpacked chart directory: plain path characters only (it reaches Helm, never a shell), no `~` or `$`. */
const chartPath = z
  .string()
  .max(400, msg("chart path is too long", "use at most 400 characters"))
  .regex(
    /^\/?[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*\/?$/,
    msg(
      "is not a chart directory path",
      "use a relative (to the project directory) or absolute path of letters, digits, '.', '_', '+', '-' and '/', e.g. ../charts/metallb-0.16.1",
    ),
  );
const timeoutSeconds = z.number().int().optional();

const switchSchema = z.strictObject({
  address: ipv4Text,
  sshHost: z
    .string()
    .max(253, msg("sshHost is longer than 253 characters", "use a DNS name or IPv4 address"))
    .refine(
      isHostName,
      msg(
        "sshHost is not a DNS name or a canonical IPv4 address",
        "use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
      ),
    )
    .optional(),
  sshPort: z.number().int().min(1).max(65535).optional(),
  sshUser: z
    .string()
    .regex(
      /^[a-z_][a-z0-9_-]{0,31}$/,
      msg(
        "sshUser is not a POSIX user name",
        "use lower-case letters, digits, '_' and '-', at most 32 characters",
      ),
    )
    .optional(),
  sshHostKey: z
    .string()
    .max(1024, msg("sshHostKey is too long", "paste one public host key line"))
    .regex(
      /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]{16,}={0,3}$/,
      msg(
        "sshHostKey is not an OpenSSH public host key",
        "paste `<type> <base64>` from ssh-keyscan, without a comment",
      ),
    )
    .optional(),
  dialect: z.enum(
    ["frr"],
    msg("is not a supported switch dialect", "use frr (EOS and NX-OS are not implemented yet)"),
  ),
});

const nodeSchema = z.strictObject({ address: ipv4Text });

const zoneSchema = z.strictObject({
  asn: z.number(msg("AS number must be a number", "write it without quotes, e.g. 65101")),
  nodeCidr: cidrText,
  podCidr: cidrText,
  podBlockSize: z.number().int().optional(),
  routeReflectorClusterId: ipv4Text.optional(),
  switches: z.record(z.string(), switchSchema),
  masters: z.record(z.string(), nodeSchema),
  ingressNodes: z.record(z.string(), nodeSchema).optional(),
});

export const configSchema = z.strictObject({
  datacenter: keyName("datacenter", 24),
  kubernetes: z.strictObject({
    version: z
      .string()
      .regex(
        /^v?1\.\d{1,3}(\.\d{1,3})?$/,
        msg("is not a Kubernetes version", "write it as 1.34 or 1.34.2"),
      ),
    serviceCidr: cidrText,
    asAssignment: z
      .enum(
        ["admission-policy", "external"],
        msg("is not an AS assignment mechanism", "use admission-policy or external"),
      )
      .optional(),
  }),
  calico: z.strictObject({
    version: version("3.32.1"),
    namespace: keyName("namespace", 63).optional(),
    natOutgoing: z.boolean().optional(),
  }),
  metallb: z.strictObject({
    version: version("0.16.1"),
    namespace: keyName("namespace", 63).optional(),
    chart: chartRef.optional(),
    repo: repoUrl.optional(),
    path: chartPath.optional(),
    timeoutSeconds,
  }),
  ingress: z.strictObject({
    mode: z
      .enum(
        ["direct", "reflector"],
        msg(
          "is not an ingress advertisement mode",
          "use direct (ingress nodes peer with the core switches) or reflector (ADD-PATH through the route reflectors)",
        ),
      )
      .optional(),
    chart: chartRef.optional(),
    repo: repoUrl.optional(),
    path: chartPath.optional(),
    timeoutSeconds,
    version: version("2.6.4"),
    namespace: keyName("namespace", 63).optional(),
    ingressClass: keyName("ingress class", 63).optional(),
    loadBalancerIP: ipv4Text.optional(),
  }),
  bgp: z
    .strictObject({
      keepaliveSeconds: z.number().int().optional(),
      holdSeconds: z.number().int().optional(),
      connectRetrySeconds: z.number().int().optional(),
      gracefulRestartSeconds: z.number().int().optional(),
      maximumPaths: z.number().int().optional(),
      healthCheckSeconds: z.number().int().optional(),
      nodesReceive: z
        .enum(
          ["default-only", "pods-and-pools", "all"],
          msg(
            "is not an outbound policy toward the nodes",
            "use default-only (the upstream default route), pods-and-pools (the other zones' pod CIDRs and the pools) or all",
          ),
        )
        .optional(),
      maximumPrefix: z
        .strictObject({
          reflectors: z.number().int().optional(),
          ingress: z.number().int().optional(),
        })
        .optional(),
    })
    .optional(),
  loadBalancerPools: z.record(
    z.string(),
    z.strictObject({ cidr: cidrText, autoAssign: z.boolean().optional() }),
  ),
  switchSsh: z
    .strictObject({
      user: z
        .string()
        .regex(
          /^[a-z_][a-z0-9_-]{0,31}$/,
          msg(
            "user is not a POSIX user name",
            "use lower-case letters, digits, '_' and '-', at most 32 characters",
          ),
        )
        .optional(),
      port: z.number().int().min(1).max(65535).optional(),
    })
    .optional(),
  switchSshPrivateKey: secret.optional(),
  bgpPasswords: z.record(z.string(), secret).optional(),
  zones: z.record(z.string(), zoneSchema),
  /** Preflight warnings stop `pulumi preview/up` and the offline plan like errors (`npm run plan -- --strict`). */
  strict: z.boolean().optional(),
  /** Lab-only hosts (`npm run lab`): workers per zone. Production workers need no config: they join by themselves. */
  lab: z
    .strictObject({ workers: z.record(z.string(), z.record(z.string(), nodeSchema)).optional() })
    .optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawZone = z.infer<typeof zoneSchema>;
export type RawSwitch = z.infer<typeof switchSchema>;

/** The settings allowed at a config path (for "unknown key" messages); record keys are skipped. */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let schema: any = configSchema;
  const unwrap = () => {
    while (schema?.def?.type === "optional") schema = schema.def.innerType;
  };
  unwrap();
  for (const part of path) {
    if (schema?.def?.type === "object") schema = schema.shape[String(part)];
    else if (schema?.def?.type === "record") schema = schema.def.valueType;
    else return [];
    unwrap();
  }
  if (schema?.def?.type === "record") {
    schema = schema.def.valueType;
    unwrap();
  }
  return schema?.def?.type === "object" ? Object.keys(schema.shape).sort() : [];
}
