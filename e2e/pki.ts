// Certificates of the e2e control plane, made with openssl for this run only: a CA, the API server's serving
// certificate, one admin client certificate (system:masters) that every component and the e2e use, and the service
// account signing key. Nothing here outlives the run directory.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sh } from "../lab/sh";

export interface Pki {
  dir: string;
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  saKey: string;
  saPub: string;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function sign(p: Pki, name: string, subject: string, ext: string): void {
  const extFile = join(p.dir, `${name}.ext`);
  writeFileSync(extFile, ext);
  sh("openssl", [
    "req",
    ...EC,
    "-keyout",
    join(p.dir, `${name}.key`),
    "-out",
    join(p.dir, `${name}.csr`),
    "-subj",
    subject,
  ]);
  sh("openssl", [
    "x509",
    "-req",
    "-in",
    join(p.dir, `${name}.csr`),
    "-CA",
    p.ca,
    "-CAkey",
    p.caKey,
    "-CAcreateserial",
    "-days",
    "7",
    "-out",
    join(p.dir, `${name}.crt`),
    "-extfile",
    extFile,
  ]);
}

/** `addresses` are the IPs the API server answers on (SANs), besides localhost and the service's first IP. */
export function makePki(dir: string, addresses: string[]): Pki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p: Pki = {
    dir,
    ca: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "apiserver.crt"),
    serverKey: join(dir, "apiserver.key"),
    adminCert: join(dir, "admin.crt"),
    adminKey: join(dir, "admin.key"),
    saKey: join(dir, "sa.key"),
    saPub: join(dir, "sa.pub"),
  };
  sh("openssl", [
    "req",
    "-x509",
    ...EC,
    "-keyout",
    p.caKey,
    "-out",
    p.ca,
    "-days",
    "7",
    "-subj",
    "/CN=bgp-fabric-e2e-ca",
  ]);
  const sans = [
    "DNS:localhost",
    "DNS:kubernetes",
    "DNS:kubernetes.default",
    "DNS:kubernetes.default.svc",
    ...addresses.map((a) => `IP:${a}`),
  ];
  sign(
    p,
    "apiserver",
    "/CN=kube-apiserver",
    `subjectAltName=${[...new Set(sans)].join(",")}\nextendedKeyUsage=serverAuth\n`,
  );
  sign(p, "admin", "/O=system:masters/CN=bgp-fabric-e2e", "extendedKeyUsage=clientAuth\n");
  sh("openssl", [
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-out",
    p.saKey,
  ]);
  sh("openssl", ["pkey", "-in", p.saKey, "-pubout", "-out", p.saPub]);
  return p;
}

/** A kubeconfig for the admin client certificate. */
export function kubeconfig(p: Pki, server: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: e2e",
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority: ${p.ca}`,
    "users:",
    "- name: admin",
    "  user:",
    `    client-certificate: ${p.adminCert}`,
    `    client-key: ${p.adminKey}`,
    "contexts:",
    "- name: e2e",
    "  context: {cluster: e2e, user: admin}",
    "current-context: e2e",
    "",
  ].join("\n");
}
