#!/usr/bin/env node
// Synthesizes every stack RUNS times with the project's runner (tsx, transpile-only) and with ts-node (type-checking,
// the cdktf template's default), then prints the median wall time, the peak RSS and the speed-up.
// Usage: npm run bench [-- --runs N] [-- --json]. Progress goes to stderr, the result to stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const root = new URL('..', import.meta.url).pathname;
const probe = join(root, 'scripts', 'rss-probe.cjs');
const runners = {
  tsx: ['--require', probe, '--import', 'tsx', 'main.ts'],
  'ts-node': ['--require', probe, '--require', 'ts-node/register', 'main.ts'],
};
const BUDGET = { medianSeconds: 4, peakRssMb: 600, minSpeedup: 2.5 };

function once(nodeArgs) {
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const rssFile = join(work, 'rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: join(work, 'out'), RSS_PROBE_FILE: rssFile, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`synth failed (${nodeArgs.join(' ')}):\n${result.stderr}`);
  const stacks = readdirSync(join(work, 'out', 'stacks')).length;
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(work, { recursive: true, force: true });
  return { seconds, rssMb, stacks };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const [name, nodeArgs] of Object.entries(runners)) {
  const samples = Array.from({ length: runs }, (_, i) => {
    process.stderr.write(`bench: synth ${i + 1}/${runs} with ${name}\n`); // progress on stderr keeps --json parseable
    const sample = once(nodeArgs);
    process.stderr.write(`bench:   ${sample.seconds.toFixed(2)} s, ${sample.rssMb.toFixed(0)} MB\n`);
    return sample;
  });
  results[name] = {
    medianSeconds: median(samples.map(s => s.seconds)),
    peakRssMb: Math.max(...samples.map(s => s.rssMb)),
    stacks: samples[0].stacks,
    samples: samples.map(s => Number(s.seconds.toFixed(3))),
  };
}
const speedup = results['ts-node'].medianSeconds / results.tsx.medianSeconds;
const withinBudget =
  results.tsx.medianSeconds <= BUDGET.medianSeconds && results.tsx.peakRssMb <= BUDGET.peakRssMb && speedup >= BUDGET.minSpeedup;

if (args.includes('--json')) {
  console.log(JSON.stringify({ runs, results, speedup, budget: BUDGET, withinBudget }, null, 2));
} else {
  console.log(`all-stack synth, ${runs} runs each, ${results.tsx.stacks} stacks`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(8)} median ${r.medianSeconds.toFixed(2)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB  (runs: ${r.samples.join(', ')} s)`);
  }
  console.log(`speed-up tsx vs ts-node: ${speedup.toFixed(2)}x`);
  console.log(`budget (median <= ${BUDGET.medianSeconds} s, RSS <= ${BUDGET.peakRssMb} MB, >= ${BUDGET.minSpeedup}x): ${withinBudget ? 'within' : 'EXCEEDED'}`);
}
process.exitCode = withinBudget ? 0 : 1;
