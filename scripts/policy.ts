// Prints the policy report of every stack: each rule's verdict per resource (pass / FAIL / suppressed, with the
// reason), then a summary. Exits 1 on an unsuppressed P0 finding or an unused suppression.

const USAGE = `usage: npm run policy [-- --json | --failures]
  (no option)  every rule's verdict per resource and stack, then a summary
  --failures   only the findings (FAIL lines), then the summary
  --json       the whole report as JSON
Exits 1 on an unsuppressed P0 finding or an unused suppression.`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const unknown = args.filter(a => a !== '--json' && a !== '--failures');
if (unknown.length > 0 || (args.includes('--json') && args.includes('--failures'))) {
  const problem =
    unknown.length > 0 ? `unknown argument ${unknown.join(' ')}` : '--json and --failures exclude each other';
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}
const failuresOnly = args.includes('--failures');

// required past the argument checks, so a usage error loads no configuration (its modules load cdktf)
/* eslint-disable @typescript-eslint/no-require-imports -- an import would load them before those checks */
const { ENVIRONMENTS, platform } = require('../environments') as typeof import('../environments');
const { synthesizeModel } =
  require('../modules/analysis/platform-model') as typeof import('../modules/analysis/platform-model');
const { policyInputs } =
  require('../modules/analysis/policy-inputs') as typeof import('../modules/analysis/policy-inputs');
const { exitOnConfigurationErrors } = require('../modules/app') as typeof import('../modules/app');
const { evaluate, UNUSED_SUPPRESSION_RULE } =
  require('../modules/policies/engine') as typeof import('../modules/policies/engine');
const { notApplicable, reportLines } =
  require('../modules/policies/report') as typeof import('../modules/policies/report');
/* eslint-enable @typescript-eslint/no-require-imports */

// the policies are not run at this synth: the report below is their run, with every finding listed
const model = exitOnConfigurationErrors(() => synthesizeModel(platform, ENVIRONMENTS, { policies: false }));
const inputs = policyInputs(model, platform, ENVIRONMENTS);
const report = evaluate(inputs);
const lines = reportLines(inputs, report);
const blocking = report.failures.filter(f => f.priority === 'P0' || f.rule === UNUSED_SUPPRESSION_RULE);

const out: string[] = [];
if (args.includes('--json')) {
  out.push(
    JSON.stringify({ stacks: report.stacks, lines, failures: report.failures, blocking: blocking.length }, null, 2),
  );
} else {
  // after each stack's verdicts, the rules that judged nothing there (not in --failures)
  const skipped = new Map(notApplicable(report).map(n => [n.stack, n.rules]));
  const closeStack = (s: string) => {
    const rules = skipped.get(s) ?? [];
    if (!failuresOnly && rules.length > 0) out.push(`   not applicable (${rules.length}): ${rules.join(', ')}`);
  };
  let stack = '';
  for (const l of failuresOnly ? lines.filter(line => line.status === 'fail') : lines) {
    if (l.stack !== stack) {
      if (stack !== '') closeStack(stack);
      out.push(`\n== ${(stack = l.stack)}`);
    }
    const status = l.status === 'fail' ? 'FAIL' : l.status;
    const detail =
      l.status === 'fail' ? `  ${l.path}: ${l.message}` : l.status === 'suppressed' ? `  (${l.reason})` : '';
    out.push(`${l.priority} ${status.padEnd(10)} ${l.rule.padEnd(34)} ${l.address}${detail}`);
  }
  if (stack !== '') closeStack(stack);
  const count = (s: string) => lines.filter(l => l.status === s).length;
  const byPriority = (p: string) => report.failures.filter(f => f.priority === p).length;
  out.push(
    `\n${report.rules.length} rules, ${report.stacks.length} stacks: ${count('pass')} pass, ${count('fail')} fail ` +
      `(P0 ${byPriority('P0')}, P1 ${byPriority('P1')}, P2 ${byPriority('P2')}), ${count('suppressed')} suppressed`,
  );
  out.push(
    blocking.length === 0
      ? 'no unsuppressed P0 finding, every suppression used'
      : `${blocking.length} blocking finding(s): P0 or unused suppression`,
  );
}
// a closed pipe (`npm run policy | head`) is not an error of the report
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = blocking.length === 0 ? 0 : 1;
