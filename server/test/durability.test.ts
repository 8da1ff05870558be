import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Message } from '@tandem/protocol';
import { openSqliteStore } from '../src/store/sqlite';
import { call, connectSocket, makeTempDir, signIn, waitForConnect, withTimeout } from './helpers';
import type { ClientSocket } from './helpers';

jest.setTimeout(30_000);

const SERVER_DIR = path.resolve(__dirname, '..');

interface Child {
  process: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The real entry point in its own process, run from source with tsx (no build needed); the `@tandem/source`
 * condition resolves the protocol package to its TypeScript source as well.
 */
function startChild(dataDir: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.TOKEN_SECRET;
  // The send bursts are far over the default per-user rate: a load test raises the limit, as an operator would.
  env.RATE_MESSAGE_SEND = '1000000/1s';
  env.WEB_ROOT = path.join(dataDir, 'no-web-app');
  const child = spawn(process.execPath, ['--conditions=@tandem/source', '--import', 'tsx', 'src/index.ts'], {
    cwd: SERVER_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.url && entry.msg?.startsWith('Tandem listening')) resolve(entry.url);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => logs.push(chunk));
    void exited.then(() => reject(new Error(`server exited early:\n${logs.join('\n')}`)));
  });
  return withTimeout(listening, 'server did not start', 20_000).then((url) => ({ process: child, url, logs, exited }));
}

async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket = connectSocket(url, token);
  await waitForConnect(socket);
  return socket;
}

/**
 * Keeps `window` sends in flight until `max` are sent or the server goes away; `onAck` sees the running count of
 * acked messages. Resolves with the acked messages (sends cut off by the server going away are left out).
 */
async function sendStream(
  socket: ClientSocket,
  roomId: string,
  options: { window: number; max: number; onAck: (acked: number) => void },
): Promise<{ acked: Message[]; attempted: number }> {
  const acked: Message[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < options.max) {
      const i = next++;
      try {
        const { message } = await call(socket, 'message:send', { roomId, clientId: `burst-${i}`, text: `burst ${i}` });
        acked.push(message);
        options.onAck(acked.length);
      } catch {
        stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: options.window }, worker));
  return { acked, attempted: next };
}

/** Every message of the room, through room:join catch-up and message:history paging. */
async function readAll(socket: ClientSocket, roomId: string): Promise<Message[]> {
  const first = await call(socket, 'room:join', { roomId, afterSeq: 0 });
  const messages = [...first.messages];
  let hasMore = first.hasMore;
  while (hasMore) {
    const afterSeq = messages[messages.length - 1]?.seq ?? 0;
    const page = await call(socket, 'message:history', { roomId, afterSeq, limit: 100 });
    messages.push(...page.messages);
    hasMore = page.hasMore;
  }
  return messages;
}

function expectAllAckedAndGapless(stored: Message[], acked: Message[]): void {
  expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
  const byId = new Map(stored.map((message) => [message.id, message]));
  for (const message of acked) expect(byId.get(message.id)).toEqual(message);
  expect(new Set(stored.map((message) => message.clientId)).size).toBe(stored.length);
}

let dataDir: string;
let children: Child[] = [];
let sockets: ClientSocket[] = [];
beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(() => {
  for (const socket of sockets) socket.disconnect();
  for (const child of children) child.process.kill('SIGKILL');
  sockets = [];
  children = [];
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Child> {
  const child = await startChild(dataDir);
  children.push(child);
  return child;
}

describe('durability', () => {
  it('loses no acknowledged message when the server is killed with SIGKILL during a send burst', async () => {
    const first = await start();
    const session = await signIn(first.url, 'Ann');
    const ann = await connect(first.url, session.token);
    sockets.push(ann);
    const { room } = await call(ann, 'room:create', { name: 'durable' });

    const { acked, attempted } = await sendStream(ann, room.id, {
      window: 32,
      max: 20_000,
      onAck: (count) => count === 300 && first.process.kill('SIGKILL'),
    });
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acked.length).toBeGreaterThanOrEqual(300);
    // Sends were still in flight when the process died.
    expect(attempted).toBeGreaterThan(acked.length);

    const second = await start();
    // The token still works: the generated secret was kept in DATA_DIR.
    const annAgain = await connect(second.url, session.token);
    sockets.push(annAgain);
    const stored = await readAll(annAgain, room.id);
    expectAllAckedAndGapless(stored, acked);
    const { message } = await call(annAgain, 'message:send', { roomId: room.id, clientId: 'after', text: 'next' });
    expect(message.seq).toBe(stored.length + 1);
  });

  it('shuts down gracefully on SIGTERM mid-burst: exit code 0, acked messages kept, database closed', async () => {
    const child = await start();
    const session = await signIn(child.url, 'Ann');
    const ann = await connect(child.url, session.token);
    sockets.push(ann);
    const disconnected = new Promise((resolve) => ann.once('disconnect', resolve));
    const { room } = await call(ann, 'room:create', { name: 'graceful' });

    const { acked } = await sendStream(ann, room.id, {
      window: 32,
      max: 20_000,
      onAck: (count) => count === 100 && child.process.kill('SIGTERM'),
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    await disconnected;
    expect(child.logs.some((line) => line.includes('shutdown complete'))).toBe(true);
    // SQLite checkpoints and removes the WAL when the last connection closes cleanly.
    expect(fs.existsSync(path.join(dataDir, 'tandem.db-wal'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const store = openSqliteStore(path.join(dataDir, 'tandem.db'));
    try {
      const { messages } = await store.listMessages(room.id, { afterSeq: 0, limit: 1000 });
      expectAllAckedAndGapless(messages, acked);
    } finally {
      await store.close();
    }
  });
});
