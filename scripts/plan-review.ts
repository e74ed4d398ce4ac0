/**
 * Plan review: renders `terraform show -json` files as one Markdown report on stdout.
 *
 *   npm run --silent plan-review -- [options] <stack>.json|<stack>.error|<stack>.skipped ...
 *   npm run --silent plan-review -- --list-stacks
 *   npm run --silent plan-review -- --github-outputs >> "$GITHUB_OUTPUT"
 *   npm run --silent plan-review -- --sanitize DIR <stack>.json|.error|.skipped ...
 *
 * Exit code 1 when a file cannot be read (the report is still printed), 2 on bad arguments.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { ENVIRONMENTS, platform } from '../environments';
import { githubOutputs } from '../modules/plan-review/ci-targets';
import { collectInputs } from '../modules/plan-review/inputs';
import { deployOrder, sortByDeployOrder } from '../modules/plan-review/order';
import { DEFAULT_MAX_LENGTH, renderReport, StackInput } from '../modules/plan-review/render';
import { sanitizeInputs } from '../modules/plan-review/sanitize';

const USAGE =
  `usage: plan-review [--max-length N] [--summary] [--expect s1,s2] [--commit SHA] [--run-url URL] ` +
  `<stack>.json|.error|.skipped ...
       plan-review --list-stacks     print every stack in deploy order, one per line
       plan-review --github-outputs  print the CI targets (stacks and role ARNs per target) as GITHUB_OUTPUT lines
       plan-review --sanitize DIR <files>  write each plan to DIR/<stack>.json with sensitive values masked, only what
                                     the report needs (safe as a CI artifact); .error/.skipped files are copied
  --max-length N   longest report in characters (default ${DEFAULT_MAX_LENGTH}; GitHub comments allow 65536)
  --summary        the report is the job summary: the full report (up to GitHub's 1 MiB), truncations point at a ` +
  `local plan
  --expect LIST    stacks that should have a file; those without one are reported as missing
  --commit SHA     commit shown in the footer
  --run-url URL    workflow run linked in the footer`;

class HelpRequested extends Error {}

interface Args {
  files: string[];
  maxLength?: number;
  summary: boolean;
  expect: string[];
  commit?: string;
  runUrl?: string;
  listStacks: boolean;
  githubOutputs: boolean;
  sanitizeDir?: string;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'list-stacks': { type: 'boolean' },
  'github-outputs': { type: 'boolean' },
  sanitize: { type: 'string' },
  summary: { type: 'boolean' },
  'max-length': { type: 'string' },
  expect: { type: 'string' },
  commit: { type: 'string' },
  'run-url': { type: 'string' },
} as const;

/** node:util's parse errors in this command's words: `unknown option --x`, `--x needs a value`. */
function parseError(e: Error & { code?: string }): Error {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new Error(`unknown option ${option}`);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new Error(`${option} needs a value`);
  return e;
}

function parseArguments(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw parseError(e as Error);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested();
  const maxLength = values['max-length'] === undefined ? undefined : Number(values['max-length']);
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 5000))
    throw new Error(`--max-length must be a whole number >= 5000`);
  const args: Args = {
    files: positionals,
    maxLength,
    summary: values.summary ?? false,
    expect: (values.expect ?? '').split(',').filter(Boolean),
    commit: values.commit,
    runUrl: values['run-url'],
    listStacks: values['list-stacks'] ?? false,
    githubOutputs: values['github-outputs'] ?? false,
    sanitizeDir: values.sanitize,
  };
  if (!args.listStacks && !args.githubOutputs && args.files.length === 0 && args.expect.length === 0)
    throw new Error('no plan files given');
  return args;
}

function main(): number {
  let args: Args;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (e) {
    if (e instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`plan-review: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const order = deployOrder(ENVIRONMENTS.map(e => e.name));
  if (args.listStacks) {
    process.stdout.write(`${order.join('\n')}\n`);
    return 0;
  }
  if (args.githubOutputs) {
    process.stdout.write(githubOutputs(platform, ENVIRONMENTS));
    return 0;
  }
  if (args.sanitizeDir !== undefined)
    return sanitize(
      args.sanitizeDir,
      collectInputs(args.files, p => readFileSync(p, 'utf8')),
    );
  const inputs = sortByDeployOrder(
    collectInputs(args.files, p => readFileSync(p, 'utf8'), args.expect),
    order,
  );
  const destination = args.summary ? 'summary' : 'comment';
  process.stdout.write(
    renderReport(inputs, { maxLength: args.maxLength, commit: args.commit, runUrl: args.runUrl, destination }),
  );
  const unreadable = inputs.filter(i => i.status === 'invalid');
  for (const i of unreadable) process.stderr.write(`plan-review: ${i.message}\n`);
  return unreadable.length > 0 ? 1 : 0;
}

/**
 * Writes the artifact-safe form of every input, error texts scrubbed with the secrets of every plan given; an
 * unreadable plan becomes an `.error` file naming the problem.
 */
function sanitize(dir: string, inputs: readonly StackInput[]): number {
  mkdirSync(dir, { recursive: true });
  for (const i of sanitizeInputs(inputs)) {
    if (i.status === 'planned') writeFileSync(join(dir, `${i.stack}.json`), JSON.stringify(i.plan!));
    else if (i.status === 'skipped') writeFileSync(join(dir, `${i.stack}.skipped`), i.message ?? '');
    else writeFileSync(join(dir, `${i.stack}.error`), i.message ?? `${i.status}`);
  }
  return inputs.some(i => i.status === 'invalid') ? 1 : 0;
}

process.exitCode = main();
