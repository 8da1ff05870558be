/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.[jt]s$': ['@swc/jest'] },
  // jose ships ESM only; let @swc/jest turn it into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@|jose/))'],
  // Integration tests drive real servers over real sockets; on a busy 2-core machine a long scenario can pass 5 s.
  // A hang still fails: every wait in the helpers has its own shorter timeout.
  testTimeout: 20_000,
  moduleNameMapper: { '^@tandem/protocol$': '<rootDir>/../packages/protocol/src/index.ts' },
};
