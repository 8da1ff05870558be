import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Message } from '@tandem/protocol';
import { call, connectSocket, waitForConnect, withTimeout } from './helpers';
import type { ClientSocket } from './helpers';

/** The real server in a child process, to kill and restart, and what tests send through it. */

const SERVER_DIR = path.resolve(__dirname, '..');

export interface Child {
  process: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The real entry point in its own process, run from source with tsx (no build needed); the `@tandem/source`
 * condition resolves the protocol package to its TypeScript source as well.
 */
export function startChild(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
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

export async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket = connectSocket(url, token);
  await waitForConnect(socket);
  return socket;
}

/**
 * Keeps `window` sends in flight until `max` are sent or the server goes away; `onAck` sees the running count of
 * acked messages. Resolves with the acked messages (sends cut off by the server going away are left out).
 */
export async function sendStream(
  socket: ClientSocket,
  roomId: string,
  options: { window: number; max: number; onAck: (acked: number) => void; prefix?: string },
): Promise<{ acked: Message[]; attempted: number }> {
  const acked: Message[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < options.max) {
      const i = next++;
      try {
        const { message } = await call(socket, 'message:send', {
          roomId,
          clientId: `${options.prefix ?? 'burst'}-${i}`,
          text: `burst ${i}`,
        });
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
export async function readAll(socket: ClientSocket, roomId: string): Promise<Message[]> {
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

export function expectAllAckedAndGapless(stored: Message[], acked: Message[]): void {
  expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
  const byId = new Map(stored.map((message) => [message.id, message]));
  for (const message of acked) expect(byId.get(message.id)).toEqual(message);
  expect(new Set(stored.map((message) => message.clientId)).size).toBe(stored.length);
}
