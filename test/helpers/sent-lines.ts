// Reading the EOS / NX-OS scripts the way a reviewer does: the configuration lines they always send, and each line
// with the mode lines the script sends before it (one CLI call per line).

/** The lines of the unconditional `set --` statements, in order (`$mp` left as written). */
export function sentLines(script: string): string[] {
  return script
    .split("\n")
    .filter((l) => l.startsWith("set -- "))
    .flatMap((l) => [...l.matchAll(/ (?:'([^']*)'|"([^"]*)")/g)].map((m) => m[1] ?? m[2]))
    .filter((a) => a !== "$@");
}

/** Each line as the CLI call sends it: its mode lines (by indentation), then the line, all unindented. */
export function withContext(lines: string[], indent: number): string[][] {
  const stack: string[] = [];
  return lines.map((l) => {
    const body = l.trimStart();
    stack.length = (l.length - body.length) / indent;
    const call = [...stack, body];
    stack.push(body);
    return call;
  });
}
