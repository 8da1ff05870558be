export { describeDatabaseUrl, openPostgresStore } from './open';
export type { PostgresStoreOptions } from './open';
export type { PoolOptions } from './pool';
export { AppendError } from './group-commit';
export type { BatchObserver } from './group-commit';
