/**
 * Deployment benchmark (issue 9): the built server as one node on SQLite, one node on PostgreSQL, and three nodes on
 * PostgreSQL + Redis with the load's clients spread over them, side by side in one run: acked throughput (10 senders,
 * 20 sends in flight) and fan-out (500 receivers, 100 messages/s). CPU is summed over every node. Writes
 * bench-output/deployments.{json,md} at the repository root.
 *
 * PostgreSQL (TEST_DATABASE_URL, default the local service's `test` database) gets a fresh database per deployment,
 * dropped afterwards; Redis (TEST_REDIS_URL, default the local service) a fresh key prefix, deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { deleteKeys } from '../src/cluster';
import { measureFanout } from './fanout';
import type { FanoutResult } from './fanout';
import { settings } from './scenarios';
import { BUILT_ENTRY, forkTandem, removeDataDirs } from './servers';
import type { LoadTarget, TandemNode } from './servers';
import { median, round } from './stats';
import { measureThroughput } from './throughput';
import type { ThroughputResult } from './throughput';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'bench-output');

interface Deployment {
  name: string;
  nodes: number;
  postgres: boolean;
  redis: boolean;
}

const DEPLOYMENTS: Deployment[] = [
  { name: '1 node, SQLite', nodes: 1, postgres: false, redis: false },
  { name: '1 node, PostgreSQL', nodes: 1, postgres: true, redis: false },
  { name: '3 nodes, PostgreSQL + Redis', nodes: 3, postgres: true, redis: true },
];

interface Results {
  throughput: ThroughputResult;
  fanout: FanoutResult;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function removeKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Starts the deployment's nodes (one at a time: the first migrates), runs `body`, then removes everything. */
async function withDeployment<T>(deployment: Deployment, body: (target: LoadTarget) => Promise<T>): Promise<T> {
  const id = randomBytes(6).toString('hex');
  const database = `tandem_bench_${id}`;
  const prefix = `tandem-bench-${id}:`;
  const env: Record<string, string> = { TOKEN_SECRET: randomBytes(32).toString('hex') };
  if (deployment.postgres) {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
  }
  if (deployment.redis) Object.assign(env, { REDIS_URL, REDIS_KEY_PREFIX: prefix });
  const nodes: TandemNode[] = [];
  try {
    for (let i = 0; i < deployment.nodes; i++) nodes.push(await forkTandem(env));
    const target: LoadTarget = {
      url: nodes[0]?.url ?? '',
      urls: nodes.map((node) => node.url),
      async usage(options) {
        const usages = await Promise.all(nodes.map((node) => node.usage(options)));
        return usages.reduce((sum, usage) => ({
          cpuMicros: sum.cpuMicros + usage.cpuMicros,
          rss: sum.rss + usage.rss,
        }));
      },
    };
    return await body(target);
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
    removeDataDirs();
    if (deployment.redis) await removeKeys(prefix);
    if (deployment.postgres) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

const timing = () => ({ warmupMs: settings.warmupMs, measureMs: settings.measureMs });

async function measure(target: LoadTarget): Promise<Results> {
  return {
    throughput: await measureThroughput(target, { senders: 10, inFlight: 20, ...timing() }),
    fanout: await measureFanout(target, {
      receivers: 500,
      messagesPerSecond: 100,
      socketsPerUser: settings.socketsPerUser,
      ...timing(),
    }),
  };
}

const METRICS: { label: string; digits: number; figure: (results: Results) => number }[] = [
  { label: 'Acked messages/s (10 x 20 in flight)', digits: 0, figure: (r) => r.throughput.ackedPerSecond },
  { label: 'Ack latency p50 (ms)', digits: 1, figure: (r) => r.throughput.ackP50Ms },
  { label: 'Ack latency p99 (ms)', digits: 1, figure: (r) => r.throughput.ackP99Ms },
  { label: 'CPU per acked message, all nodes (µs)', digits: 0, figure: (r) => r.throughput.cpuMicrosPerMessage },
  { label: 'Failed sends', digits: 0, figure: (r) => r.throughput.failed },
  { label: 'Fan-out 500 x 100/s: latency p50 (ms)', digits: 1, figure: (r) => r.fanout.p50Ms },
  { label: 'Fan-out 500 x 100/s: latency p99 (ms)', digits: 1, figure: (r) => r.fanout.p99Ms },
  { label: 'Fan-out: CPU per delivery, all nodes (µs)', digits: 2, figure: (r) => r.fanout.cpuMicrosPerDelivery },
  { label: 'Fan-out: lost deliveries', digits: 0, figure: (r) => r.fanout.lost },
];

async function main(): Promise<void> {
  if (!fs.existsSync(BUILT_ENTRY)) throw new Error('server/dist/index.js is missing: run `pnpm build` first');
  const startedAt = Date.now();
  const rounds = new Map<string, Results[]>(DEPLOYMENTS.map((deployment) => [deployment.name, []]));
  for (let index = 0; index < settings.rounds; index++) {
    for (const deployment of DEPLOYMENTS) {
      const results = await withDeployment(deployment, measure);
      rounds.get(deployment.name)?.push(results);
      console.log(
        `${deployment.name}, round ${index + 1}: ${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' ? round(v, 2) : v))}`,
      );
    }
  }
  const header = ['Metric', ...DEPLOYMENTS.map((deployment) => deployment.name)];
  const table = METRICS.map(({ label, digits, figure }) => [
    label,
    ...DEPLOYMENTS.map((deployment) =>
      round(median((rounds.get(deployment.name) ?? []).map(figure)), digits).toLocaleString('en-US'),
    ),
  ]);
  const title =
    `Deployment benchmark, median of ${settings.rounds} round(s), ${settings.measureMs / 1000} s measured after ` +
    `${settings.warmupMs / 1000} s warm-up; ${os.cpus().length} CPUs, Node ${process.version}, every node, ` +
    `PostgreSQL, Redis and the load generator on the same machine; ${new Date().toISOString()}.`;
  const widths = header.map((_, column) => Math.max(...[header, ...table].map((line) => (line[column] ?? '').length)));
  const text = [header, ...table].map((line) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  console.log(`\n${title}\n\n${text.join('\n')}\n`);
  const markdown = [header, header.map(() => '---'), ...table].map((line) => `| ${line.join(' | ')} |`).join('\n');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT_DIR, 'deployments.md'), `${title}\n\n${markdown}\n`);
  const json = {
    settings,
    durationSeconds: round((Date.now() - startedAt) / 1000),
    deployments: Object.fromEntries(rounds),
  };
  fs.writeFileSync(path.join(OUTPUT_DIR, 'deployments.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log('written to bench-output/deployments.md and bench-output/deployments.json');
}

/** A run that hangs must still end (and kill its servers, see servers.ts). */
setTimeout(
  () => {
    console.error('the deployment benchmark did not finish within 10 minutes');
    process.exit(1);
  },
  10 * 60 * 1000,
).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
