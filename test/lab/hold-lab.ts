// A lab run in a process of its own, for test/lab/machine-lock.spec.ts (not a spec: mocha does not run it): builds
// an infraOnly lab of the stack in the run directory, prints "up", and brings the lab down once its stdin ends.
import { Lab } from "../../lab/lab";

const [stackFile, runDir] = process.argv.slice(2);
Lab.up({ stackFile, runDir, infraOnly: true }).then(
  () => {
    process.stdout.write("up\n");
    process.stdin.on("end", () => {
      void Lab.down(runDir).then(() => process.exit(0));
    });
    process.stdin.resume();
  },
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  },
);
