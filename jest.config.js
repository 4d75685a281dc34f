/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  clearMocks: true,
  testTimeout: 30000,
  maxWorkers: 2,
  // agenda 6.2.6 leaves one lock-check timer per job run (half the lock lifetime) that stop()
  // does not clear; the suites close everything else, so jest need not wait for those timers.
  forceExit: true,
};
