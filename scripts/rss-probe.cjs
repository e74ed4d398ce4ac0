// Preloaded by scripts/bench.mjs: writes this process's peak resident set size (KiB) to RSS_PROBE_FILE at exit.
const { writeFileSync } = require('fs');
process.on('exit', () => {
  if (process.env.RSS_PROBE_FILE) writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS));
});
