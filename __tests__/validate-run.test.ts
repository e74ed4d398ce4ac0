// `npm run validate` needs the real terraform; without it on PATH it says so and fails (npm test never needs it).
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

test('without terraform on PATH it names the missing tool and exits 1', () => {
  const bin = mkdtempSync(join(tmpdir(), 'no-terraform-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node')); // a PATH with node only
    const result = spawnSync(
      process.execPath,
      ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/validate/run.ts'],
      {
        cwd: join(__dirname, '..'),
        env: { ...process.env, PATH: bin },
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('terraform is not on PATH');
    expect(result.stdout).not.toContain('valid');
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test.each([[['--jobs', '0']], [['5']], [['--jobs', '2', '--self-test']]])('%j prints the usage and exits 2', args => {
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/validate/run.ts', ...args],
    {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: npm run validate [-- --jobs N]');
});
