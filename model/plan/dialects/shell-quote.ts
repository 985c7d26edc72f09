// The quoting every dialect's scripts share (FRR, EOS, NX-OS): a value reaching a switch script is single-quoted.
/** Every value reaching a script is validated (addresses, DNS-1123 names, integers); quoting is a second guard. */
export function q(s: string): string {
  if (/[^A-Za-z0-9 ./:_-]/.test(s))
    throw new Error(`internal: refusing to render ${JSON.stringify(s)} into a switch command`);
  return `'${s}'`;
}
