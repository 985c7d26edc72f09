// Secret config values are checked here and then replaced by markers: the spec and plan never hold a secret.
import { childPath, formatProblem, type ConfigProblem } from "../core/errors";

export const SECRET_MARKER = { secure: "<set>" } as const;

/** Where a secret value goes in the plan (Secret bodies, switch stdin): the component substitutes the real one. */
export const SECRET_PLACEHOLDER = "<secret>";

const PRIVATE_KEY =
  /^-----BEGIN (OPENSSH|RSA|EC) PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END \1 PRIVATE KEY-----\s*$/;
/**
 * TCP-MD5 keys: Calico allows up to 80 characters; no whitespace or quotes, so no CLI can mis-split them, and no
 * leading dash, so none can read one as an option.
 */
const BGP_PASSWORD = /^(?!-)[A-Za-z0-9!#%*+,./:=?@^_~-]{8,80}$/;

export interface PlainSecrets {
  switchSshPrivateKey?: string;
  bgpPasswords: Record<string, string>;
}

/**
 * Splits the secrets out of the raw config (values as the engine decrypted them), checks their form without ever
 * echoing them, and returns the config with markers in their place.
 */
export function extractSecrets(raw: Record<string, unknown>): {
  masked: Record<string, unknown>;
  secrets: PlainSecrets;
  problems: string[];
} {
  const problems: ConfigProblem[] = [];
  const masked = { ...raw };
  const secrets: PlainSecrets = { bgpPasswords: {} };
  const key = raw.switchSshPrivateKey;
  if (key !== undefined) {
    if (typeof key !== "string" || !PRIVATE_KEY.test(key)) {
      problems.push({
        path: "switchSshPrivateKey",
        problem: "is not a PEM or OpenSSH private key",
        got: SECRET_MARKER,
        fix: "set the key file's contents: pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric",
      });
    } else {
      secrets.switchSshPrivateKey = key;
    }
    masked.switchSshPrivateKey = SECRET_MARKER;
  }
  const passwords = raw.bgpPasswords;
  if (passwords !== undefined) {
    if (typeof passwords !== "object" || passwords === null || Array.isArray(passwords)) {
      problems.push({
        path: "bgpPasswords",
        problem: "is not a map of zone to password",
        got: SECRET_MARKER,
        fix: "set one per zone: pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az1' …",
      });
      masked.bgpPasswords = {};
    } else {
      const out: Record<string, unknown> = {};
      for (const [zone, value] of Object.entries(passwords)) {
        if (typeof value !== "string" || !BGP_PASSWORD.test(value)) {
          problems.push({
            path: childPath("bgpPasswords", zone),
            problem:
              "is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (not starting with -)",
            got: SECRET_MARKER,
            fix: "choose a password of that form (no spaces or quotes)",
          });
        } else {
          secrets.bgpPasswords[zone] = value;
        }
        out[zone] = SECRET_MARKER;
      }
      masked.bgpPasswords = out;
    }
  }
  return { masked, secrets, problems: problems.map(formatProblem).sort() };
}
