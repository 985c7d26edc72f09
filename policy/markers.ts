// Which of a resource's inputs are Pulumi secrets. @pulumi/policy 1.21 hands validations the inputs with every
// secret unwrapped (deserialize.js, `deserializeProperties(…, false)`): a validation cannot tell a secret from plain
// text. Only a remediation receives the markers (`deserializeProperties(…, true)`: each secret a `Secret`), and the
// engine runs every remediation of a resource before its analysis (step_generator.go in pulumi v3.248.0: "first we
// perform remediations, and *then* we do analysis"). So one remediation that changes nothing records, per URN, the
// paths that carry a marker — never a value — and the secret rules read that record.

/** A property path, its segments joined by "." (array indexes as numbers). */
export type Path = string;

/**
 * The value without its secret markers, and the paths that carried one. `secretOf` recognises a marker and returns
 * the value inside it (the policy's `Secret` class at run time, the wire marker in tests).
 */
export function unmark(
  value: unknown,
  secretOf: (v: unknown) => { inner: unknown } | undefined,
): { value: unknown; secrets: Set<Path> } {
  const secrets = new Set<Path>();
  const walk = (v: unknown, path: string[]): unknown => {
    const s = secretOf(v);
    if (s !== undefined) {
      secrets.add(path.join("."));
      return walk(s.inner, path);
    }
    if (v !== null && typeof v === "object") {
      // Own descriptors, not `get`: the remediation's proxies unwrap on `get` and forward descriptor reads to the
      // object they wrap, which still holds the markers.
      const at = (k: string) => walk(Object.getOwnPropertyDescriptor(v, k)?.value, [...path, k]);
      if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => at(String(i)));
      return Object.fromEntries(Object.keys(v).map((k) => [k, at(k)]));
    }
    return v;
  };
  return { value: walk(value, []), secrets };
}

/** Whether the value at `path` is a secret: it, or an object holding it, carried a marker. */
export function isSecretAt(secrets: Set<Path>, path: string[]): boolean {
  for (let i = path.length; i >= 0; i--) if (secrets.has(path.slice(0, i).join("."))) return true;
  return false;
}

/** The markers seen per URN during the remediation pass of this run. */
export class MarkerLog {
  private readonly byUrn = new Map<string, Set<Path>>();
  record(urn: string, secrets: Set<Path>): void {
    this.byUrn.set(urn, secrets);
  }
  /** Undefined when no remediation saw the resource (the observing policy was disabled or not at `remediate`). */
  get(urn: string): Set<Path> | undefined {
    return this.byUrn.get(urn);
  }
}
