// The NetworkPlan's shape as a zod schema: a plan.json read back (`--against <plan directory>`) is checked against it
// before anything reads it. The type checks at the end keep it and types.ts the same shape.
import { z } from "zod";
import { joinPath, showValue } from "./errors";
import { CONTROL } from "./patterns";
import type { NetworkPlan } from "./types";

const SCRIPT_CONTROL = new RegExp(
  CONTROL.source.replace("\\u0000-\\u001f", "\\u0000-\\u0009\\u000b-\\u001f"),
);

/** One-line text: no control or invisible character. */
const text = z
  .string()
  .refine((s) => !CONTROL.test(s), { message: "holds a control or invisible character" });
/** A script or switch input: line breaks, and no other control or invisible character. */
const script = z.string().refine((s) => !SCRIPT_CONTROL.test(s), {
  message: "holds a control or invisible character other than a line break",
});
const count = z.number().int().nonnegative();
const texts = z.array(text);

/** Object bodies and chart values: any JSON whose every text and key is one-line text. */
const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([text, z.number(), z.boolean(), z.null(), z.array(json), z.record(text, json)]),
);

const dialect = z.enum(["frr", "eos", "nxos"]);
const component = z.enum(["cluster", "zone", "master-pair", "ingress-pool"]);
const named = z.strictObject({ name: text, address: text, ipv6Address: text.optional() });
const end = z.strictObject({
  name: text,
  address: text,
  asn: count,
  role: z.enum(["master", "ingress", "worker", "switch"]),
});
const prefixList = z.strictObject({
  name: text,
  family: z.literal("ipv6").optional(),
  description: text,
  entries: z.array(
    z.strictObject({
      seq: count,
      action: z.enum(["permit", "deny"]),
      prefix: text,
      ge: count.optional(),
      le: count.optional(),
    }),
  ),
});
const routeMap = z.strictObject({
  name: text,
  family: z.literal("ipv6").optional(),
  entries: z.array(
    z.strictObject({
      seq: count,
      action: z.enum(["permit", "deny"]),
      description: text,
      matchPrefixList: text.optional(),
      matchNextHopPrefixList: text.optional(),
      localPreference: count.optional(),
      metric: count.optional(),
      origin: z.literal("igp").optional(),
    }),
  ),
});

const switchPlan = z.strictObject({
  name: text,
  zone: text,
  dialect,
  address: text,
  asn: count,
  ssh: z.strictObject({ host: text, port: count, user: text, hostKey: text.optional() }),
  maximumPaths: count,
  healthCheckSeconds: count,
  drainSeconds: count,
  prefixLists: z.array(prefixList),
  routeMaps: z.array(routeMap),
  peerGroups: z.array(
    z.strictObject({
      name: text,
      family: z.literal("ipv6").optional(),
      role: z.enum(["reflectors", "ingress"]),
      description: text,
      remoteAs: count,
      updateSource: text,
      updateSourceInterface: text.optional(),
      keepaliveSeconds: count,
      holdSeconds: count,
      connectRetrySeconds: count,
      gracefulRestart: z.boolean(),
      nextHopSelf: z.boolean(),
      passwordRef: text.optional(),
      negotiates: z.strictObject({
        addressFamilies: z.array(z.enum(["ipv4-unicast", "ipv6-unicast"])),
        addPathReceive: z.boolean(),
      }),
      routeMapIn: text,
      routeMapOut: text,
      maximumPrefix: z.strictObject({
        limit: count,
        warningPercent: count,
        restartMinutes: count,
      }),
    }),
  ),
  neighbors: z.array(
    z.strictObject({
      address: text,
      node: text,
      peerGroup: text,
      description: text,
      command: text,
    }),
  ),
  transport: z.strictObject({
    aggregates: texts,
    prefixLists: z.array(prefixList),
    routeMaps: z.array(routeMap),
    routeMapIn: text,
    routeMapOut: text,
    sendCommunity: z.literal(true),
    lines: texts,
  }),
  commands: z.array(
    z.strictObject({
      name: text,
      kind: z.enum(["drain", "base", "base-v6", "neighbor"]),
      create: script,
      delete: script,
      triggers: texts,
      stdin: script.optional(),
      after: text.optional(),
      healthCheck: z
        .strictObject({ addresses: texts, timeoutSeconds: count, changeId: text })
        .optional(),
      dependsOn: texts.optional(),
    }),
  ),
  drainWaits: z
    .array(
      z.strictObject({
        name: text,
        zone: text,
        switch: text,
        node: text,
        address: text,
        create: script,
        delete: script,
        timeoutSeconds: count,
        dependsOn: texts,
        deletedWith: text,
      }),
    )
    .optional(),
});

const chart = {
  chart: text.optional(),
  repo: text.optional(),
  path: text.optional(),
  version: text,
};

