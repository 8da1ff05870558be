/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.[jt]s$': ['@swc/jest'] },
  // jose ships ESM only; let @swc/jest turn it into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@|jose/))'],
  moduleNameMapper: { '^@tandem/protocol$': '<rootDir>/../packages/protocol/src/index.ts' },
};
