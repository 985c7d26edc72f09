// What the rules between settings share while they read the config: the problems found so far, the values their own
// rule refused (left out here), and the claims on what must be unique across the datacenter.
import type { ConfigProblem } from "../core/errors";
import { cidr4, ipv4, type Cidr4 } from "../core/ip";
import { cidr6, ipv6 } from "../core/ip6";
import type { RawConfig } from "./schema";

/** Everything that must be unique across the datacenter, with the path that claimed it first. */
export class Claims {
  private readonly seen = new Map<string, string>();
  constructor(
    private readonly problems: ConfigProblem[],
    private readonly what: string,
    private readonly fix: string,
  ) {}
  claim(key: string, path: string, got: unknown): void {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, path);
    else
      this.problems.push({
        path,
        problem: `${this.what} is already used by ${first}`,
        got,
        fix: this.fix,
      });
  }
}

export interface NamedCidr {
  path: string;
  cidr: Cidr4;
}

export interface SpecContext {
  raw: RawConfig;
  problems: ConfigProblem[];
  /** Paths whose value its own rule refused (schema.ts): the rules here leave them out. */
  refused: Set<string>;
  /** The range at `path`, unless its own rule refused it. */
  cidr(path: string, text: string): Cidr4 | undefined;
  /** The address at `path`, unless its own rule refused it. */
  address(path: string, text: string): bigint | undefined;
  /** The IPv6 range at `path`, unless its own rule refused it. */
  cidr6(path: string, text: string): Cidr4 | undefined;
  /** The IPv6 address at `path`, unless its own rule refused it. */
  address6(path: string, text: string): bigint | undefined;
  asns: Claims;
  addresses: Claims;
  nodeNames: Claims;
  /** Ranges nothing else may overlap: node subnets, pod CIDRs, the service CIDR. */
  ranges: NamedCidr[];
  /** The IPv6 ranges nothing else may overlap: IPv6 node subnets and pod CIDRs (another number space). */
  ranges6: NamedCidr[];
}

export function specContext(
  raw: RawConfig,
  problems: ConfigProblem[],
  refused: Set<string>,
): SpecContext {
  return {
    raw,
    problems,
    refused,
    cidr: (path, text) => (refused.has(path) ? undefined : cidr4(text)),
    address: (path, text) => (refused.has(path) ? undefined : ipv4(text)),
    cidr6: (path, text) => (refused.has(path) ? undefined : cidr6(text)),
    address6: (path, text) => (refused.has(path) ? undefined : ipv6(text)),
    asns: new Claims(problems, "AS number", "give each zone its own AS"),
    addresses: new Claims(problems, "address", "give every switch and node its own address"),
    nodeNames: new Claims(
      problems,
      "node name",
      "Kubernetes node names are unique across the cluster",
    ),
    ranges: [],
    ranges6: [],
  };
}
