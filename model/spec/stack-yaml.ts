// The YAML forms a stack file may use: only those that read the same here, in `pulumi up` and in YAML 1.1 (see
// yaml-readings.ts and docs/operations.md#how-stack-files-are-read). Everything else is refused with how to write it.
import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node } from "yaml";
import { formatProblem, joinPath } from "../core/errors";
import { engineReading, jsReading, sameReading, showReading, yaml11Reading } from "./yaml-readings";

/** Every problem of a parsed stack file's YAML forms, as problem lines; empty when the file reads the same everywhere. */
export function yamlFormProblems(doc: Document, namespace: string): string[] {
  const problems: string[] = [];
  const directive = doc.directives?.yaml.explicit
    ? `%YAML ${doc.directives.yaml.version}`
    : Object.keys(doc.directives?.tags ?? {}).find((h) => h !== "!" && h !== "!!");
  if (directive !== undefined)
    problems.push(
      formatProblem({
        path: "(root)",
        problem: "has a YAML directive, which changes how the rest of the file reads",
        got: directive.startsWith("%") ? directive : `%TAG ${directive}`,
        fix: "remove the directive line",
      }),
    );
  const walk = (node: unknown, path: string[]): void => {
    if (!node || isAlias(node)) return; // an alias repeats its anchor's node, which is checked where it stands
    const n = node as Node;
    if (n.tag !== undefined && (isScalar(n) || isMap(n) || isSeq(n)) && hasExplicitTag(n)) {
      problems.push(
        formatProblem({
          path: joinPath(path),
          problem: "has a YAML tag, which `pulumi up` and this plan read differently or not at all",
          got: n.tag,
          fix: "remove the tag; quote the value if it is text",
        }),
      );
      if (isScalar(n)) return;
    }
    if (isScalar(n)) {
      const p = scalarProblem(n);
      if (p) problems.push(formatProblem({ path: joinPath(path), ...p }));
    } else if (isMap(n)) {
      for (const pair of n.items) {
        const key = pair.key;
        let name: string;
        if (isScalar(key) && typeof key.value === "string") {
          name = key.value;
          if (key.value === "<<") {
            problems.push(
              formatProblem({
                path: joinPath([...path, name]),
                problem:
                  "is a YAML merge key: `pulumi up` merges it, this plan reads a key named <<",
                got: "<<",
                fix: "write the merged keys out in full",
              }),
            );
            continue;
          }
          const p = isScalar(key) ? scalarProblem(key) : undefined;
          if (p) problems.push(formatProblem({ path: joinPath([...path, name]), ...p }));
        } else {
          name = String(isScalar(key) ? key.value : key);
          problems.push(
            formatProblem({
              path: joinPath([...path, name]),
              problem: "has a key that is not text",
              got: isScalar(key) ? (key.source ?? key.value) : name,
              fix: "write the key as plain text (quote it)",
            }),
          );
        }
        const top = path.length === 1 && path[0] === "config";
        const child = top ? configName(name, namespace) : [...path, name];
        // The Pulumi CLI hands a config key without a value to the program as "" (with a warning); here it is null.
        // An alias to a null reads the same way (yaml.v3 resolves it before the CLI looks).
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        if (
          top &&
          (value === null || value === undefined || (isScalar(value) && value.value === null))
        )
          problems.push(
            formatProblem({
              path: joinPath(child),
              problem: 'has no value, which `pulumi up` reads as "" and this plan as nothing',
              got: undefined,
              fix: "give it a value or remove the key",
            }),
          );
        walk(pair.value, child);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, String(i)]));
    }
  };
  walk(doc.contents, []);
  return problems;
}

/** Inside `config:`, problems name the key as the config path the rest of the checks use. */
function configName(key: string, namespace: string): string[] {
  return [key.startsWith(`${namespace}:`) ? key.slice(namespace.length + 1) : key];
}

/** The `yaml` package records a tag it resolved itself on some nodes; only a tag written in the file counts. */
function hasExplicitTag(n: Node): boolean {
  const token = n.srcToken as { props?: { type: string }[] } | undefined;
  if (token?.props) return token.props.some((p) => p.type === "tag");
  return true;
}

function scalarProblem(n: Scalar): { problem: string; got: unknown; fix: string } | undefined {
  if (n.type !== Scalar.PLAIN) return undefined; // quoted and block scalars are text to every reader
  const text = typeof n.source === "string" ? n.source : String(n.value);
  // A leading zero is octal to YAML 1.1 and yaml.v3 (when the digits allow), decimal or text to YAML 1.2.
  if (/^[-+]?0[0-9_]/.test(text))
    return {
      problem:
        "is a number with a leading zero, which YAML 1.1 and `pulumi up` read as octal (or not as a number)",
      got: text,
      fix: fixFor(text, jsReading(n.value)),
    };
  const here = jsReading(n.value);
  const engine = engineReading(text);
  const old = yaml11Reading(text);
  if (sameReading(here, engine) && sameReading(here, old)) return undefined;
  return {
    problem:
      `reads as ${showReading(engine)} in \`pulumi up\`, ${showReading(here)} in this plan ` +
      `and ${showReading(old)} in YAML 1.1`,
    got: text,
    fix: fixFor(text, here),
  };
}

function fixFor(text: string, here: ReturnType<typeof jsReading>): string {
  const quote = `quote it (${JSON.stringify(text)}) if you mean the text`;
  if (/^(y|yes|n|no|on|off)$/i.test(text)) return `write true or false, or ${quote}`;
  const decimal =
    typeof here === "number"
      ? here
      : /^[-+]?[0-9][0-9_]*$/.test(text)
        ? Number(text.replace(/_/g, ""))
        : undefined;
  if (decimal !== undefined && Number.isSafeInteger(decimal))
    return `write ${decimal}, or ${quote}`;
  return `${quote}, or write the number in plain decimal`;
}
