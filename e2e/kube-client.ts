// A small Kubernetes REST client for the e2e: client-certificate TLS to the local API server, JSON in and out.
// The e2e reads back what the API server holds with it; the program under test uses the Pulumi provider instead.
import { request } from "node:https";
import { readFileSync } from "node:fs";

export interface KubeCredentials {
  /** The API server's URL as seen inside the lab (certificates name it), e.g. https://127.0.0.1:6443. */
  server: string;
  /** A Unix socket that forwards to the API server: the e2e reaches the lab's network only through files. */
  socketPath?: string;
  ca: string;
  cert: string;
  key: string;
}

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    body: string,
  ) {
    super(`e2e: ${method} ${path} -> HTTP ${status}: ${body.slice(0, 600)}`);
  }
}

export type Json = Record<string, unknown>;

/** What the read-back needs of a client (a test passes a fake). */
export interface KubeReader {
  get(path: string): Promise<Json>;
  find(path: string): Promise<Json | undefined>;
  list(path: string): Promise<Json[]>;
}

export class KubeClient implements KubeReader {
  private readonly creds: { ca: Buffer; cert: Buffer; key: Buffer };
  constructor(readonly c: KubeCredentials) {
    this.creds = { ca: readFileSync(c.ca), cert: readFileSync(c.cert), key: readFileSync(c.key) };
  }

  raw(method: string, path: string, body?: unknown, contentType = "application/json") {
    const url = new URL(path, this.c.server);
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          ...(this.c.socketPath
            ? { socketPath: this.c.socketPath, servername: "localhost" }
            : { host: url.hostname, port: url.port }),
          path: url.pathname + url.search,
          method,
          ...this.creds,
          headers: {
            Accept: "application/json",
            ...(data === undefined
              ? {}
              : { "Content-Type": contentType, "Content-Length": Buffer.byteLength(data) }),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`e2e: ${method} ${path} timed out`)));
      req.on("error", reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  async call(method: string, path: string, body?: unknown, contentType?: string): Promise<Json> {
    const r = await this.raw(method, path, body, contentType);
    if (r.status < 200 || r.status >= 300) throw new KubeError(r.status, method, path, r.text);
    return r.text === "" ? {} : (JSON.parse(r.text) as Json);
  }

  get(path: string): Promise<Json> {
    return this.call("GET", path);
  }

  /** GET that answers undefined for 404. */
  async find(path: string): Promise<Json | undefined> {
    const r = await this.raw("GET", path);
    if (r.status === 404) return undefined;
    if (r.status < 200 || r.status >= 300) throw new KubeError(r.status, "GET", path, r.text);
    return JSON.parse(r.text) as Json;
  }

  async list(path: string): Promise<Json[]> {
    return ((await this.get(path)).items as Json[] | undefined) ?? [];
  }

  post(path: string, body: unknown): Promise<Json> {
    return this.call("POST", path, body);
  }

  mergePatch(path: string, body: unknown): Promise<Json> {
    return this.call("PATCH", path, body, "application/merge-patch+json");
  }

  delete(path: string): Promise<Json> {
    return this.call("DELETE", path);
  }
}

/** The REST path of a namespaced or cluster-scoped object, from its apiVersion, plural and name. */
export function objectPath(
  apiVersion: string,
  plural: string,
  name?: string,
  namespace?: string,
): string {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
}

export interface KindInfo {
  plural: string;
  namespaced: boolean;
}

/** Discovery, cached per apiVersion: a kind's plural and scope as this API server serves them. */
export class KindResolver {
  private readonly cache = new Map<string, Json[]>();
  constructor(private readonly kube: KubeReader) {}

  async resolve(apiVersion: string, kind: string): Promise<KindInfo> {
    let resources = this.cache.get(apiVersion);
    if (!resources) {
      const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      resources = ((await this.kube.get(path)).resources as Json[] | undefined) ?? [];
      this.cache.set(apiVersion, resources);
    }
    const r = resources.find((x) => x.kind === kind && !String(x.name).includes("/"));
    if (!r) throw new Error(`e2e: the API server serves no ${kind} in ${apiVersion}`);
    return { plural: String(r.name), namespaced: r.namespaced === true };
  }

  async path(apiVersion: string, kind: string, name?: string, namespace?: string) {
    const k = await this.resolve(apiVersion, kind);
    return objectPath(apiVersion, k.plural, name, k.namespaced ? namespace : undefined);
  }
}
