// Field-level differences between two JSON values, as paths a reviewer reads: spec.peerIP, metadata.labels["a/b"].

export interface FieldChange {
  path: string;
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field is gone. */
  after?: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `spec` + `peerIP` = `spec.peerIP`; keys that are not identifiers are quoted: `labels["bgp-fabric.io/ingress"]`. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep equality of JSON values; map key order is irrelevant (a plan.json read back compares equal). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/**
 * Every leaf that differs, in the after value's key order (then keys only the before value has). Lists are aligned
 * by equal elements first (an element inserted into a sorted list is one addition, not a shifted tail); leftovers
 * between two aligned elements pair up by position and are compared field by field.
 */
export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isMap(before) && isMap(after)) {
    const keys = [
      ...Object.keys(after),
      ...Object.keys(before).filter((k) => !Object.hasOwn(after, k)),
    ];
    return keys.flatMap((k) => diffFields(before[k], after[k], fieldPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, path);
  if (sameJson(before, after)) return [];
  return [
    {
      path: path || "(root)",
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}

function diffLists(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const n = before.length;
  const m = after.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = sameJson(before[i], after[j])
        ? lcs[i + 1][j + 1] + 1
        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: FieldChange[] = [];
  let i = 0;
  let j = 0;
  let gapBefore: number[] = [];
  let gapAfter: number[] = [];
  const flush = () => {
    const paired = Math.min(gapBefore.length, gapAfter.length);
    for (let k = 0; k < paired; k++)
      out.push(
        ...diffFields(before[gapBefore[k]], after[gapAfter[k]], fieldPath(path, gapAfter[k])),
      );
    for (const x of gapBefore.slice(paired))
      out.push({ path: fieldPath(path, x), before: before[x] });
    for (const y of gapAfter.slice(paired)) out.push({ path: fieldPath(path, y), after: after[y] });
    gapBefore = [];
    gapAfter = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && sameJson(before[i], after[j])) {
      flush();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) gapAfter.push(j++);
    else gapBefore.push(i++);
  }
  flush();
  return out;
}

/** A value on one line: strings as they are, everything else as compact JSON, a missing field as `(absent)`. */
export function showField(value: unknown): string {
  if (value === undefined) return "(absent)";
  return typeof value === "string" ? value : JSON.stringify(value);
}
