#!/usr/bin/env node
// Synthesizes every stack RUNS times with each runner, interleaved so that machine noise falls on all of them alike,
// then prints the median wall time and the peak RSS of each and checks the budgets:
// - warm: the app command (scripts/launch.mjs) with its bundle reused;
// - cold: the app command rebuilding its bundle (an empty bundle cache each run);
// - tsx: `node --import tsx main.ts`, the transpile-only runner the bundle replaces;
// - ts-node: the cdktf template's type-checking default.
// Usage: npm run bench [-- --runs N] [-- --json] [-- --app <entry.ts>] (main.ts unless named: the bench's own test
// times a one-stack app). Progress goes to stderr, the report to stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const app = args.includes('--app') ? args[args.indexOf('--app') + 1] : 'main.ts';
if (!app?.endsWith('.ts')) throw new Error(`--app needs a TypeScript entry point, got ${app}`);
const root = new URL('..', import.meta.url).pathname;
const probe = join(root, 'scripts', 'rss-probe.cjs');
const warmCache = join('node_modules', '.cache', `bench-warm-${process.pid}`);
const coldCache = run => join('node_modules', '.cache', `bench-cold-${process.pid}-${run}`);
const RUNNERS = {
  warm: { args: ['--require', probe, 'scripts/launch.mjs', app], cache: () => warmCache },
  cold: { args: ['--require', probe, 'scripts/launch.mjs', app], cache: coldCache },
  tsx: { args: ['--require', probe, '--import', 'tsx', app] },
  'ts-node': { args: ['--require', probe, '--require', 'ts-node/register', app] },
};
const BUDGET = {
  medianSeconds: 4, // the app command (warm)
  peakRssMb: 600,
  minSpeedupOverTsNode: 2.5,
  maxWarmShareOfTsx: 0.55,
  warmPeakRssMb: 140,
};

/** The bundles in a runner's cache folder, with their modification times: tells a reused bundle from a rebuilt one. */
function bundles(cache) {
  const dir = join(root, cache);
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir).filter(f => f.endsWith('.cjs'));
  return new Map(files.map(f => [f, statSync(join(dir, f)).mtimeMs]));
}

function once(name, run) {
  const runner = RUNNERS[name];
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const rssFile = join(work, 'rss');
  const env = { ...process.env, CDKTF_OUTDIR: join(work, 'out'), RSS_PROBE_FILE: rssFile, CHECKPOINT_DISABLE: '1' };
  if (runner.cache) env.APP_BUNDLE_CACHE = runner.cache(run);
  const before = runner.cache ? bundles(runner.cache(run)) : new Map();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, runner.args, { cwd: root, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`synth failed (${name}):\n${result.stderr}`);
  const stacks = readdirSync(join(work, 'out', 'stacks')).length;
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  const after = runner.cache ? bundles(runner.cache(run)) : new Map();
  const rebuilt = [...after].some(([file, mtime]) => before.get(file) !== mtime);
  rmSync(work, { recursive: true, force: true });
  if (name === 'cold') rmSync(join(root, runner.cache(run)), { recursive: true, force: true });
  return { seconds, rssMb, stacks, rebuilt };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Object.fromEntries(Object.keys(RUNNERS).map(name => [name, []]));
try {
  process.stderr.write('bench: building the warm bundle\n'); // progress on stderr keeps --json parseable
  once('warm', -1);
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(RUNNERS)) {
      process.stderr.write(`bench: synth ${run + 1}/${runs} with ${name}\n`);
      const sample = once(name, run);
      samples[name].push(sample);
      process.stderr.write(`bench:   ${sample.seconds.toFixed(2)} s, ${sample.rssMb.toFixed(0)} MB\n`);
    }
  }
} finally {
  rmSync(join(root, warmCache), { recursive: true, force: true });
}

const results = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => [
    name,
    {
      medianSeconds: median(s.map(x => x.seconds)),
      peakRssMb: Math.max(...s.map(x => x.rssMb)),
      stacks: s[0].stacks,
      samples: s.map(x => Number(x.seconds.toFixed(3))),
      rebuiltBundle: s.map(x => x.rebuilt),
    },
  ]),
);
const { warm, cold, tsx } = results;
const speedup = results['ts-node'].medianSeconds / warm.medianSeconds;
const warmShareOfTsx = warm.medianSeconds / tsx.medianSeconds;
const checks = {
  [`warm median <= ${BUDGET.medianSeconds} s`]: warm.medianSeconds <= BUDGET.medianSeconds,
  [`warm peak RSS <= ${BUDGET.warmPeakRssMb} MB`]: warm.peakRssMb <= BUDGET.warmPeakRssMb,
  [`every runner's peak RSS <= ${BUDGET.peakRssMb} MB`]: Object.values(results)
    .filter(r => r !== results['ts-node'])
    .every(r => r.peakRssMb <= BUDGET.peakRssMb),
  [`warm >= ${BUDGET.minSpeedupOverTsNode}x faster than ts-node`]: speedup >= BUDGET.minSpeedupOverTsNode,
  [`warm <= ${BUDGET.maxWarmShareOfTsx} x tsx`]: warmShareOfTsx <= BUDGET.maxWarmShareOfTsx,
  'cold no slower than tsx': cold.medianSeconds <= tsx.medianSeconds,
  // what makes the two app-command figures mean what they say
  'warm reused its bundle every run': warm.rebuiltBundle.every(built => !built),
  'cold rebuilt its bundle every run': cold.rebuiltBundle.every(built => built),
};
const withinBudget = Object.values(checks).every(Boolean);

if (args.includes('--json')) {
  console.log(
    JSON.stringify({ runs, results, speedup, warmShareOfTsx, budget: BUDGET, checks, withinBudget }, null, 2),
  );
} else {
  console.log(`${app === 'main.ts' ? 'all-stack' : app} synth, ${runs} runs each, ${warm.stacks} stacks`);
  for (const [name, r] of Object.entries(results)) {
    const line = `median ${r.medianSeconds.toFixed(2)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB`;
    console.log(`${name.padEnd(8)} ${line}  (runs: ${r.samples.join(', ')} s)`);
  }
  console.log(`warm vs tsx: ${warmShareOfTsx.toFixed(2)} x; warm vs ts-node: ${speedup.toFixed(2)}x faster`);
  for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? 'within' : 'EXCEEDED'}  ${check}`);
}
process.exitCode = withinBudget ? 0 : 1;
