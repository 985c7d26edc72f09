// Forwards a Unix socket to a TCP address. Run inside a lab namespace, it lets the e2e on the host reach a server on
// that namespace's loopback through a file, without any network link between the lab and the host.
// Usage: unix-forwarder.ts <socket> <host> <port>
import { chmodSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";

const [socketPath, host, port] = process.argv.slice(2);
rmSync(socketPath, { force: true });
createServer((c) => {
  const s = connect(Number(port), host);
  c.pipe(s).pipe(c);
  c.on("error", () => s.destroy());
  s.on("error", () => c.destroy());
}).listen(socketPath, () => chmodSync(socketPath, 0o600));
