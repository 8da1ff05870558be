import { spawn } from 'node:child_process';

/** What `pg_dump` needs besides the URL: the password, kept out of its command line (which `ps` shows). */
function splitPassword(url: string): { connection: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  parsed.password = '';
  return { connection: parsed.toString(), password };
}

/**
 * Dumps the PostgreSQL database at `url` to `out` with `pg_dump` in its custom format (compressed, restored with
 * `pg_restore`, tables selectable). pg_dump reads one snapshot, so the dump is consistent while the server writes.
 * `pg_dump` must be on the PATH, of the server's major version or newer; a missing one is named in the error.
 */
export function backupPostgres(url: string, out: string): Promise<void> {
  const { connection, password } = splitPassword(url);
  const args = ['--format=custom', '--no-owner', `--file=${out}`, `--dbname=${connection}`];
  // The child inherits the environment as spawn does by default, plus the password.
  const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') return reject(error);
      reject(
        new Error(
          'pg_dump was not found on the PATH: install the PostgreSQL client tools of the server major version or ' +
            'newer (Debian: apt-get install postgresql-client)',
        ),
      );
    });
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pg_dump failed (exit code ${code}): ${errors.trim()}`));
    });
  });
}
