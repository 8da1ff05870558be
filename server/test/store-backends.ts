import fs from 'node:fs';
import path from 'node:path';
import { openPostgresStore } from '../src/store/postgres';
import { openSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/types';
import { makeTempDir } from './helpers';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';

/** A backend under test: `open` reopens the same database each time it is called on one location. */
export interface Backend<L> {
  name: string;
  location(): Promise<L>;
  open(location: L): Promise<Store>;
  dispose(location: L): Promise<void>;
}

export const sqlite: Backend<string> = {
  name: 'sqlite',
  location: () => Promise.resolve(makeTempDir()),
  open: (dir) => openSqliteStore(path.join(dir, 'tandem.db')),
  dispose: (dir) => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
};
/** Each test on its own database, dropped after it. */
export const postgres: Backend<TestDatabase> = {
  name: 'postgres',
  location: createTestDatabase,
  open: (database) => openPostgresStore(database.url),
  dispose: (database) => database.drop(),
};
/** Every backend: the store contract suites run `describe.each(backends)`. */
export const backends = [sqlite, postgres] as Backend<unknown>[];
