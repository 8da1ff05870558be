import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openPostgresStore } from '../src/store/postgres';
import { openSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/types';
import { makeTempDir } from './helpers';
import { createTestDatabase } from './postgres';

jest.setTimeout(60_000);

const SERVER_DIR = path.resolve(__dirname, '..');

/** `pnpm reports` from source with the server's configuration; resolves with its exit code and output. */
function runReports(env: NodeJS.ProcessEnv, ...args: string[]) {
  const command = ['--conditions=@tandem/source', '--import', 'tsx', 'src/reports/main.ts', ...args];
  const child = spawn(process.execPath, command, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** A reported message in a fresh store: Bob reports Ann's message. */
async function seed(store: Store) {
  const ann = await store.createUser('Ann', 1000);
  const bob = await store.createUser('Bob', 1000);
  const room = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
  const sender = { id: ann.id, nickname: ann.nickname };
  const { message } = await store.appendMessage({ roomId: room.id, sender, clientId: 'c', text: 'rude', createdAt: 2 });
  const report = { roomId: room.id, messageId: message.id, reporterId: bob.id, reason: 'spam', createdAt: 3000 };
  await store.reportMessage({ id: 'report-1', ...report });
  return { room, message, ann, bob };
}

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

describe('pnpm reports', () => {
  it('lists the reports of the SQLite database in DATA_DIR, as lines and as JSON', async () => {
    const dataDir = makeTempDir();
    try {
      const store = await openSqliteStore(path.join(dataDir, 'tandem.db'));
      const { room, message, ann, bob } = await seed(store);
      await store.close();
      const plain = await runReports(baseEnv(dataDir));
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain(`room=${room.id}\tseq=1\tmessage=${message.id}\tsender=${ann.id}`);
      expect(plain.stdout).toContain(`reporter=${bob.id}\treason="spam"\ttext="rude"`);
      expect(plain.stderr).toContain('1 report(s)');
      const json = await runReports(baseEnv(dataDir), '--json');
      expect(
        json.stdout
          .trim()
          .split('\n')
          .map((row) => JSON.parse(row) as unknown),
      ).toEqual([expect.objectContaining({ id: 'report-1', text: 'rude', reason: 'spam', reporterId: bob.id })]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('lists the reports of the PostgreSQL database at DATABASE_URL', async () => {
    const database = await createTestDatabase();
    const dataDir = makeTempDir();
    try {
      const store = await openPostgresStore(database.url);
      const { message } = await seed(store);
      await store.close();
      const result = await runReports({ ...baseEnv(dataDir), DATABASE_URL: database.url }, '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ messageId: message.id, text: 'rude' });
    } finally {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails with a reason when DATA_DIR has no database', async () => {
    const dataDir = makeTempDir();
    try {
      const result = await runReports(baseEnv(dataDir));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no database at');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
