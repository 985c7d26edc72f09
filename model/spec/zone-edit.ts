// Adds a zone to a stack file's text in place: comments, order and formatting of everything else stay byte-identical.
import { isMap, parseDocument, type YAMLMap } from "yaml";
import { ConfigError, childPath, formatProblem } from "../core/errors";
import { lineDiff } from "../core/line-diff";
import { NAMESPACE } from "./stack-file";

export interface NewSwitch {
  name: string;
  address: string;
  sshHost?: string;
  sshPort?: number | string;
  sshUser?: string;
  sshHostKey?: string;
  dialect: string;
}

export interface NewNode {
  name: string;
  address: string;
}

/** A zone as `npm run zone -- add` takes it; values are checked by the spec after the edit, like any config. */
export interface NewZone {
  name: string;
  asn: number | string;
  nodeCidr: string;
  podCidr: string;
  podBlockSize?: number | string;
  routeReflectorClusterId?: string;
  switches: NewSwitch[];
  masters: NewNode[];
  ingressNodes: NewNode[];
}

/** Numbers stay numbers in YAML; anything else is written as given and left for the spec to refuse. */
const numeric = (v: number | string) =>
  typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : v;

/** The zone's config map, in the order the README and the committed stacks use. */
export function zoneConfig(z: NewZone): Record<string, unknown> {
  const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    asn: numeric(z.asn),
    nodeCidr: z.nodeCidr,
    podCidr: z.podCidr,
    ...opt("podBlockSize", z.podBlockSize === undefined ? undefined : numeric(z.podBlockSize)),
    ...opt("routeReflectorClusterId", z.routeReflectorClusterId),
    switches: Object.fromEntries(
      z.switches.map((s) => [
        s.name,
        {
          address: s.address,
          ...opt("sshHost", s.sshHost),
          ...opt("sshPort", s.sshPort === undefined ? undefined : numeric(s.sshPort)),
          ...opt("sshUser", s.sshUser),
          ...opt("sshHostKey", s.sshHostKey),
          dialect: s.dialect,
        },
      ]),
    ),
    masters: Object.fromEntries(z.masters.map((n) => [n.name, { address: n.address }])),
    ...(z.ingressNodes.length === 0
      ? {}
      : {
          ingressNodes: Object.fromEntries(
            z.ingressNodes.map((n) => [n.name, { address: n.address }]),
          ),
        }),
  };
}

const KEY = `${NAMESPACE}:zones`;

/**
 * The stack file's text with the zone appended to `bgp-fabric:zones`, switches and nodes as one-line flow maps like
 * the committed stacks. Refuses (ConfigError) when the zone exists, or when the YAML library would reformat any
 * existing line: the only lines that may change are the new zone's.
 */
export function addZone(text: string, label: string, zone: NewZone): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new ConfigError([
      `${label}: cannot be read as YAML (got ${doc.errors[0].message.split("\n")[0]}); fix the file`,
    ]);
  const zones = doc.getIn(["config", KEY], true);
  if (!isMap(zones))
    throw new ConfigError([
      `${label}: config.${KEY} is not a map (got ${zones === undefined ? "nothing" : "another value"}); add \`${KEY}:\` under \`config:\``,
    ]);
  if ((zones as YAMLMap).has(zone.name))
    throw new ConfigError([
      formatProblem({
        path: childPath("zones", zone.name),
        problem: "already exists",
        got: zone.name,
        fix: "pick another zone name, or edit the zone in the file",
      }),
    ]);
  const node = doc.createNode(zoneConfig(zone)) as YAMLMap;
  for (const group of ["switches", "masters", "ingressNodes"]) {
    const m = node.get(group, true);
    if (isMap(m)) for (const item of m.items) if (isMap(item.value)) item.value.flow = true;
  }
  (zones as YAMLMap).set(zone.name, node);
  const out = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  if (lineDiff(text, out, 0).some((l) => l.startsWith("- ")))
    throw new ConfigError([
      `${label}: adding the zone would reformat other lines of the file (got a layout the YAML library does not round-trip); add the zone by hand`,
    ]);
  return out;
}