export const networkPlanSchema = z.strictObject({
  datacenter: text,
  versions: z.strictObject({ kubernetes: text, calico: text, metallb: text, ingress: text }),
  ingressMode: z.enum(["direct", "reflector"]),
  loadBalancerPools: z.array(
    z.strictObject({ name: text, cidr: text, cidr6: text.optional(), autoAssign: z.boolean() }),
  ),
  zones: z.array(
    z.strictObject({
      name: text,
      asn: count,
      nodeCidr: text,
      podCidr: text,
      ipv6: z.strictObject({ nodeCidr: text, podCidr: text }).optional(),
      routeReflectorClusterId: text,
      reflectors: z.array(named),
      ingressNodes: z.array(
        z.strictObject({
          name: text,
          address: text,
          ipv6Address: text.optional(),
          drained: z.literal(true).optional(),
        }),
      ),
      drained: z.literal(true).optional(),
      workers: z.array(named),
      switches: z.array(named),
    }),
  ),
  sessions: z.array(
    z.strictObject({
      zone: text,
      kind: z.enum(["rr-rr", "node-rr", "rr-switch", "ingress-switch"]),
      family: z.literal("ipv6").optional(),
      a: end,
      b: end,
      rrClient: text.optional(),
      passwordRef: text.optional(),
      exportReject: texts,
    }),
  ),
  kubernetes: z.array(
    z.strictObject({
      resourceName: text,
      component,
      zone: text.optional(),
      mode: z.enum(["create", "patch"]),
      dependsOn: texts,
      body: z.record(text, json).and(
        z.looseObject({
          apiVersion: text,
          kind: text,
          metadata: z.looseObject({
            name: text,
            namespace: text.optional(),
            labels: z.record(text, text).optional(),
            annotations: z.record(text, text).optional(),
          }),
        }),
      ),
    }),
  ),
  helmReleases: z.array(
    z.strictObject({
      resourceName: text,
      component,
      name: text,
      namespace: text,
      ...chart,
      values: z.record(text, json),
      timeoutSeconds: count,
      dependsOn: texts,
    }),
  ),
  nodeRegistrations: z.array(
    z.strictObject({
      node: text,
      zone: text,
      labels: z.record(text, text),
      taints: z.array(
        z.strictObject({
          key: text,
          value: text.optional(),
          effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
        }),
      ),
      kubeletFlags: texts,
    }),
  ),
  switches: z.array(switchPlan),
  rollout: z.strictObject({ mode: z.enum(["zone-by-zone", "parallel"]), order: texts }),
  ordering: z.array(z.strictObject({ key: text, after: texts })),
  warnings: z.array(z.strictObject({ path: text, message: text })),
});

// The schema and the type describe the same plan: each must be assignable to the other.
type Parsed = z.infer<typeof networkPlanSchema>;
const toType = (p: Parsed): NetworkPlan => p;
const toSchema = (p: NetworkPlan): Parsed => p;
void toType;
void toSchema;

/**
 * The first place `value` departs from the plan's shape, as `<field> <what is wrong> (got <value>)`; undefined for
 * a plan. Never throws: a nesting too deep for the checker is itself the answer.
 */
export function planShapeProblem(value: unknown): string | undefined {
  let issues: z.core.$ZodIssue[];
  try {
    const r = networkPlanSchema.safeParse(value);
    if (r.success) return undefined;
    issues = r.error.issues;
  } catch (e) {
    if (e instanceof RangeError)
      return "(root) is nested too deeply for a plan (got a nesting deeper than the checker follows)";
    throw e;
  }
  const issue = issues[0]!;
  const path = issue.path.map(String);
  const at = (p: string[]) => p.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), value);
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0]!;
      return `${joinPath([...path, key])} is not a field of a plan (got ${shown(key)})`;
    }
    case "invalid_type": {
      const got = at(path);
      return got === undefined
        ? `${joinPath(path)} is missing (got nothing)`
        : `${joinPath(path)} must be ${article(issue.expected)} (got ${shown(got)})`;
    }
    case "invalid_value":
      return `${joinPath(path)} must be one of ${issue.values.map(String).join(", ")} (got ${shown(at(path))})`;
    case "too_small":
      return `${joinPath(path)} must be at least ${String(issue.minimum)} (got ${shown(at(path))})`;
    case "custom":
      return `${joinPath(path)} ${issue.message} (got ${shown(at(path))})`;
    default:
      return `${joinPath(path)} is not what a plan holds there (got ${shown(at(path))})`;
  }
}

/** showValue, bounded: a hostile baseline nested 100,000 deep would overflow JSON.stringify's stack. */
function shown(v: unknown): string {
  try {
    return showValue(v);
  } catch {
    return Array.isArray(v) ? "a list nested too deeply" : "a map nested too deeply";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
