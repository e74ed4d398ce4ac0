/**
 * `npm run scaffold -- --out <dir> [--app <name>] [--repository <ecr repository>]`: writes the application and
 * helm-charts repository skeletons (docs/ARGOCD-SETUP.md) from the environment files and the shared stack's names.
 * Errors are one line on stderr, exit code 1.
 */
import { resolve } from 'path';
import { parseArgs } from 'util';

const USAGE = 'usage: npm run scaffold -- --out <dir> [--app <name>] [--repository <ecr repository>]';

function main(): void {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string' }, app: { type: 'string' }, repository: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}; ${USAGE}`);
  if (values.out === undefined || values.out === '') throw new Error(`--out is required; ${USAGE}`);
  const out = resolve(values.out);
  // required past the argument checks, so a usage error loads no configuration (its modules load cdktf)
  /* eslint-disable @typescript-eslint/no-require-imports -- an import would load them before those checks */
  const { ENVIRONMENTS, platform } = require('../environments') as typeof import('../environments');
  const { platformFacts } =
    require('../modules/scaffold/platform-facts') as typeof import('../modules/scaffold/platform-facts');
  const { REPOSITORY_ROOTS, scaffold, writeScaffold } =
    require('../modules/scaffold/scaffold') as typeof import('../modules/scaffold/scaffold');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const result = scaffold(platformFacts(platform, ENVIRONMENTS), { app: values.app, repository: values.repository });
  writeScaffold(out, result.files);
  const overlays = result.applications.map(a => a.path).join(', ');
  process.stdout.write(
    `wrote ${Object.keys(result.files).length} files for ${result.app} under ${out}: ` +
      `${REPOSITORY_ROOTS.map(r => `${r}/`).join(' and ')} (image ${result.ecrRepository}; overlays ${overlays})\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`scaffold: ${String((error as Error).message ?? error).split('\n')[0]}\n`);
  process.exit(1);
}
