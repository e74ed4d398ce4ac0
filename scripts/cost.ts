/**
 * `npm run cost [-- --json [--out FILE]]`: the baseline monthly cost of each environment, computed from the
 * synthesized stacks. Offline: synthesizes into a temporary directory and prices with modules/cost/prices.ts.
 * `npm run` prints its own "> script" banner on stdout, so for a machine either read `--out FILE` (the JSON alone) or
 * run `node --import tsx scripts/cost.ts --json` / `npm run --silent cost -- --json`.
 */
import { writeFileSync } from 'fs';

const USAGE = 'usage: npm run cost [-- --json [--out FILE]]';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n  --json      the report as JSON\n  --out FILE  write the JSON to FILE\n`);
  process.exit(0);
}
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const unknown = args.filter((a, i) => a !== '--json' && !(outAt >= 0 && (i === outAt || i === outAt + 1)));
if (unknown.length > 0 || (outAt >= 0 && (out === undefined || out.startsWith('--') || !args.includes('--json')))) {
  const problem = unknown.length > 0 ? `unknown argument ${unknown.join(' ')}` : '--out needs a file name and --json';
  process.stderr.write(`${problem}; ${USAGE}\n`);
  process.exit(2);
}
// required past the argument checks, so a usage error loads no configuration (its modules load cdktf)
/* eslint-disable @typescript-eslint/no-require-imports -- an import would load them before those checks */
const { ENVIRONMENTS, platform } = require('../environments') as typeof import('../environments');
const { synthesizeModel } =
  require('../modules/analysis/platform-model') as typeof import('../modules/analysis/platform-model');
const { exitOnConfigurationErrors } = require('../modules/app') as typeof import('../modules/app');
const { priceTableFor } = require('../modules/cost/prices') as typeof import('../modules/cost/prices');
const { costReport, renderCostReport, reportJson } =
  require('../modules/cost/report') as typeof import('../modules/cost/report');
/* eslint-enable @typescript-eslint/no-require-imports */
const prices = priceTableFor(platform.aws.region);
const report = exitOnConfigurationErrors(() =>
  costReport(ENVIRONMENTS, synthesizeModel(platform, ENVIRONMENTS), prices),
);
if (!args.includes('--json')) process.stdout.write(`${renderCostReport(report)}\n`);
else if (out === undefined) process.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
else {
  writeFileSync(out, `${JSON.stringify(reportJson(report), null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
}
