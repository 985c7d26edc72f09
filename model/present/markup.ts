// Escaping for the documents written from plan values (DIFF.md and its Mermaid diagram). A baseline plan.json is
// any file a user passes, so none of its strings may become markup: HTML, Markdown, a code fence or a Mermaid label.

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Inline Markdown text: HTML specials as entities, Markdown punctuation backslash-escaped, line breaks as spaces. */
export function mdText(s: string): string {
  return s
    .replace(/[&<>"]/g, (c) => ENTITY[c])
    .replace(/[\\`*_[\]#|~!]/g, "\\$&")
    .replace(/[\r\n]+/g, " ");
}

/** A fenced code block whose fence is longer than any backtick run inside, so no line can close it. */
export function fenced(lang: string, lines: string[]): string[] {
  const longest = Math.max(
    0,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))),
  );
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid entity codes, no line breaks. */
export function mermaidText(s: string): string {
  return s
    .replace(
      /[&"<>#]/g,
      (c) =>
        `#${c === "&" ? "amp" : c === '"' ? "quot" : c === "<" ? "lt" : c === ">" ? "gt" : "35"};`,
    )
    .replace(/[\r\n]+/g, " ");
}
