/**
 * `npm run exit-lane [-- --keep]`: the way off cdktf, tested. Copies the project to a temporary folder, moves the copy
 * to CDK Terrain (scripts/exit-lane/migration.ts), installs it from the registry, type-checks and synthesizes it, and
 * compares its output with this project's synth: every difference outside scripts/exit-lane/allowed-differences.ts
 * fails. Progress goes to stderr, the comparison to stdout. `--keep` leaves the temporary folder for inspection.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join, relative } from 'path';
import { ALLOWED_DIFFERENCES } from './exit-lane/allowed-differences';
import { compareOutdirs, comparisonReport } from './exit-lane/compare';
import { CDKTN, migratePackageJson, rewriteImports } from './exit-lane/migration';

const USAGE = 'usage: npm run exit-lane [-- --keep]';
const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.some(a => a !== '--keep')) {
  process.stderr.write(`unknown argument ${args.join(' ')}; ${USAGE}\n`);
  process.exit(2);
}

const root = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'exit-lane-'));
const copy = join(work, 'project');
const NOT_COPIED = new Set(['node_modules', 'cdktf.out', '.git', 'package-lock.json']);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const env = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true', FORCE_COLOR: '0' };
const started = Date.now();
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const progress = (message: string) => process.stderr.write(`[exit-lane ${elapsed(started)}] ${message}\n`);

/** Runs a step; on failure prints its output and exits 1. Returns the step's seconds. */
type StepOptions = SpawnSyncOptions & { showOutput?: boolean };

function step(title: string, command: string, commandArgs: string[], options: StepOptions): number {
  progress(title);
  const t0 = Date.now();
  const stdio: SpawnSyncOptions['stdio'] = options.showOutput ? ['ignore', 2, 2] : 'pipe';
  const r = spawnSync(command, commandArgs, { env, encoding: 'utf8', stdio, ...options });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}`;
    process.stderr.write(`${output}exit-lane: "${title}" failed (exit ${r.status})\n`);
    process.exit(1);
  }
  return (Date.now() - t0) / 1000;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

progress(`copying the project to ${copy} (without ${[...NOT_COPIED].join(', ')})`);
cpSync(root, copy, { recursive: true, filter: src => !NOT_COPIED.has(basename(src)) });

let rewritten = 0;
for (const file of sourceFiles(copy)) {
  const before = readFileSync(file, 'utf8');
  const after = rewriteImports(before);
  if (after === before) continue;
  rewritten += before.split('\n').filter((line, i) => line !== after.split('\n')[i]).length;
  writeFileSync(file, after);
}
const pkgPath = join(copy, 'package.json');
writeFileSync(pkgPath, `${JSON.stringify(migratePackageJson(JSON.parse(readFileSync(pkgPath, 'utf8'))), null, 2)}\n`);
progress(
  `moved the copy to cdktn ${CDKTN.core}, cdktn-cli ${CDKTN.cli}, @cdktn/provider-aws ${CDKTN.providerAws}: ` +
    `${rewritten} import lines rewritten`,
);

const bin = (project: string, name: string) => join(project, 'node_modules', '.bin', name);
const mainOut = join(work, 'cdktf.out');
const cdktnOut = join(work, 'cdktn.out');
const seconds = {
  install: step(
    'npm install in the copy (from the registry)',
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: copy, showOutput: true },
  ),
  typecheck: step('tsc --noEmit in the copy', bin(copy, 'tsc'), ['--noEmit', '-p', copy], { cwd: copy }),
  synthCdktn: step('npx cdktn synth in the copy', bin(copy, 'cdktn'), ['synth', '--output', cdktnOut], { cwd: copy }),
  synthMain: step('npx cdktf synth in this project', bin(root, 'cdktf'), ['synth', '--output', mainOut], { cwd: root }),
};

const comparison = compareOutdirs(mainOut, cdktnOut, ALLOWED_DIFFERENCES);
process.stdout.write(`${comparisonReport(comparison).join('\n')}\n`);
const cleanupStarted = Date.now();
if (args.includes('--keep')) progress(`kept ${work} (copy: ${relative(work, copy)})`);
else rmSync(work, { recursive: true, force: true }); // the copy's node_modules is about 1 GB
const timing = { ...seconds, cleanup: (Date.now() - cleanupStarted) / 1000 };
const steps = Object.entries(timing)
  .map(([name, s]) => `${name} ${s.toFixed(0)} s`)
  .join(', ');
progress(`done in ${elapsed(started)} (${steps})`);
process.exitCode = comparison.unexplained.length === 0 ? 0 : 1;
