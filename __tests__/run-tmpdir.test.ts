import { Testing } from 'cdktf';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { enterRunTmpdir, leaveRunTmpdir } from './run-tmpdir';

describe("the test run's temporary folder (run-tmpdir.ts, entered by global-setup.ts)", () => {
  test("a suite's temporary folders, cdktf's Testing.app among them, lie below the run's folder", () => {
    const run = process.env.TMPDIR!;
    expect(basename(run)).toMatch(/^eks-platform-test-/);
    expect(existsSync(run)).toBe(true);
    expect(dirname(Testing.app().outdir)).toBe(run);
    expect(dirname(mkdtempSync(join(tmpdir(), 'suite-')))).toBe(run);
  });

  test('leaving removes the folder with what is in it and gives the replaced TMPDIR back', () => {
    const outer = process.env.TMPDIR;
    const folder = enterRunTmpdir();
    expect(dirname(folder)).toBe(outer);
    expect(process.env.TMPDIR).toBe(folder);
    writeFileSync(join(folder, 'left-behind'), '');
    leaveRunTmpdir();
    expect(existsSync(folder)).toBe(false);
    expect(process.env.TMPDIR).toBe(outer);
    expect(process.env.EKS_PLATFORM_OUTER_TMPDIR).toBeUndefined();
  });

  test('a TMPDIR that was unset is unset again', () => {
    const outer = process.env.TMPDIR;
    delete process.env.TMPDIR;
    try {
      const folder = enterRunTmpdir();
      leaveRunTmpdir();
      expect(existsSync(folder)).toBe(false);
      expect('TMPDIR' in process.env).toBe(false);
    } finally {
      process.env.TMPDIR = outer;
    }
  });
});
