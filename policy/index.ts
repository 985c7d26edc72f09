// The bgp-fabric policy pack (CrossGuard, @pulumi/policy 1.21.0): the organisation rules of the design, each its own
// mandatory policy (docs/policy.md). Run: pulumi preview --policy-pack policy
import {
  PolicyPack,
  Secret,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { MarkerLog, unmark } from "./markers";
import {
  configSecrets,
  credentialsSecret,
  DEFAULTS,
  hostKeyPinned,
  ingressPerZone,
  POLICIES,
  poolSize,
  stdinSecret,
  type Seen,
} from "./rules";

const markers = new MarkerLog();
/** The stack config's SSH key and BGP passwords, as the CLI hands the config to the pack (never shown). */
const stackSecrets = configSecrets(
  JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, string>,
);

const seen = (a: ResourceValidationArgs): Seen => ({
  type: a.type,
  name: a.name,
  urn: a.urn,
  props: a.props,
  secrets: markers.get(a.urn),
});

/** A resource policy reporting each message of `rule` as a mandatory violation. */
const resourcePolicy = (
  name: string,
  description: string,
  rule: (r: Seen, a: ResourceValidationArgs) => string[],
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy => ({
  name,
  description,
  enforcementLevel: "mandatory",
  validateResource: (a: ResourceValidationArgs, report: ReportViolation) => {
    for (const m of rule(seen(a), a)) report(m);
  },
  ...extra,
});

const observer: ResourceValidationPolicy = {
  name: POLICIES.markers,
  description:
    "Records which inputs are Pulumi secrets (only a remediation sees the markers) for the secret rules; changes nothing",
  enforcementLevel: "remediate",
  remediateResource: (a) => {
    markers.record(
      a.urn,
      unmark(a.props, (v) => (v instanceof Secret ? { inner: v.value } : undefined)).secrets,
    );
    return undefined;
  },
};

const ingress: StackValidationPolicy = {
  name: POLICIES.ingress,
  description:
    "Every zone keeps at least minPerZone (default 2) ingress nodes, for ECMP and failover",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { minPerZone: { type: "integer", minimum: 1, default: DEFAULTS.minPerZone } },
  },
  validateStack: (a, report) => {
    const min = a.getConfig<{ minPerZone?: number }>().minPerZone ?? DEFAULTS.minPerZone;
    const resources = a.resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.props,
    }));
    for (const v of ingressPerZone(resources, min)) report(v.message, v.urn);
  },
};

new PolicyPack("bgp-fabric", {
  policies: [
    observer,
    resourcePolicy(
      POLICIES.hostKey,
      "Every switch command's SSH connection pins the switch's host key, an OpenSSH public host key",
      hostKeyPinned,
    ),
    resourcePolicy(
      POLICIES.credentials,
      "The switches' SSH key and the BGP passwords (Kubernetes Secret data) are Pulumi secrets",
      (r) => credentialsSecret(r, stackSecrets),
    ),
    ingress,
    resourcePolicy(
      POLICIES.pool,
      "No LoadBalancer pool (MetalLB IPAddressPool) holds more than maxAddresses (default 256)",
      (r, a) =>
        poolSize(r, a.getConfig<{ maxAddresses?: number }>().maxAddresses ?? DEFAULTS.maxAddresses),
      {
        configSchema: {
          properties: {
            maxAddresses: { type: "integer", minimum: 1, default: DEFAULTS.maxAddresses },
          },
        },
      },
    ),
    resourcePolicy(
      POLICIES.stdin,
      "A command's stdin (where a BGP password reaches a switch) is a Pulumi secret",
      stdinSecret,
    ),
  ],
});
