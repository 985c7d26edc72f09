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
/** Whether text is a PEM or OpenSSH private key (the form `switchSshPrivateKey` must have). */
export const isPrivateKey = (text: string): boolean => PRIVATE_KEY.test(text);

const BGP_PASSWORD = /^(?!-)[A-Za-z0-9!#%*+,./:=?@^_~-]{8,80}$/;

/**
 * A zone's TCP-MD5 passwords: one for every switch of the zone (`bgpPasswords.<zone>`), or one per switch
 * (`bgpPasswords.<zone>.<switch>`), so a rotation of one switch's password bounces only that switch's sessions.
 */
export type ZonePasswords = string | Record<string, string>;

export interface PlainSecrets {
  switchSshPrivateKey?: string;
  bgpPasswords: Record<string, ZonePasswords>;
}

/** A stdin template with the secret in place of every placeholder (Pulumi program and lab alike). */
export function fillSecret(template: string, secret: string): string {
  return template.split(SECRET_PLACEHOLDER).join(secret);
}

/**
 * One switch's password: its own, or its zone's when the zone sets one for all its switches. `isOne` tells a zone's
 * one password from a map by switch (a string here; the program's secret values are Pulumi inputs).
 */
export function switchPassword<T = string>(
  passwords: Record<string, T | Record<string, T>>,
  zone: string,
  sw: string,
  isOne: (p: T | Record<string, T>) => p is T = (p): p is T => typeof p === "string",
): T | undefined {
  if (!Object.hasOwn(passwords, zone)) return undefined;
  const p = passwords[zone];
  if (isOne(p)) return p;
  return Object.hasOwn(p, sw) ? p[sw] : undefined;
}

const PASSWORD_FORM =
  "is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (not starting with -)";

/** Checks one password's form without echoing it; the marker takes its place in the masked config. */
function checkPassword(
  path: string,
  value: unknown,
  problems: ConfigProblem[],
): string | undefined {
  if (typeof value === "string" && BGP_PASSWORD.test(value)) return value;
  problems.push({
    path,
    problem: PASSWORD_FORM,
    got: SECRET_MARKER,
    fix: "choose a password of that form (no spaces or quotes)",
  });
  return undefined;
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
    if (!isMap(passwords)) {
      problems.push({
        path: "bgpPasswords",
        problem: "is not a map of zone to password",
        got: SECRET_MARKER,
        fix: "set one per zone or per switch: pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az1.core1' …",
      });
      masked.bgpPasswords = {};
    } else {
      const out: Record<string, unknown> = {};
      for (const [zone, value] of Object.entries(passwords)) {
        const zp = childPath("bgpPasswords", zone);
        // A map of switch to password; never a still-encrypted `{secure: …}`, which is refused as not a password.
        if (isMap(value) && !Object.hasOwn(value, "secure")) {
          // One per switch: each checked on its own path, the switch names left to the spec to check.
          const perSwitch: Record<string, string> = {};
          const markers: Record<string, unknown> = {};
          for (const [sw, pw] of Object.entries(value)) {
            const ok = checkPassword(childPath(zp, sw), pw, problems);
            if (ok !== undefined) perSwitch[sw] = ok;
            markers[sw] = SECRET_MARKER;
          }
          secrets.bgpPasswords[zone] = perSwitch;
          out[zone] = markers;
        } else {
          const ok = checkPassword(zp, value, problems);
          if (ok !== undefined) secrets.bgpPasswords[zone] = ok;
          out[zone] = SECRET_MARKER;
        }
      }
      masked.bgpPasswords = out;
    }
  }
  return { masked, secrets, problems: problems.map(formatProblem).sort() };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
