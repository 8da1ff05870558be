/**
 * End-to-end suites: the built H5 app in Chromium and the built weapp in a simulated WeChat runtime,
 * both against the real server. Run after `pnpm build` (see e2e/README.md).
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 120_000,
  maxWorkers: 1,
};
