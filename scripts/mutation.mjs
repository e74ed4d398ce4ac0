#!/usr/bin/env node
// Mutation testing of the safety-critical code with StrykerJS (https://stryker-mutator.io/docs/stryker-js/):
// each area (mutation/areas.mjs) runs incrementally against its committed file in mutation/incremental/, so a run
// after a change mutates only what changed. Fails when any file scores below its floor.
//   npm run mutation                 every area
//   npm run mutation -- validation   one area (names: mutation/areas.mjs)
//   npm run mutation -- --force ...  ignore the incremental file (a full run of the area)
//   npm run mutation -- --progress   a progress line every few seconds (tested / survived / time left)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Stryker } from '@stryker-mutator/core';
import { AREAS, STRICT_THRESHOLD, THRESHOLD } from '../mutation/areas.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    force: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
    progress: { type: 'boolean', default: false },
  },
});
const unknown = positionals.filter(name => !(name in AREAS));
if (unknown.length > 0) {
  console.error(`unknown area ${unknown.join(', ')}: the areas are ${Object.keys(AREAS).join(', ')}`);
  process.exit(2);
}
const areas = positionals.length > 0 ? positionals : Object.keys(AREAS);

// Tests that read the shipped platform share one synthesis for the whole run (__tests__/global-setup.ts).
const shared = mkdtempSync(join(tmpdir(), 'mutation-platform-'));
process.env.REAL_PLATFORM_REUSE = join(shared, 'out');
// Every temporary folder of the run's jest processes goes below it too, so that what a killed run leaves is removed
// with it (global-setup.ts gives each jest run a folder of its own there).
process.env.TMPDIR = shared;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
let failed = false;
try {
  for (const area of areas) {
    const started = Date.now();
    const { mutate, tests, strict } = AREAS[area];
    const results = await new Stryker({
      testRunner: 'jest',
      plugins: ['@stryker-mutator/jest-runner'],
      jest: {
        configFile: 'mutation/jest.config.js',
        config: {
          testMatch: tests.map(test => `<rootDir>/${test}`),
          // reports per-test coverage to Stryker
          // (https://stryker-mutator.io/docs/stryker-js/jest-runner#coverage-analysis)
          testEnvironment: '@stryker-mutator/jest-runner/jest-env/node',
        },
      },
      coverageAnalysis: 'perTest',
      mutate,
      incremental: true,
      force: options.force,
      incrementalFile: `mutation/incremental/${area}.json`,
      tempDirName: `.stryker-tmp/${area}`,
      concurrency: Number(options.concurrency),
      // A mutant whose run takes longer than this counts as detected (Timeout). Stryker's default (1.5 x the tests'
      // time + 5 s) is met by mere load on a busy 2-core machine: one policy run marked 222 of 1,162 mutants
      // Timeout, 123 of them rule descriptions, which cannot loop. A real infinite loop still ends here.
      timeoutFactor: 3,
      timeoutMS: 20000,
      // a line of progress every few seconds on long runs (`--progress`): an area's first full run takes half an hour
      reporters: options.progress ? ['clear-text', 'progress-append-only'] : ['clear-text'],
      clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
      thresholds: { high: STRICT_THRESHOLD, low: THRESHOLD, break: null },
      logLevel: process.env.STRYKER_LOG ?? 'warn',
      cleanTempDir: process.env.STRYKER_KEEP ? false : 'always',
    }).runMutationTest();

    const byFile = new Map();
    for (const result of results) {
      const file = relative(process.cwd(), result.fileName);
      const counts = byFile.get(file) ?? { detected: 0, undetected: 0 };
      if (DETECTED.has(result.status)) counts.detected += 1;
      if (UNDETECTED.has(result.status)) counts.undetected += 1;
      byFile.set(file, counts);
    }
    for (const [file, { detected, undetected }] of [...byFile].sort()) {
      const valid = detected + undetected;
      const score = valid === 0 ? 100 : (100 * detected) / valid;
      const floor = strict.includes(file) ? STRICT_THRESHOLD : THRESHOLD;
      const verdict = score >= floor ? 'ok' : `BELOW ${floor} %`;
      if (score < floor) failed = true;
      console.log(`${area}: ${file} ${score.toFixed(2)} % (${detected}/${valid} detected) ${verdict}`);
    }
    console.log(`${area}: ${results.length} mutants in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  rmSync(shared, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
