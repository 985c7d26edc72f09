// A temporary directory of our own (the switch key's, --live's known_hosts files) removed however the process ends:
// normally, on an error, or by a signal, so a cancelled run leaves nothing behind.
import { rmSync } from "node:fs";

/** The signals a terminal (Ctrl-C), a CI cancel or a closed session send: each would end us without a `finally`. */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Removes `dir` on whichever comes first: the returned function (normal end or an error), process exit, or one of
 * SIGNALS; after a signal the process still ends by that signal (exit status 128+n), as it would have without us.
 */
export function removedOnExit(dir: string): () => void {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const release = () => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener("exit", remove);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    remove();
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", remove);
  return () => {
    release();
    remove();
  };
}
