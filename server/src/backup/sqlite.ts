import Database from 'better-sqlite3';

/** More pages than any database has: the backup copies everything in one step (see backupSqlite). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the SQLite database at `file` to `out` (an existing empty file) through SQLite's online backup API, from
 * a connection of this process: the server keeps writing meanwhile. In WAL mode a reader never blocks the writer,
 * and the copy is of one snapshot. It runs in one step because SQLite restarts a step-wise backup whenever another
 * connection writes between two steps, which a busy server would do forever. Then checks that the copy opens and
 * passes `PRAGMA integrity_check`. Resolves with the number of pages copied.
 */
export async function backupSqlite(file: string, out: string): Promise<number> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    // A checkpoint of the server may hold a lock for a moment; wait for it rather than fail.
    source.pragma('busy_timeout = 5000');
    ({ totalPages: pages } = await source.backup(out, { progress: () => ALL_PAGES }));
  } finally {
    source.close();
  }
  const copy = new Database(out, { fileMustExist: true });
  try {
    const verdict = copy.pragma('integrity_check', { simple: true });
    if (verdict !== 'ok') throw new Error(`the copy at ${out} fails its integrity check: ${String(verdict)}`);
  } finally {
    copy.close();
  }
  return pages;
}
