// Preloaded into each measured child (`node --require bench/peak-rss.cjs …`): on exit it writes the process's peak
// resident set size (KiB, getrusage ru_maxrss) and CPU times (µs) to $BENCH_USAGE_FILE, so the bench reads memory
// and CPU without /usr/bin/time.
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_USAGE_FILE;
if (file)
  process.on("exit", () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
  });
