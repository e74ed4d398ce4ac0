/**
 * `npm run upgrade -- <env> --to <minor> [--json]`: the ordered steps of an in-place Kubernetes upgrade of one
 * environment, from the environment file and the version tables. Calls no AWS API.
 * Exit 0 with the plan; 1 when the upgrade is refused (one line on stderr); 2 on bad arguments.
 */
import { ENVIRONMENTS } from '../environments';
import { planUpgrade, UpgradeRefusal } from '../modules/upgrade/planner';
import { renderUpgradePlan } from '../modules/upgrade/render';
import { PROJECT_TABLES } from '../modules/upgrade/tables';

const USAGE = 'usage: npm run upgrade -- <env> --to <minor> [--json]   e.g. npm run upgrade -- dev --to 1.36';

function main(argv: readonly string[]): number {
  let env: string | undefined;
  let to: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--to') to = argv[++i];
    else if (a.startsWith('-') || env !== undefined) {
      process.stderr.write(`upgrade: unexpected argument ${a}\n${USAGE}\n`);
      return 2;
    } else env = a;
  }
  if (env === undefined || to === undefined) {
    const problem = env === undefined ? 'no environment given' : '--to needs a Kubernetes minor';
    process.stderr.write(`upgrade: ${problem}\n${USAGE}\n`);
    return 2;
  }
  const config = ENVIRONMENTS.find(e => e.name === env);
  if (!config) {
    const known = ENVIRONMENTS.map(e => e.name).join(', ');
    process.stderr.write(`upgrade: refused: unknown environment "${env}" (environments: ${known})\n`);
    return 1;
  }
  try {
    const plan = planUpgrade(config, to, PROJECT_TABLES, new Date(), ENVIRONMENTS);
    process.stdout.write(json ? `${JSON.stringify(plan, null, 2)}\n` : `${renderUpgradePlan(plan)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UpgradeRefusal) {
      process.stderr.write(`upgrade: refused: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
