/**
 * `node --import tsx scripts/preflight-facts.ts <env> [--json]`: the configuration facts `scripts/preflight.sh`
 * checks against AWS, read from the same configuration synth uses (nothing duplicated in bash). Offline.
 * Default output: one fact per line, tab-separated, the kind first (see {@link preflightFacts}).
 * `--undeclared <keys> <schema file> [<keys> <schema file> ...]` reads add-on configuration schemas and prints, per
 * schema, the keys it does not declare.
 */
import { readFileSync } from 'fs';
import { undeclaredKeys } from '../modules/preflight/schema-keys';

const args = process.argv.slice(2);
// `--undeclared <key,key,...> <file> ...`: one line per (keys, JSON schema file) pair, in order: `ok\t<the keys the
// schema does not declare, space-separated>`, or `unreadable` when the file is no JSON (the error on stderr).
// preflight.sh runs it once for all add-ons: it loads no configuration (the configuration's modules load cdktf).
if (args[0] === '--undeclared') {
  const answers: string[] = [];
  for (let i = 1; i + 1 < args.length; i += 2) {
    try {
      const schema = JSON.parse(readFileSync(args[i + 1], 'utf8')) as unknown;
      answers.push(`ok\t${undeclaredKeys(schema, args[i].split(',').filter(Boolean)).join(' ')}\n`);
    } catch (e) {
      process.stderr.write(`preflight-facts: ${args[i + 1]}: ${e instanceof Error ? e.message : String(e)}\n`);
      answers.push('unreadable\n');
    }
  }
  process.stdout.write(answers.join(''));
  process.exit(0);
}
// required here, past the --undeclared branch, so that branch never loads them
/* eslint-disable @typescript-eslint/no-require-imports -- an import would load them before that branch */
const { ENVIRONMENTS, platform } = require('../environments') as typeof import('../environments');
const preflight = require('../modules/preflight/facts') as typeof import('../modules/preflight/facts');
/* eslint-enable @typescript-eslint/no-require-imports */
const envName = args.find(a => !a.startsWith('--'));
const unknown = args.filter(a => a.startsWith('--') && a !== '--json');
const env = ENVIRONMENTS.find(e => e.name === envName);
if (unknown.length > 0 || env === undefined) {
  process.stderr.write(`usage: scripts/preflight-facts.ts <${ENVIRONMENTS.map(e => e.name).join('|')}> [--json]\n`);
  process.exit(2);
}
const facts = preflight.preflightFacts(platform, ENVIRONMENTS, env);
process.stdout.write(
  args.includes('--json') ? `${JSON.stringify(facts, null, 2)}\n` : preflight.renderFactLines(facts),
);
