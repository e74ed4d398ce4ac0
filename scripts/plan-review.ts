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
import { ENVIRONMENTS, platform } from '../environments';
import { githubOutputs } from '../modules/plan-review/ci-targets';
import { collectInputs } from '../modules/plan-review/inputs';
import { deployOrder, sortByDeployOrder } from '../modules/plan-review/order';
import { DEFAULT_MAX_LENGTH, renderReport, StackInput } from '../modules/plan-review/render';
import { sanitizeInputs } from '../modules/plan-review/sanitize';

const USAGE = `usage: plan-review [--max-length N] [--summary] [--expect s1,s2] [--commit SHA] [--run-url URL] <stack>.json|.error|.skipped ...
       plan-review --list-stacks     print every stack in deploy order, one per line
       plan-review --github-outputs  print the CI targets (stacks and role ARNs per target) as GITHUB_OUTPUT lines
       plan-review --sanitize DIR <files>  write each plan to DIR/<stack>.json with sensitive values masked, only what
                                     the report needs (safe as a CI artifact); .error/.skipped files are copied
  --max-length N   longest report in characters (default ${DEFAULT_MAX_LENGTH}; GitHub comments allow 65536)
  --summary        the report is the job summary: the full report (up to GitHub's 1 MiB), truncations point at a local plan
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

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { files: [], summary: false, expect: [], listStacks: false, githubOutputs: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') throw new HelpRequested();
    else if (a === '--list-stacks') args.listStacks = true;
    else if (a === '--github-outputs') args.githubOutputs = true;
    else if (a === '--sanitize') args.sanitizeDir = value();
    else if (a === '--summary') args.summary = true;
    else if (a === '--max-length') {
      args.maxLength = Number(value());
      if (!Number.isInteger(args.maxLength) || args.maxLength < 5000) throw new Error(`--max-length must be a whole number >= 5000`);
    } else if (a === '--expect') args.expect = value().split(',').filter(Boolean);
    else if (a === '--commit') args.commit = value();
    else if (a === '--run-url') args.runUrl = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.files.push(a);
  }
  if (!args.listStacks && !args.githubOutputs && args.files.length === 0 && args.expect.length === 0) throw new Error('no plan files given');
  return args;
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
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
  if (args.sanitizeDir !== undefined) return sanitize(args.sanitizeDir, collectInputs(args.files, p => readFileSync(p, 'utf8')));
  const inputs = sortByDeployOrder(collectInputs(args.files, p => readFileSync(p, 'utf8'), args.expect), order);
  const destination = args.summary ? 'summary' : 'comment';
  process.stdout.write(renderReport(inputs, { maxLength: args.maxLength, commit: args.commit, runUrl: args.runUrl, destination }));
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
