// Reads a Pulumi.<stack>.yaml the way the Pulumi engine would hand it to the program: the `bgp-fabric:` keys.
import { readBounded } from "../core/bounded-read";
import { isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import { ConfigError, showValue } from "../core/errors";
import { yamlFormProblems } from "./stack-yaml";

export const NAMESPACE = "bgp-fabric";

/**
 * Returns the project's config keys without their `bgp-fabric:` prefix. Encrypted values stay `{secure: …}`
 * markers: the offline plan never decrypts, it only knows that a secret is set.
 */
export function readStackFile(file: string): Record<string, unknown> {
  const r = readBounded(file);
  if (!("text" in r)) throw new ConfigError([`${file}: ${r.problem}; pass a regular stack file`]);
  return parseStackText(r.text, file);
}

/**
/**
 * The document, refusing duplicate keys as `yaml` does by default, but in one pass: its own check compares each key
 * with every earlier one (100,000 keys in one map took 230 s before any limit could refuse them).
 */
function parseYaml(text: string): Document {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) throw doc.errors[0];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        // Equal as `yaml` compares them: scalars by value (null too); a collection key equals no other.
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          const at = lines.linePos(key.range?.[0] ?? 0);
          throw new Error(`Map keys must be unique at line ${at.line}, column ${at.col}:`);
        }
        seen.add(key.value);
      }
    },
  });
  return doc;
}

/**
 * The same from the file's text (e.g. `git show <rev>:Pulumi.prod.yaml`); `label` names it in messages. A value
 * `pulumi up` would read differently (yaml.v3) is refused, never planned: see stack-yaml.ts.
 */
export function parseStackText(text: string, label: string): Record<string, unknown> {
  const lineBreak = characterProblem(text);
  if (lineBreak) throw new ConfigError([`${label}: ${lineBreak}`]);
  let doc: unknown;
  try {
    const parsed = parseYaml(text);
    const forms = yamlFormProblems(parsed, NAMESPACE);
    if (forms.length > 0) throw new ConfigError(forms);
    const warning = parsed.warnings[0];
    if (warning) throw warning;
    doc = parsed.toJS();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([
      `${label}: cannot be read as YAML (got ${(e as Error).message.split("\n")[0]!.replace(/:$/, "")}); fix the file`,
    ]);
  }
  const config = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new ConfigError([
      `${label}: config is not a map (got ${typeof config}); write it as config: {bgp-fabric:key: value}`,
    ]);
  }
  const out: Record<string, unknown> = {};
  const foreign: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(`${NAMESPACE}:`) && key.indexOf(":", NAMESPACE.length + 1) >= 0)
      // pulumi sdk config.ParseKey reads `ns:config:name` as `ns:name` and refuses any other second colon.
      foreign.push(
        `${showValue(key)}: has a second colon, which \`pulumi up\` reads as another key or refuses (got ${showValue(key)}); write it as ${NAMESPACE}:${key.slice(key.lastIndexOf(":") + 1)}`,
      );
    else if (key.startsWith(`${NAMESPACE}:`)) ownKey(out, key.slice(NAMESPACE.length + 1), value);
    else if (!key.includes(":"))
      foreign.push(`${key}: has no namespace (got ${key}); write it as ${NAMESPACE}:${key}`);
  }
  if (foreign.length > 0) throw new ConfigError(foreign.sort());
  return out;
}

/**
 * Sets `key` as an own property: `out["__proto__"] = v` would replace the prototype instead, hiding the key from the
 * checks and serving its value as defaults. The spec then refuses it by name (model/spec/spec.ts `reservedKeys`).
 */
export function ownKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Characters the two readers disagree on. yaml.v3 ends a line at NEL, LS and PS as well (scannerc.go is_break); the
 * `yaml` package does not, so a comment holding one hides from this plan a key that `pulumi up` reads. yaml.v3 refuses
 * the whole file for a character outside YAML's printable set (readerc.go: control characters other than tab and line
 * breaks, DEL, C1 controls, U+FFFE, U+FFFF), which the `yaml` package reads. Refused wherever it stands, naming the line.
 */
function characterProblem(text: string): string | undefined {
  const at = text.search(
    /[\u0085\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|\p{Cs}/u,
  );
  if (at < 0) return undefined;
  const line = text.slice(0, at).split("\n").length;
  const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  const why = /[\u0085\u2028\u2029]/.test(text[at]!)
    ? `the Unicode line break U+${code}, which \`pulumi up\` reads as a new line and this plan does not`
    : `the character U+${code}, for which \`pulumi up\` refuses the whole file`;
  return `line ${line} holds ${why} (got U+${code}); remove it, or write it as \\u${code} in a double-quoted string`;
}
