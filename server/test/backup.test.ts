import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Message } from '@tandem/protocol';
import { call, makeTempDir, signIn } from './helpers';
import type { ClientSocket } from './helpers';
import { connect, expectAllAckedAndGapless, readAll, startChild } from './child-server';
import type { Child } from './child-server';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';

jest.setTimeout(60_000);

const SERVER_DIR = path.resolve(__dirname, '..');
/** Sends in flight at once during the burst. */
const WINDOW = 16;
/** Messages acked before the backup starts. */
const BEFORE_BACKUP = 300;

let dirs: string[] = [];
let children: Child[] = [];
let sockets: ClientSocket[] = [];
let databases: TestDatabase[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const child of children) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  await Promise.all(databases.map((database) => database.drop()));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  [dirs, children, sockets, databases] = [[], [], [], []];
});

function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, databaseUrl?: string): Promise<Child> {
  const child = await startChild(dataDir, databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl });
  children.push(child);
  return child;
}

/** Runs a command to its end; resolves with its exit code and everything it printed. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/** `pnpm backup --out <out>` from source, with the server's configuration. */
function runBackup(dataDir: string, out: string, databaseUrl?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.TOKEN_SECRET;
  delete env.DATABASE_URL;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  const args = ['--conditions=@tandem/source', '--import', 'tsx', 'src/backup/main.ts', '--out', out];
  return run(process.execPath, args, env);
}

/**
 * Ann sends with WINDOW messages in flight; once BEFORE_BACKUP are acked the backup starts, and the burst goes on
 * until it ends. Resolves with the session, the room, what was acked before the backup and overall, and how many
 * acks arrived while the backup ran.
 */
async function backupDuringBurst(child: Child, dataDir: string, out: string, databaseUrl?: string) {
  const session = await signIn(child.url, 'Ann');
  const ann = await connect(child.url, session.token);
  sockets.push(ann);
  const { room } = await call(ann, 'room:create', { name: 'backed up' });
  const acked: Message[] = [];
  let ackedBefore: Message[] = [];
  let ackedDuring = 0;
  let backup: ReturnType<typeof runBackup> | undefined;
  let backupDone = false;
  let next = 0;
  const sender = async () => {
    while (!backupDone) {
      const i = next++;
      const { message } = await call(ann, 'message:send', { roomId: room.id, clientId: `b${i}`, text: `burst ${i}` });
      acked.push(message);
      if (backup !== undefined) ackedDuring += 1;
      else if (acked.length >= BEFORE_BACKUP) {
        ackedBefore = [...acked];
        backup = runBackup(dataDir, out, databaseUrl).finally(() => (backupDone = true));
      }
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, sender));
  const result = await (backup as ReturnType<typeof runBackup>);
  expect(result).toMatchObject({ code: 0 });
  return { token: session.token, roomId: room.id, acked, ackedBefore, ackedDuring };
}

/** A server on the restored data: every message acked before the backup, gapless, nothing that was never acked. */
async function expectRestored(child: Child, burst: Awaited<ReturnType<typeof backupDuringBurst>>) {
  // The token works: the secret came back with the backup.
  const ann = await connect(child.url, burst.token);
  sockets.push(ann);
  const stored = await readAll(ann, burst.roomId);
  expect(stored.length).toBeGreaterThanOrEqual(burst.ackedBefore.length);
  expectAllAckedAndGapless(stored, burst.ackedBefore);
  const ackedIds = new Set(burst.acked.map((message) => message.id));
  expect(stored.filter((message) => !ackedIds.has(message.id))).toEqual([]);
}

describe('pnpm backup', () => {
  it('copies SQLite during a send burst without stalling it, and the copy restores every acked message', async () => {
    const dataDir = tempDir();
    const out = path.join(tempDir(), 'tandem.db');
    const burst = await backupDuringBurst(await start(dataDir), dataDir, out);
    // The server went on acking while the backup ran.
    expect(burst.ackedDuring).toBeGreaterThan(0);
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);

    // The documented restore: the copy becomes tandem.db and the secret secret.key of a new data directory.
    const restoredDir = tempDir();
    fs.copyFileSync(out, path.join(restoredDir, 'tandem.db'));
    fs.copyFileSync(`${out}.secret.key`, path.join(restoredDir, 'secret.key'));
    await expectRestored(await start(restoredDir), burst);
  });

  it('dumps PostgreSQL with pg_dump during a send burst, and pg_restore into a fresh database restores it', async () => {
    const [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    databases.push(source, target);
    const dataDir = tempDir();
    const out = path.join(tempDir(), 'tandem.dump');
    const burst = await backupDuringBurst(await start(dataDir, source.url), dataDir, out, source.url);
    expect(burst.ackedDuring).toBeGreaterThan(0);

    const restore = await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, out], {
      ...process.env,
    });
    expect(restore).toMatchObject({ code: 0 });
    const restoredDir = tempDir();
    fs.copyFileSync(`${out}.secret.key`, path.join(restoredDir, 'secret.key'));
    await expectRestored(await start(restoredDir, target.url), burst);
  });

  it('names pg_dump when it is not on the PATH, and leaves no file behind', async () => {
    const dataDir = tempDir();
    const out = path.join(dataDir, 'tandem.dump');
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: 'postgres://127.0.0.1/x' };
    env.PATH = tempDir();
    delete env.TOKEN_SECRET;
    const args = ['--conditions=@tandem/source', '--import', 'tsx', 'src/backup/main.ts', '--out', out];
    const result = await run(process.execPath, args, env);
    expect(result.code).toBe(1);
    expect(result.output).toContain('pg_dump was not found on the PATH');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses to overwrite an existing file', async () => {
    const dataDir = tempDir();
    const out = path.join(dataDir, 'taken.db');
    fs.writeFileSync(out, 'keep me');
    const result = await runBackup(dataDir, out);
    expect(result.code).toBe(1);
    expect(result.output).toContain('already exists');
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
  });
});
