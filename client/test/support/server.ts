import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HEALTH_PATH } from '@tandem/protocol';

const SERVER_ENTRY = path.resolve(__dirname, '../../../server/dist/index.js');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the process (SIGTERM: a graceful shutdown) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the process (SIGKILL: no shutdown at all) and waits for it to exit. */
  kill(): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
  /** Freezes the process (SIGSTOP): sockets stay open but nothing is answered. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
}

/** A free TCP port on loopback (for a server that must come back on the same port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Limits far above what a test sends: many sign-ins, handshakes and bursts from one address are what these tests
 * do, and the limits themselves are the server's tests to check. Names from server/src/config.ts.
 */
export const GENEROUS_LIMITS: Record<string, string> = {
  RATE_MESSAGE_SEND: '100000/1s',
  RATE_REQUESTS: '100000/1s',
  RATE_ROOM_CREATE: '100000/1s',
  RATE_ROOM_INVITE: '100000/1s',
  RATE_SIGN_IN: '100000/1s',
  RATE_SIGN_IN_ACCOUNT: '100000/1s',
  MAX_SOCKETS_PER_USER: '1000',
  RATE_HANDSHAKE: '100000/1s',
  MAX_CONNECTIONS_PER_IP: '10000',
};

export interface StartServerOptions {
  port?: number;
  dataDir?: string;
  /** Served at `/` (the H5 build, for the browser suite); none by default. */
  webRoot?: string;
  /** More environment variables for the server (they win over the defaults here). */
  env?: Record<string, string>;
}

/**
 * Spawns the real server (`node ../server/dist/index.js`) with a fresh data dir, on port 0 unless given, and
 * resolves with the URL it logs once listening and answering its health check.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_ENTRY)) {
    throw new Error(
      `The server is not built (${SERVER_ENTRY} is missing). Run ` +
        '`pnpm --filter @tandem/protocol build && pnpm --filter @tandem/server build` first.',
    );
  }
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-client-test-'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      WEB_ROOT: options.webRoot ?? path.join(dataDir, 'no-web-root'),
      ...GENEROUS_LIMITS,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/i.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  await waitForHealth(url);
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    log: () => output,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => stopProcess(child, 'SIGTERM'),
    kill: () => stopProcess(child, 'SIGKILL'),
  };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url + HEALTH_PATH);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}${HEALTH_PATH} did not answer 200 within 10 s (${last})`);
}
