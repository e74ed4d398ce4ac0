#!/usr/bin/env node
// npm test: the type-check (tsc --noEmit) and the lint (npm run lint) run beside jest instead of before it. Both are
// single-threaded and jest leaves a core idle while its first suites load and its last ones finish, so on the 2-core
// machine the three together take less than one after the other. Their output is held back and printed after jest's;
// the run fails if any of the three fails. Arguments go to jest (`npm test -- __tests__/x.test.ts`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Runs `command` to its end; `capture` collects its output instead of passing it through. */
function run(name, command, args, capture) {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', chunk => (output += chunk));
    child.on('error', error => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output }));
  });
}

const node = process.execPath;
const checks = [
  run('tsc --noEmit', node, [require.resolve('typescript/bin/tsc'), '--noEmit'], true),
  run('npm run lint', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint'], true),
];
const jest = await run('jest', node, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], false);
let failed = jest.code !== 0;
for (const check of await Promise.all(checks)) {
  if (check.output.trim() !== '') process.stdout.write(`\n${check.name}:\n${check.output}`);
  if (check.code !== 0) {
    failed = true;
    console.error(`${check.name} failed (exit ${check.code})`);
  }
}
process.exit(failed ? 1 : 0);
