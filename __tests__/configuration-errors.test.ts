import { spawnSync, SpawnSyncReturns } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dev } from '../environments/dev';
import { platform } from '../environments/platform';
import { prod } from '../environments/prod';
import { ConfigError, ConfigurationErrors, validateAll } from '../environments/validate';
import { configurationErrorReport, exitOnConfigurationErrors } from '../modules/app';
import { TEST_DATE, withEnv } from './read-helpers';

const ROOT = join(__dirname, '..');
const OVERLAP = 'prod.network.cidr is "10.0.128.0/17": overlaps dev.network.cidr (10.0.0.0/16)';
const ZERO_CPU = 'dev.karpenter.cpuLimit is 0: expected a positive number of vCPUs';
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('validation collects every error of a run', () => {
  test('two mistakes in two environments are both reported, each with field, value and what is allowed', () => {
    const broken = [
      withEnv(dev, e => {
        e.karpenter.cpuLimit = 0;
      }),
      withEnv(prod, e => {
        e.network.cidr = '10.0.128.0/17';
      }),
    ];
    const error = thrownBy(() => validateAll(platform, broken, { today: TEST_DATE }));
    expect(error).toBeInstanceOf(ConfigurationErrors);
    const errors = (error as ConfigurationErrors).errors;
    expect(errors.map(e => [e.field, e.value])).toEqual([
      ['dev.karpenter.cpuLimit', 0],
      ['prod.network.cidr', '10.0.128.0/17'],
    ]);
    expect(errors.every(e => e instanceof ConfigError && e.allowed.length > 0)).toBe(true);
  });

  test('a check that depends on a failed one is skipped instead of crashing on the bad value', () => {
    const broken = withEnv(dev, e => {
      e.network.cidr = 'ten-dot-zero';
      e.cluster.kubernetesVersion = '9.99';
    });
    const error = thrownBy(() => validateAll(platform, [broken, prod], { today: TEST_DATE })) as ConfigurationErrors;
    expect(error).toBeInstanceOf(ConfigurationErrors);
    expect(error.cause).toBeUndefined(); // no TypeError behind it
    expect(error.errors.map(e => e.field)).toEqual([
      'dev.network.cidr',
      'dev.cluster.kubernetesVersion',
      'dev.cluster.kubernetesVersion',
    ]);
    expect(error.errors[1].allowed).toMatch(/^expected one of /);
  });

  test('the report has one line per error', () => {
    const errors = new ConfigurationErrors([
      new ConfigError('a.b', 1, 'expected 2'),
      new ConfigError('c', 'x', 'expected y'),
    ]);
    expect(configurationErrorReport(errors)).toBe(
      'invalid configuration, 2 errors:\n  - a.b is 1: expected 2\n  - c is "x": expected y\n',
    );
  });

  test('an exception that is not a configuration error propagates unchanged, stack trace included', () => {
    const bug = new TypeError('a real bug');
    expect(
      thrownBy(() =>
        exitOnConfigurationErrors(() => {
          throw bug;
        }),
      ),
    ).toBe(bug);
  });
});

/** cdktf.json's app command (scripts/launch.mjs: a cached bundle run by node), on the fixture instead of main.ts. */
const APP = ['--disable-warning=DEP0044', 'scripts/launch.mjs', '__tests__/fixtures/two-mistakes-main.ts'];

describe('the app command (node scripts/launch.mjs, as cdktf.json) on a configuration with two mistakes', () => {
  // in a hook, not at collection: a run that filters this test out (the mutation run) does not pay for the child
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    const outdir = mkdtempSync(join(tmpdir(), 'config-errors-'));
    run = spawnSync(process.execPath, APP, {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    });
  });

  test('exits 1 and prints both errors once, without a stack trace', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^invalid configuration, 2 errors:\n/);
    expect(occurrences(run.stderr, OVERLAP)).toBe(1);
    expect(occurrences(run.stderr, ZERO_CPU)).toBe(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });
});

describe('npx cdktf synth on a configuration with two mistakes', () => {
  test('fails and shows the same list, without a stack trace', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'config-errors-cli-'));
    const cli = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'cdktf'),
      ['synth', '--app', `${process.execPath} ${APP.join(' ')}`, '--output', outdir],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', CI: 'true' },
      },
    );
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toContain('cdktf encountered an error while synthesizing');
    expect(cli.stderr).toMatch(/\n {4}invalid configuration, 2 errors:\n/);
    expect(occurrences(cli.stderr, OVERLAP)).toBe(1);
    expect(occurrences(cli.stderr, ZERO_CPU)).toBe(1);
    expect(cli.stderr).not.toMatch(STACK_FRAME);
  });
});
