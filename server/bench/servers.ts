/**
 * Starts the two servers under test as child processes on 127.0.0.1, each with probe.cjs preloaded so the
 * benchmark can read its CPU time and memory (after a forced GC) over IPC, and stops them.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type ServerName = 'bare' | 'tandem';

export interface Usage {
  /** User + system CPU time of the whole process (every thread), microseconds. */
  cpuMicros: number;
  /** Resident set size, bytes. */
  rss: number;
}

/** What a scenario drives: one or several processes serving the same contract. */
export interface LoadTarget {
  /** The first node's address: where a scenario's own sender and one-off requests go. */
  url: string;
  /** Every node's address; a scenario spreads its clients over them in turn. */
  urls: string[];
  /** CPU and memory of every process of the target, summed. */
  usage(options?: { gc?: boolean }): Promise<Usage>;
}

export interface RunningServer extends LoadTarget {
  name: ServerName;
  pid: number;
  stop(): Promise<void>;
}

/** One process of the built server. */
export interface TandemNode {
  url: string;
  pid: number;
  usage(options?: { gc?: boolean }): Promise<Usage>;
  stop(): Promise<void>;
}

const SERVER_ROOT = path.resolve(__dirname, '..');
export const BUILT_ENTRY = path.join(SERVER_ROOT, 'dist', 'index.js');
const PROBE = path.join(__dirname, 'probe.cjs');
const BARE_ENTRY = path.join(__dirname, 'bare-server.ts');
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const USAGE_TIMEOUT_MS = 10_000;

/** Limits far above what the benchmark does: it measures the work, not the throttles. */
const UNTHROTTLED = '1000000000/1s';
const TANDEM_ENV = {
  LOG_LEVEL: 'warn',
  MAX_CONNECTIONS_PER_IP: '1000000',
  MAX_ROOM_MEMBERS: '1000000',
  MAX_ROOMS_PER_USER: '1000000',
  MAX_SOCKETS_PER_USER: '1000000',
  RATE_MESSAGE_SEND: UNTHROTTLED,
  RATE_ROOM_CREATE: UNTHROTTLED,
  RATE_ROOM_INVITE: UNTHROTTLED,
  RATE_TYPING: UNTHROTTLED,
  RATE_REQUESTS: UNTHROTTLED,
  RATE_SIGN_IN: UNTHROTTLED,
  RATE_SIGN_IN_ACCOUNT: UNTHROTTLED,
  RATE_HANDSHAKE: UNTHROTTLED,
};

/** A port that was free a moment ago (the built server prints its port only at the info log level). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server at ${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server at ${url} did not answer /healthz within ${START_TIMEOUT_MS} ms`);
}

function usageReader(child: ChildProcess) {
  let nextId = 0;
  return (options: { gc?: boolean } = {}) =>
    new Promise<Usage>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => reject(new Error('the server did not report its usage')), USAGE_TIMEOUT_MS);
      const onMessage = (message: { type?: string; id?: number } & Usage) => {
        if (message.type !== 'usage' || message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve({ cpuMicros: message.cpuMicros, rss: message.rss });
      };
      child.on('message', onMessage);
      child.send({ type: 'usage', id, gc: options.gc ?? false });
    });
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Every child started, so that an exit of the benchmark for any reason can kill what is left and delete its data. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  removeDataDirs();
});

/** BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (see where the time goes). */
const CPU_PROFILE = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const NODE_FLAGS = ['--expose-gc', '--require', PROBE, ...CPU_PROFILE];

async function forkAndWait(entry: string, execArgv: string[], env: NodeJS.ProcessEnv): Promise<TandemNode> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const child = fork(entry, [], {
    cwd: SERVER_ROOT,
    execArgv,
    env: { ...process.env, ...env, PORT: String(port), HOST },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await waitHealthy(url, child);
  if (child.pid === undefined) throw new Error(`the server at ${url} has no pid`);
  return { url, pid: child.pid, usage: usageReader(child), stop: stopper(child) };
}

/** A process of the built server, unthrottled, with its own data directory; `env` adds to or overrides that. */
export function forkTandem(env: Record<string, string> = {}): Promise<TandemNode> {
  return forkAndWait(BUILT_ENTRY, NODE_FLAGS, { ...TANDEM_ENV, DATA_DIR: tempDataDir(), ...env });
}

export async function startServer(name: ServerName): Promise<RunningServer> {
  const node =
    name === 'tandem'
      ? await forkTandem()
      : await forkAndWait(BARE_ENTRY, [...NODE_FLAGS, '--conditions=@tandem/source', '--import', 'tsx'], {});
  return { name, urls: [node.url], ...node };
}

let dataDirs: string[] = [];

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  dataDirs.push(dir);
  return dir;
}

/** Deletes the data directories of the built server (after it has stopped). */
export function removeDataDirs(): void {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  dataDirs = [];
}
