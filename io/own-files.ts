// What the plan and status writers put in a directory, recognised by name and content: a manifest's SHA-256 only
// proves a file is unchanged since the manifest was written, not that we wrote it (a planted manifest can list
// `README.md` with its true SHA-256). A refresh deletes only files one of these recognises.
import type { Writer } from "./plan-dir";

type Kind = { name: RegExp; starts: RegExp };

/** Each file name we write, and how its content begins (model/present and cli renderers; Graphviz SVG). */
const KINDS: Record<Writer, Kind[]> = {
  "npm run plan": [
    { name: /^plan\.json$/, starts: /^\{\n {2}"datacenter": / },
    { name: /^SUMMARY\.md$/, starts: /^# Network plan: / },
    { name: /^DIFF\.md$/, starts: /^# Network diff: / },
    { name: /^diff\.json$/, starts: /^\{\n {2}"before": / },
    { name: /^(topology|diff)\.svg$/, starts: /^<\?xml [^\n]*\?>\n<!DOCTYPE svg / },
    {
      name: /^kubernetes\/[a-z0-9][a-z0-9.-]*\.yaml$/,
      starts: /^# (server-side-apply patch|object|helm release) /,
    },
    { name: /^switches\/[A-Za-z0-9_][A-Za-z0-9._-]*\.sh$/, starts: /^#!\/bin\/sh\n# bgp-fabric / },
  ],
  "npm run status": [
    { name: /^status\.txt$/, starts: /^[^\n]+: (OK|DEGRADED) — / },
    { name: /^status\.json$/, starts: /^\{\n {2}"degraded": / },
    { name: /^status\.dot$/, starts: /^digraph / },
    { name: /^status\.svg$/, starts: /^<\?xml [^\n]*\?>\n<!DOCTYPE svg / },
  ],
};

/** Whether `writer` writes a file named `path` (a manifest naming any other file is not ours). */
export const ownName = (writer: Writer, path: string): boolean =>
  KINDS[writer].some((k) => k.name.test(path));

/** Whether `text` at `path` is recognisably `writer`'s output. */
export const ownFile = (writer: Writer, path: string, text: string): boolean =>
  KINDS[writer].some((k) => k.name.test(path) && k.starts.test(text));
