import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SECRET_FILE } from '../auth';
import { commandDirectory, loadConfig } from '../config';
import type { Config } from '../config';
import { describeDatabaseUrl } from '../store/postgres';
import { backupPostgres } from './postgres';
import { backupSqlite } from './sqlite';

/**
 * `pnpm backup [--out FILE]`: a consistent copy of the running server's database, taken without stopping or
 * stalling it, with the same configuration as the server (DATA_DIR, DATABASE_URL). SQLite: an online backup of
 * DATA_DIR/tandem.db to `DATA_DIR/backups/tandem-<time>.db`; PostgreSQL: `pg_dump -Fc` to
 * `DATA_DIR/backups/tandem-<time>.dump`. The token secret kept in DATA_DIR/secret.key goes alongside as
 * `<out>.secret.key`: without it, a restored server refuses every token issued before. The README's Operations
 * section has the restore steps.
 */

const USAGE = 'usage: pnpm backup [--out FILE]   (FILE relative to where the command is typed)';

/** `2026-12-01T16-05-09Z`: sortable, and valid in a file name everywhere. */
const timestamp = (date: Date) =>
  date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');

function outputFile(config: Config, out: string | undefined): string {
  if (out !== undefined) return path.resolve(commandDirectory(), out);
  const extension = config.databaseUrl === undefined ? 'db' : 'dump';
  return path.join(config.dataDir, 'backups', `tandem-${timestamp(new Date())}.${extension}`);
}

/** Creates `file` empty and private (mode 0600) before anything is written into it; refuses to overwrite one. */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new Error(`${file} already exists; not overwritten`, { cause: error });
  }
}

/** Copies the generated token secret next to the backup; says where it went, or why there is none. */
function copySecret(config: Config, out: string): string {
  if (config.tokenSecret !== undefined) return 'tokens are signed with TOKEN_SECRET: keep it with the backup';
  const secret = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(secret)) return `no ${SECRET_FILE} in ${config.dataDir}: the server has not started there yet`;
  const copy = `${out}.${SECRET_FILE}`;
  fs.copyFileSync(secret, copy, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(copy, 0o600);
  return `token secret copied to ${copy}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    // `pnpm backup -- --out x` passes the `--` on.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const out = outputFile(config, values.out);
  createPrivateFile(out);
  try {
    if (config.databaseUrl === undefined) {
      const database = path.join(config.dataDir, 'tandem.db');
      if (!fs.existsSync(database)) throw new Error(`no database at ${database}: is DATA_DIR right?`);
      const pages = await backupSqlite(database, out);
      console.log(`SQLite backup of ${database} written to ${out} (${pages} pages, integrity ok)`);
    } else {
      await backupPostgres(config.databaseUrl, out);
      console.log(`pg_dump of ${describeDatabaseUrl(config.databaseUrl)} written to ${out} (custom format)`);
    }
  } catch (error) {
    fs.rmSync(out, { force: true });
    throw error;
  }
  console.log(copySecret(config, out));
}

main().catch((error: unknown) => {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
