/**
 * `npm run cost [-- --json]`: the baseline monthly cost of each environment, computed from the synthesized stacks.
 * Offline: synthesizes into a temporary directory and prices with modules/cost/prices.ts.
 */
import { ENVIRONMENTS, platform } from '../environments';
import { priceTableFor } from '../modules/cost/prices';
import { costReport, renderCostReport, reportJson } from '../modules/cost/report';
import { synthesizePlatform } from '../modules/cost/synthesized';

const args = process.argv.slice(2);
const unknown = args.filter(a => a !== '--json');
if (unknown.length > 0) {
  process.stderr.write(`unknown argument ${unknown.join(' ')}; usage: npm run cost [-- --json]\n`);
  process.exit(2);
}
const prices = priceTableFor(platform.aws.region);
const report = costReport(ENVIRONMENTS, synthesizePlatform(platform, ENVIRONMENTS), prices);
process.stdout.write(args.includes('--json') ? `${JSON.stringify(reportJson(report), null, 2)}\n` : `${renderCostReport(report)}\n`);
