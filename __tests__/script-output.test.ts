import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import { priceTableFor } from '../modules/cost/prices';
import { costReport, renderCostReport } from '../modules/cost/report';
import { blockSuppressions } from '../modules/policies/suppress';
import type { TerraformJson } from '../modules/policies/types';
import { ALL_STACK_IDS, realSynthesizedPlatform } from './read-helpers';
import { readPolicyStackJson } from './real-platform';

const ROOT = join(__dirname, '..');
const ENV = { ...process.env, CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0' };
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: ENV });
const script = (name: string, args: string[]) =>
  run(process.execPath, ['--disable-warning=DEP0044', 'scripts/launch.mjs', `scripts/${name}`, ...args]);

describe('npm run cost -- --json', () => {
  test('--out writes the JSON alone to a file: it parses without npm --silent (npm puts its banner on stdout)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cost-json-')), 'cost.json');
    const r = run('npm', ['run', 'cost', '--', '--json', '--out', file]);
    expect(r.status).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(ENVIRONMENTS.map(e => e.name)));
    expect(typeof json.dev.monthlyUsd).toBe('number');
    expect(r.stdout).not.toContain('"monthlyUsd"');
  });

  test('--out without --json or without a file name is a usage error', () => {
    expect(script('cost.ts', ['--out']).status).toBe(2);
    expect(script('cost.ts', ['--out', 'x.json']).stderr).toMatch(/--out needs a file name and --json/);
  });
});

describe('npm run policy', () => {
  test('--help prints the usage and exits 0', () => {
    const r = script('policy.ts', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run policy \[-- --json \| --failures\]\n/);
    expect(r.stdout).toContain('--failures');
  });

  test('an unknown option is a usage error', () => {
    const r = script('policy.ts', ['--verbose']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^unknown argument --verbose\nusage: npm run policy/);
  });

  test('--failures lists only findings: no pass or suppressed verdict line, then the summary', () => {
    const r = script('policy.ts', ['--failures']);
    const verdicts = r.stdout.split('\n').filter(l => /^P\d /.test(l));
    expect(verdicts.every(l => /^P\d FAIL /.test(l))).toBe(true);
    expect(r.stdout).toMatch(/\d+ rules, 8 stacks: \d+ pass, \d+ fail .*suppressed\n/);
    const all = script('policy.ts', []);
    expect(all.stdout.split('\n').filter(l => /^P\d (pass|suppressed) /.test(l)).length).toBeGreaterThan(0);
  });
});

describe('npm run bench', () => {
  // The real bench script and runners, timing a one-stack app: the whole platform under ts-node alone was ~6 s of CPU.
  const BENCH_APP = '__tests__/fixtures/bench-app.ts';
  let bench: ReturnType<typeof run> | undefined;
  const benchOnce = () =>
    (bench ??= run(process.execPath, ['scripts/bench.mjs', '--runs', '1', '--json', '--app', BENCH_APP]));

  test('shows progress on stderr and keeps --json on stdout parseable', () => {
    const r = benchOnce();
    expect(r.stderr).toMatch(/^bench: building the warm bundle\n/);
    for (const runner of ['warm', 'cold', 'tsx', 'ts-node'])
      expect(r.stderr).toContain(`\nbench: synth 1/1 with ${runner}\n`);
    const report = JSON.parse(r.stdout) as { runs: number; results: Record<string, { medianSeconds: number }> };
    expect(report.runs).toBe(1);
    expect(Object.keys(report.results)).toEqual(['warm', 'cold', 'tsx', 'ts-node']);
  }, 180_000);

  test('warm reuses the bundle it built first, cold rebuilds its own; every runner synthesized the app', () => {
    type Result = { rebuiltBundle: boolean[]; stacks: number };
    type Report = { results: Record<string, Result>; checks: Record<string, boolean> };
    const report = JSON.parse(benchOnce().stdout) as Report;
    expect(report.results.warm.rebuiltBundle).toEqual([false]);
    expect(report.results.cold.rebuiltBundle).toEqual([true]);
    expect(report.checks['warm reused its bundle every run']).toBe(true);
    expect(report.checks['cold rebuilt its bundle every run']).toBe(true);
    for (const result of Object.values(report.results)) expect(result.stacks).toBe(1);
  }, 180_000);
});

describe('the word "seed" (the design document\'s name) stays out of what users read', () => {
  test('README and docs/', () => {
    const docs = readdirSync(join(ROOT, 'docs'))
      .filter(f => f.endsWith('.md'))
      .map(f => join('docs', f));
    for (const file of ['README.md', ...docs]) {
      const mentions = readFileSync(join(ROOT, file), 'utf8').match(/\bseed\w*/gi) ?? [];
      expect({ file, mentions }).toEqual({ file, mentions: [] });
    }
  });

  test('the cost report and the policy suppression reasons', () => {
    const synthesized = realSynthesizedPlatform(); // the test run's one synth of the shipped configuration
    const report = costReport(ENVIRONMENTS, synthesized, priceTableFor(platform.aws.region));
    const text = renderCostReport(report);
    expect(text).toContain("vs the design's estimate of ~$165");
    expect(text).not.toMatch(/seed/i);
    const reasons = ALL_STACK_IDS.flatMap(id =>
      blockSuppressions(readPolicyStackJson(id) as TerraformJson).map(s => String(s.reason)),
    );
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter(r => /seed/i.test(r))).toEqual([]);
  });
});
