// Reading the EOS / NX-OS scripts the way a reviewer does: the configuration lines they always send.

/** The lines of the unconditional `set --` statements, in order (`$mp` left as written). */
export function sentLines(script: string): string[] {
  return script
    .split("\n")
    .filter((l) => l.startsWith("set -- "))
    .flatMap((l) => [...l.matchAll(/ (?:'([^']*)'|"([^"]*)")/g)].map((m) => m[1] ?? m[2]))
    .filter((a) => a !== "$@");
}
