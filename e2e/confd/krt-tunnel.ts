// Calico's confd renders for Calico's fork of BIRD 1.6; the e2e runs Debian's BIRD 1.6.8. The one fork-only syntax
// in confd's templates (calico v3.28 confd/etc/calico/confd/templates/bird_ipam.cfg.template) is the `krt_tunnel`
// route attribute, the IP-in-IP tunnel a kernel route goes through; this design never uses IP-in-IP, so every
// assignment is dropped. The template writes it in exactly two forms:
//   krt_tunnel = "<name>";                      (an IPPool without cross-subnet IP-in-IP)
//   if <condition> then                         (cross-subnet IP-in-IP: both branches only set the tunnel,
//     krt_tunnel = "";                           so the whole `if … else` goes, else BIRD meets `then else`)
//   else
//     krt_tunnel = "<name>";
// Any other line naming krt_tunnel is a form this transform does not know: it fails, naming the line, rather than
// hand BIRD a config whose meaning it changed.

const ASSIGN = /^\s*krt_tunnel\s*=\s*"[A-Za-z0-9_.-]*";\s*$/;
const IF_THEN = /^\s*if\s.*\sthen\s*$/;
const ELSE = /^\s*else\s*$/;

export class UnknownSyntax extends Error {}

/** `text` without its krt_tunnel assignments; throws UnknownSyntax (naming `file` and the line) on any other use. */
export function dropKrtTunnel(text: string, file: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (
      IF_THEN.test(l) &&
      ASSIGN.test(lines[i + 1] ?? "") &&
      ELSE.test(lines[i + 2] ?? "") &&
      ASSIGN.test(lines[i + 3] ?? "")
    ) {
      i += 3;
      continue;
    }
    // A lone assignment is a statement of its block; as the branch of an `if`/`else` its removal would leave the
    // branch empty.
    const branch = i > 0 && (IF_THEN.test(lines[i - 1]) || ELSE.test(lines[i - 1]));
    if (ASSIGN.test(l) && !branch) continue;
    if (l.includes("krt_tunnel"))
      throw new UnknownSyntax(
        `${file}:${i + 1}: krt_tunnel in a form the BIRD 1.6 transform does not know: ${JSON.stringify(l.trim())}`,
      );
    out.push(l);
  }
  return out.join("\n");
}
