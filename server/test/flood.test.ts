import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Message } from '@tandem/protocol';
import { loadConfig } from '../src/config';
import { errorCode, request, roomWith, startServer, withTimeout } from './helpers';
import type { ClientSocket, TestServer } from './helpers';
import { figuresFile } from './test-store';

jest.setTimeout(60_000);

const NORMAL_CLIENTS = 20;
/** A normal client sends one message every this often: 8 per second, at most 17 in 2 s (its limit is 20). */
const NORMAL_INTERVAL_MS = 125;
/** Load before the baseline, not measured: JIT compilation and first allocations would inflate the baseline. */
const WARMUP_MS = 1000;
/** The baseline, then the flood, back to back under the same normal load. */
const PHASE_MS = 5000;
const FLOOD_RATE = 1000;
const OUTPUT = figuresFile('flood');

interface FloodResult {
  clientId: string;
  sentAt: number;
  ackAt: number;
  code: string;
  retryAfterMs?: number;
  messageId?: string;
}

interface Send {
  startedAt: number;
  latencyMs: number;
  code: string;
  message: Message | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const round = (value: number) => Math.round(value * 100) / 100;

/** Every client sends every NORMAL_INTERVAL_MS (staggered) until `endAt`; resolves with every send. */
async function chat(clients: ClientSocket[], roomId: string, endAt: number): Promise<Send[]> {
  const sends: Send[] = [];
  await Promise.all(
    clients.map(async (client, c) => {
      await sleep((c * NORMAL_INTERVAL_MS) / clients.length);
      for (let i = 0; performance.now() < endAt; i++) {
        const startedAt = performance.now();
        const ack = await request(client, 'message:send', { roomId, clientId: `normal-${c}-${i}`, text: 'hello' });
        const message = ack.ok ? ack.data.message : undefined;
        sends.push({ startedAt, latencyMs: performance.now() - startedAt, code: errorCode(ack), message });
        await sleep(Math.max(0, NORMAL_INTERVAL_MS - (performance.now() - startedAt)));
      }
    }),
  );
  return sends;
}

/** Percent of one core used between two instants by this process: the server and the normal clients. */
async function cpuPercentBetween(from: number, to: number): Promise<number> {
  await sleepUntil(from);
  const before = process.cpuUsage();
  const startedAt = performance.now();
  await sleepUntil(to);
  const { user, system } = process.cpuUsage(before);
  return round((user + system) / 10 / (performance.now() - startedAt));
}

/** Latency percentiles of the sends started in [from, to). */
function latencies(sends: Send[], from: number, to: number) {
  const sorted = sends
    .filter((send) => send.startedAt >= from && send.startedAt < to)
    .map((send) => send.latencyMs)
    .sort((a, b) => a - b);
  const at = (p: number) => round(percentile(sorted, p));
  return { sends: sorted.length, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
}

/** Starts the flooder process; resolves once it is connected, with a function that floods and returns the acks. */
async function startFlooder(url: string, token: string, roomId: string): Promise<() => Promise<FloodResult[]>> {
  const script = path.join(__dirname, 'fixtures', 'flooder.cjs');
  const outputFile = path.join(server.dataDir, 'flood-acks.json');
  const args = [script, url, token, roomId, String(FLOOD_RATE), String(PHASE_MS), outputFile];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`flooder exited (${code}) early`))),
  );
  const lines = readline.createInterface({ input: child.stdout });
  const nextLine = () => Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), exited]);
  try {
    expect(await withTimeout(nextLine(), 'flooder did not connect')).toBe('ready');
  } catch (error) {
    child.kill();
    throw error;
  }
  return async () => {
    const done = nextLine();
    child.stdin.end('go\n');
    expect(await withTimeout(done, 'flooder did not finish', 3 * PHASE_MS)).toBe('done');
    return JSON.parse(fs.readFileSync(outputFile, 'utf8')) as FloodResult[];
  };
}

let server: TestServer;
beforeAll(async () => {
  // The defaults, message:send at 20 per 2 s included; only the per-address caps are raised for 21 local clients.
  const { limits } = loadConfig({ MAX_CONNECTIONS_PER_IP: '100', RATE_SIGN_IN: '100/1m', RATE_HANDSHAKE: '100/10s' });
  server = await startServer({ limits });
});
afterAll(() => server.close());

