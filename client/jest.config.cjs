/**
 * Stores, services and platform wrappers run in plain jest: `@tarojs/taro` and `@tarojs/components` are
 * replaced by small local stand-ins (test/stubs), and the workspace packages by their TypeScript sources.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.[jt]sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/stubs/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/stubs/components.tsx',
    '^@tandem/protocol$': '<rootDir>/../packages/protocol/src/index.ts',
    '^@tandem/socket.io-client-mp$': '<rootDir>/../packages/socket.io-client-mp/src/index.ts',
    '^@tandem/fault-proxy$': '<rootDir>/../packages/fault-proxy/src/index.ts',
    '\\.css$': '<rootDir>/test/stubs/style.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  testTimeout: 30000,
};
