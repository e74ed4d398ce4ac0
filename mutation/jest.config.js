/**
 * The project's jest configuration for the mutation run: in band, because Stryker's test environment reports
 * coverage to its runner through module state that jest's worker processes would not share
 * (https://stryker-mutator.io/docs/stryker-js/jest-runner#coverage-analysis).
 */
const { maxWorkers, workerIdleMemoryLimit, ...base } = require('../jest.config.js');

module.exports = { ...base, rootDir: '..' };
