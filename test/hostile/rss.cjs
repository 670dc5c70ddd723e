// Preloaded (NODE_OPTIONS=--require) into every CLI run of the hostile suite: when the process
// exits, it writes its peak resident set size (kB) to MESHSCOPE_TEST_RSS_FILE.
const file = process.env.MESHSCOPE_TEST_RSS_FILE;
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
