import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { deployOrder } from '../modules/plan-review/order';
import { parsePlanJson, PlanJson } from '../modules/plan-review/plan-json';
import { renderReport } from '../modules/plan-review/render';

// scripts/plan-review.ts run as CI runs it: a child process per test (the renderer itself is tested in-process in
// plan-review.test.ts, which the mutation run uses)
const FIXTURES = join(__dirname, 'fixtures', 'plans');
const fixturePath = (name: string) => join(FIXTURES, name);
const plan = (name: string): PlanJson =>
  parsePlanJson(readFileSync(fixturePath(`${name}.json`), 'utf8'), `${name}.json`);

describe('the command', () => {
  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/plan-review.ts', ...args],
      { cwd: join(__dirname, '..'), encoding: 'utf8' },
    );

  test('renders stack files in deploy order, exits 1 on an unreadable file but still prints the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));
    copyFileSync(fixturePath('update.json'), join(dir, 'dev-eks.json'));
    copyFileSync(fixturePath('create.json'), join(dir, 'dev-vpc.json'));
    copyFileSync(fixturePath('malformed.json'), join(dir, 'shared.json'));
    writeFileSync(join(dir, 'prod-vpc.error'), 'Error: boom');
    const r = run([
      join(dir, 'dev-eks.json'),
      join(dir, 'prod-vpc.error'),
      join(dir, 'dev-vpc.json'),
      join(dir, 'shared.json'),
      '--expect',
      'prod-eks',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('shared.json: not valid JSON');
    const rows = r.stdout
      .split('\n')
      .filter(l => l.startsWith('| `'))
      .map(l => l.split('`')[1]);
    expect(rows).toEqual(['shared', 'dev-vpc', 'dev-eks', 'prod-vpc', 'prod-eks']);
  });

  test('prints usage for --help (exit 0) and for bad arguments (exit 2)', () => {
    expect(run(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: plan-review') });
    expect(run(['--max-length', 'many', 'x.json'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--max-length must be a whole number'),
    });
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringContaining('no plan files given') });
    expect(run(['--bogus', 'x.json'])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^plan-review: unknown option --bogus\nusage: /),
    });
    expect(run(['x.json', '--commit'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^plan-review: --commit needs a value\n/),
    });
  });

  test('--sanitize writes artifact-safe files that render like the originals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));
    copyFileSync(fixturePath('sensitive.json'), join(dir, 'dev-eks.json'));
    writeFileSync(join(dir, 'dev-vpc.error'), 'Error: boom');
    const r = run(['--sanitize', join(dir, 'out'), join(dir, 'dev-eks.json'), join(dir, 'dev-vpc.error')]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'dev-vpc.error'), 'utf8')).toBe('Error: boom');
    const clean = readFileSync(join(dir, 'out', 'dev-eks.json'), 'utf8');
    expect(clean).not.toContain('hunter2-db-password-8f3a');
    expect(renderReport([{ stack: 'dev-eks', status: 'planned', plan: parsePlanJson(clean, 'dev-eks.json') }])).toBe(
      renderReport([{ stack: 'dev-eks', status: 'planned', plan: plan('sensitive') }]),
    );
  });

  test(
    '--sanitize scrubs an error text with the secrets of the other plans given (the artifact leaves the ' + 'runner)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'plan-review-'));
      copyFileSync(fixturePath('sensitive.json'), join(dir, 'dev-vpc.json'));
      writeFileSync(join(dir, 'dev-eks.error'), 'Error: connecting with password "hunter2-db-password-8f3a" failed');
      writeFileSync(join(dir, 'dev-addons.skipped'), 'upstream token s3cr3t-output-token-77 unusable');
      const r = run([
        '--sanitize',
        join(dir, 'out'),
        join(dir, 'dev-vpc.json'),
        join(dir, 'dev-eks.error'),
        join(dir, 'dev-addons.skipped'),
      ]);
      expect(r.status).toBe(0);
      expect(readFileSync(join(dir, 'out', 'dev-eks.error'), 'utf8')).toBe(
        'Error: connecting with password "(sensitive value)" failed',
      );
      expect(readFileSync(join(dir, 'out', 'dev-addons.skipped'), 'utf8')).toBe(
        'upstream token (sensitive value) unusable',
      );
    },
  );

  test('--list-stacks prints the deploy order', () => {
    expect(
      execFileSync(
        process.execPath,
        ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/plan-review.ts', '--list-stacks'],
        { cwd: join(__dirname, '..'), encoding: 'utf8' },
      )
        .trim()
        .split('\n'),
    ).toEqual(deployOrder(['dev', 'prod']));
  });
});
