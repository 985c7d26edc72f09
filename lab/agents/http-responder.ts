// Stands in for an ingress controller pod on an ingress node: answers every HTTP request with the node's name.
// Run inside the node's namespace: `http-responder.ts <node-name> [port]`.
import { createServer } from "node:http";

const name = process.argv[2];
const port = Number(process.argv[3] ?? 80);
if (!name) throw new Error("usage: http-responder.ts <node-name> [port]");

createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", connection: "close" });
  res.end(`${name}\n`);
}).listen(port, "::"); // both families (IPv4 as v4-mapped): a dual-stack ingress answers on its /32 and /128
process.on("SIGTERM", () => process.exit(0));
