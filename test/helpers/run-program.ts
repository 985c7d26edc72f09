// Runs index.ts under mocks in this (fresh) process, with config from PULUMI_CONFIG as the engine passes it,
// and prints what it registered, or the error it stopped with, as JSON on stdout.
import { key, record } from "../../harness/mocks";

(async () => {
  try {
    const recs = await record(() => require("../../index"), process.env.PULUMI_STACK ?? "prod", {
      printLogs: true,
    });
    process.stdout.write(
      JSON.stringify({
        ok: true,
        resources: recs.map((r) => ({ key: key(r), parent: r.parent, inputs: r.inputs })),
      }),
    );
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: (e as Error).message }));
  }
})();
