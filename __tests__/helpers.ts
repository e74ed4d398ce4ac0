import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { buildPlatform, PlatformApp } from '../modules/app';
import type { SynthesizedStack } from '../modules/analysis/synthesized-stack';
import { TEST_DATE } from './real-platform';

// The helpers of suites that build variants of the platform: these load cdktf and every construct. A suite that only
// reads the shipped platform's JSON or the configuration imports read-helpers.ts, which loads neither.
export * from './read-helpers';

/** A stack of a variant, as `Testing.synth` returns it (no `//` comments, keys sorted), like `realStack`. */
export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

export function buildTestPlatform(
  environments: readonly EnvironmentConfig[] = ENVIRONMENTS,
  platformConfig: PlatformConfig = platform,
): PlatformApp {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-test-'));
  return buildPlatform(platformConfig, environments, { today: TEST_DATE, outdir });
}

let cachedApp: PlatformApp | undefined;

/** The construct tree of the real platform (dev + prod), built once per test file, for tests that read constructs. */
export function realPlatform(): PlatformApp {
  cachedApp ??= buildTestPlatform();
  return cachedApp;
}