describe('a client flooding message:send', () => {
  it('is limited at once, while 20 others keep chatting and nothing acked is lost', async () => {
    const clients = await Promise.all(Array.from({ length: NORMAL_CLIENTS }, (_, i) => server.client(`user${i}`)));
    const flooderSession = await server.signIn('Mallory');
    const [first, ...others] = clients;
    if (!first) throw new Error('no clients');
    const roomId = await roomWith(first, others);
    const mallory = await server.connect(flooderSession.token);
    await request(mallory, 'room:join', { roomId });
    mallory.disconnect();
    const flood = await startFlooder(server.url, flooderSession.token, roomId);

    const baselineStart = performance.now() + WARMUP_MS;
    const floodStart = baselineStart + PHASE_MS;
    const loadEnd = floodStart + PHASE_MS;
    const [sends, floodResults, baselineCpu, floodCpu] = await Promise.all([
      chat(clients, roomId, loadEnd),
      sleepUntil(floodStart).then(flood),
      cpuPercentBetween(baselineStart, floodStart),
      cpuPercentBetween(floodStart, loadEnd),
    ]);

    const accepted = floodResults.filter((result) => result.code === 'ok');
    const limited = floodResults.filter((result) => result.code === 'RATE_LIMITED');
    const firstLimited = [...limited].sort((a, b) => a.sentAt - b.sentAt)[0];
    const baseline = { ...latencies(sends, baselineStart, floodStart), cpuPercent: baselineCpu };
    const flooded = { ...latencies(sends, floodStart, loadEnd), cpuPercent: floodCpu };
    const figures = {
      normalClients: NORMAL_CLIENTS,
      normalSendsPerSecondEach: 1000 / NORMAL_INTERVAL_MS,
      warmupMs: WARMUP_MS,
      phaseMs: PHASE_MS,
      baseline,
      flood: flooded,
      floodToBaseline: {
        p50: round(flooded.p50Ms / baseline.p50Ms),
        p95: round(flooded.p95Ms / baseline.p95Ms),
        p99: round(flooded.p99Ms / baseline.p99Ms),
      },
      flooder: {
        sent: floodResults.length,
        accepted: accepted.length,
        rateLimited: limited.length,
        firstLimitedAfterMs: firstLimited && round(firstLimited.ackAt),
        sendsBeforeFirstLimit: firstLimited && floodResults.filter((r) => r.sentAt < firstLimited.sentAt).length,
      },
    };
    console.log(`flood figures: ${JSON.stringify(figures, null, 2)}`);
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);

    // Everyone else was served: every normal send was acked ok.
    expect(sends.filter((send) => send.code !== 'ok')).toEqual([]);
    // The flooder got every ack, and was limited within its first burst (the 21st send), long before 1 s.
    expect(floodResults).toHaveLength((FLOOD_RATE * PHASE_MS) / 1000);
    expect(accepted.length + limited.length).toBe(floodResults.length);
    expect(figures.flooder.sendsBeforeFirstLimit).toBeLessThanOrEqual(20);
    // 20 per 2 s window: at most 3 windows (4 counting a partial one) over 5 s.
    expect(accepted.length).toBeLessThanOrEqual(80);
    expect(limited.every((result) => (result.retryAfterMs ?? 0) > 0)).toBe(true);

    // Zero loss: exactly the acked messages are stored, and no rate-limited send left a trace.
    const stored = await server.store.listMessages(roomId, { afterSeq: 0, limit: 100_000 });
    const ackedIds = sends.flatMap((send) => (send.message ? [send.message.id] : []));
    ackedIds.push(...accepted.map((result) => result.messageId as string));
    expect(new Set(stored.messages.map((message) => message.id))).toEqual(new Set(ackedIds));
    const storedClientIds = new Set(stored.messages.map((message) => message.clientId));
    expect(limited.filter((result) => storedClientIds.has(result.clientId))).toEqual([]);
  });
});
