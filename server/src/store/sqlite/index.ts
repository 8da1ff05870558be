export { openSqliteStore } from './open';
export type { SqliteStoreOptions } from './open';
export { DatabaseError } from './thread';
export type { BatchObserver } from './thread';
