/**
 * `npm run diagram`: regenerates docs/diagram.md and the README's generated blocks (architecture diagram, cost
 * summary) from the synthesized stacks. `npm run diagram -- --check` only compares and exits 1 when a copy is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import { synthesizeModel } from '../modules/analysis/platform-model';
import { exitOnConfigurationErrors } from '../modules/app';
import { priceTableFor } from '../modules/cost/prices';
import { generatedDocs } from '../modules/diagram/generated-docs';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
if (args.some(a => a !== '--check')) {
  process.stderr.write(`unknown argument ${args.join(' ')}; usage: npm run diagram [-- --check]\n`);
  process.exit(2);
}
const read = (path: string): string => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
const files = exitOnConfigurationErrors(() =>
  generatedDocs(
    read('README.md'),
    ENVIRONMENTS,
    synthesizeModel(platform, ENVIRONMENTS),
    priceTableFor(platform.aws.region),
  ),
);
const stale = Object.entries(files)
  .filter(([path, text]) => read(path) !== text)
  .map(([path]) => path);
if (args.includes('--check')) {
  if (stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')}; run \`npm run diagram\` and commit the result\n`);
    process.exit(1);
  }
  process.stdout.write('generated docs are up to date\n');
} else {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  process.stdout.write(stale.length > 0 ? `updated ${stale.join(', ')}\n` : 'generated docs already up to date\n');
}
