import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCluster } from './cluster';
import type { TestNode } from './cluster';
import { makeTempDir, withTimeout } from './helpers';

/** REDIS_URL at start-up, and readiness with Redis. */

const SERVER_DIR = path.resolve(__dirname, '..');

/** Runs the real entry point until it exits; its exit code and everything it printed. */
async function runServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const dataDir = makeTempDir();
  try {
    const child = spawn(process.execPath, ['--conditions=@tandem/source', '--import', 'tsx', 'src/index.ts'], {
      cwd: SERVER_DIR,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await withTimeout(
      new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode))),
      'the server did not exit',
      20_000,
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    return { code, output };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('REDIS_URL', () => {
  it('refuses to start when Redis cannot be reached, naming the server without its password', async () => {
    const { code, output } = await runServer({ REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1/0' });
    expect(code).toBe(1);
    expect(output).toContain('cannot reach Redis at redis://127.0.0.1:1/0');
    expect(output).toContain('ECONNREFUSED');
    expect(output).not.toContain('hunter2-secret');
    expect(output).not.toContain('Tandem listening');
  });

  it('refuses to start with a REDIS_URL that is not a Redis URL', async () => {
    const { code, output } = await runServer({ REDIS_URL: 'http://127.0.0.1:6379' });
    expect(code).toBe(1);
    expect(output).toContain('REDIS_URL: must be a URL such as redis://');
  });
});

describe('readiness with Redis', () => {
  it('answers /readyz 200 while Redis answers, and 503 naming redis once it does not', async () => {
    const cluster = await startCluster(1);
    try {
      const [node] = cluster.nodes as [TestNode];
      const ready = await fetch(`${node.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true });
      node.redis.disconnect();
      const notReady = await fetch(`${node.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ ok: false, failed: ['redis'] });
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    } finally {
      await cluster.close();
    }
  });
});
