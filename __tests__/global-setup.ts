import { existsSync, mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeTerragruntTree } from '../backend/terragrunt-writer';
import { ENVIRONMENTS, platform } from '../environments';
import { MODEL_FILE, modelOf, writeModel } from '../modules/analysis/platform-model';
import { buildPlatform } from '../modules/app';
import { REAL_PLATFORM_OUTDIR, REAL_PLATFORM_REUSE, TEST_DATE } from './real-platform';
import { enterRunTmpdir } from './run-tmpdir';

/**
 * Synthesizes the shipped platform once per test run, as `main.ts` does (stacks, assets, Terragrunt tree), into a
 * private folder, and writes its model there (modules/analysis/): the suites, in other processes, load that model
 * through `__tests__/real-platform.ts`. Suites that build a variant still synthesize it.
 */
export default function globalSetup(): void {
  enterRunTmpdir();
  // The mutation run (scripts/mutation.mjs) starts jest once per mutant: it names a folder to synthesize into once
  // and reuse, which it removes itself; otherwise every run owns a fresh folder, removed by global-teardown.ts.
  const reuse = process.env[REAL_PLATFORM_REUSE];
  if (reuse !== undefined && existsSync(join(reuse, MODEL_FILE))) {
    process.env[REAL_PLATFORM_OUTDIR] = reuse;
    return;
  }
  const outdir = reuse ?? mkdtempSync(join(tmpdir(), 'cdktf-real-'));
  mkdirSync(outdir, { recursive: true });
  const built = buildPlatform(platform, ENVIRONMENTS, { today: TEST_DATE, outdir });
  const model = modelOf(built);
  writeTerragruntTree(built.app.outdir, platform, ENVIRONMENTS);
  writeModel(outdir, model); // last: a reused folder with the model is complete
  process.env[REAL_PLATFORM_OUTDIR] = outdir;
}
