import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeTerragruntTree } from '../backend/terragrunt-writer';
import { ENVIRONMENTS, platform } from '../environments';
import { buildPlatform } from '../modules/app';
import { REAL_PLATFORM_OUTDIR, TEST_DATE } from './real-platform';

/**
 * Synthesizes the shipped platform once per test run, as `main.ts` does (stacks, assets, Terragrunt tree), into a
 * private folder the suites read through `__tests__/real-platform.ts`. Suites that build a variant still synthesize it.
 */
export default function globalSetup(): void {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-real-'));
  const { app } = buildPlatform(platform, ENVIRONMENTS, { today: TEST_DATE, outdir });
  app.synth();
  writeTerragruntTree(app.outdir, platform, ENVIRONMENTS);
  process.env[REAL_PLATFORM_OUTDIR] = outdir;
}
