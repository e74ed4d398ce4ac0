/** Jest runs TypeScript through SWC (transpile only); `tsc --noEmit` in `npm test` does the type-checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Keeps cdktf's token creation stacks out of source-map-support (the file says why).
  setupFilesAfterEnv: ['<rootDir>/__tests__/stack-traces.ts'],
  // The shipped platform is synthesized once per run; suites read it (__tests__/real-platform.ts).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  // Both cores of the 2-core CI machine (jest's default leaves one idle there).
  maxWorkers: 2,
  // A worker whose heap grew past this after a suite is replaced (jest-worker compares heapUsed; its RSS is about
  // twice that): at 350MB the run peaked at ~1.07 GB PSS, at 250MB ~0.86 GB for ~1.5 s more CPU of module loading.
  workerIdleMemoryLimit: '250MB',
  testTimeout: 60000,
};
