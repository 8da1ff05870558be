import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HEALTH_PATH } from '@tandem/protocol';
import { REPO_ROOT, requireFile } from './paths';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const SERVER_ENTRY = path.join(REPO_ROOT, 'server', 'dist', 'index.js');

/**
 * Rate limits far above what these suites do from one address (every user signs in and connects from
 * 127.0.0.1); the limits themselves are the server's tests to check. Names from server/src/config.ts.
 */
const GENEROUS_LIMITS = {
  RATE_SIGN_IN: '100000/1s',
  RATE_HANDSHAKE: '100000/1s',
  RATE_REQUESTS: '100000/1s',
  RATE_ROOM_CREATE: '100000/1s',
  RATE_ROOM_INVITE: '100000/1s',
  MAX_CONNECTIONS_PER_IP: '10000',
};

/**
 * Starts the built server (`node server/dist/index.js`) on a free port with a fresh data directory, and waits
 * until it logs its URL and answers the health check. `webRoot` is served at `/` (the H5 build); `env` adds to
 * (and wins over) the server's environment.
 */
export async function startServer(
  options: { webRoot?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  requireFile(
    SERVER_ENTRY,
    'the built server',
    'pnpm --filter @tandem/protocol build && pnpm --filter @tandem/server build',
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: path.join(REPO_ROOT, 'server'),
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...GENEROUS_LIMITS,
      ...(options.webRoot ? { WEB_ROOT: options.webRoot } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = () => stopChild(child, dataDir);
  try {
    const url = await waitForUrl(child, () => output);
    await waitForHealth(url);
    return { url, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before listening`);
    const match = /listening on (https?:\/\/[^\s"]+)/i.exec(output()) ?? /"url":"(https?:\/\/[^"]+)"/.exec(output());
    if (match) return match[1]!.replace('0.0.0.0', '127.0.0.1').replace(/\/$/, '');
    await delay(50);
  }
  throw new Error('the server did not log "listening on <url>" within 20 s');
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
    await delay(100);
  }
  throw new Error(`${url}${HEALTH_PATH} did not answer 200 within 10 s (${last})`);
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
