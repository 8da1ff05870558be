/**
 * The server's integration tests again, every server on its own PostgreSQL database (`TEST_STORE=postgres`, see
 * test/test-store.ts). Left out: tests that start no server through startServer (the store contract and the
 * PostgreSQL tests already cover both backends in the first run, and the pure units do not touch a store), the
 * SQLite-specific ones (database threads, a write lock held by another process, durability and group commit of a
 * SQLite child process), and the multi-node ones (`cluster-*`: always PostgreSQL and Redis, so they run once, in the
 * first run). Tests that write figures write them to `<name>-postgres.json` in this run.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config.cjs'),
  testPathIgnorePatterns: [
    '/node_modules/',
    // No server, or both backends already:
    '/test/(store\\.contract|postgres-[a-z]+|cluster-[a-z]+|config|client-ip|device-label|tasks|backup)\\.test\\.ts$',
    // SQLite only:
    '/test/(sqlite-store|database-lock|durability|group-commit)\\.test\\.ts$',
  ],
};
