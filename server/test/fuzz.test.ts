import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import * as v from 'valibot';
import { MAX_FRAME_BYTES, ackSchema, requests } from '@tandem/protocol';
import type { RequestEvent } from '@tandem/protocol';
import { call, emitRaw, nextEvent, roomWith, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';
import { figuresFile } from './test-store';
import { EVENTS, fuzzCall, rawPacket } from './fuzz-arbitraries';
import type { FuzzCall } from './fuzz-arbitraries';

jest.setTimeout(180_000);

const CALLS = 100_000;
const WARM_UP_CALLS = 10_000;
const BATCH = 1000;
const CONCURRENCY = 100;
/** One call in this many is a raw packet the official client could not produce. */
const RAW_EVERY = 20;
/** Generous: a real leak (anything kept per call) grows by far more over 100k calls. */
const MAX_HEAP_GROWTH_MB = 30;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const OUTPUT = figuresFile('fuzz');

const ACK_SCHEMAS = new Map(EVENTS.map((event) => [event, ackSchema(requests[event].result)]));
const UNKNOWN_EVENT_ACK = ackSchema(v.never());
const isValidAck = (event: string, ack: unknown) =>
  v.is(ACK_SCHEMAS.get(event as RequestEvent) ?? UNKNOWN_EVENT_ACK, ack);

/** `global.gc` without restarting jest with --expose-gc. */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
const heapMb = () => Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;

let server: TestServer;
let fuzzer: ClientSocket;
const problems: string[] = [];
const codes = new Map<string, number>();
const record = (problem: string) => {
  if (problems.length < 20) problems.push(problem);
};
const processFailures: unknown[] = [];
const onProcessFailure = (error: unknown) => processFailures.push(error);

/** Acks of raw packets, by ack id: the official client ignores ids it did not allocate. */
const rawAcks = new Map<number, (ack: unknown) => void>();
let nextRawId = 10_000_000;

function sendRaw(packet: string, id: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack for a raw packet')), 10_000);
    rawAcks.set(id, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
    fuzzer.io.engine.write(packet);
  });
}

async function fuzzOnce(index: number, call: FuzzCall): Promise<void> {
  try {
    let event = call.event;
    let ack: unknown;
    if (index % RAW_EVERY === 0) {
      const id = nextRawId++;
      const [packet] = fc.sample(rawPacket(id), { numRuns: 1, seed: SEED + index });
      event = (JSON.parse(packet?.slice(String(id).length + 1, packet.indexOf(',')) + ']') as string[])[0] ?? '';
      ack = await sendRaw(packet as string, id);
    } else {
      ack = await emitRaw(fuzzer, call.event, ...call.args);
    }
    const code = (ack as { ok?: boolean; error?: { code?: string } }).ok
      ? 'ok'
      : String((ack as { error?: { code?: string } }).error?.code);
    codes.set(code, (codes.get(code) ?? 0) + 1);
    if (!isValidAck(event, ack)) record(`invalid ack for ${event}: ${JSON.stringify(ack).slice(0, 200)}`);
    if (code === 'INTERNAL') record(`INTERNAL for ${event} ${JSON.stringify(call.args).slice(0, 200)}`);
  } catch (error) {
    record(`call ${index} (${call.event}) failed: ${String(error)}`);
  }
}

/** Frames over the limit close the connection by design (tested elsewhere); the fuzz stays under it. */
const fitsInFrame = (call: FuzzCall) =>
  Buffer.byteLength(JSON.stringify([call.event, ...call.args])) < MAX_FRAME_BYTES - 100;

async function fuzz(count: number, offset: number): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const calls = fc.sample(fuzzCall.filter(fitsInFrame), { numRuns: BATCH, seed: SEED + offset + start });
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const index = next++;
        await fuzzOnce(offset + start + index, calls[index] as FuzzCall);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onProcessFailure);
  process.on('uncaughtException', onProcessFailure);
  server = await startServer({ limits: { maxRoomsPerUser: 20 } });
  fuzzer = await server.client('Mallory');
  fuzzer.io.engine.on('message', (data: unknown) => {
    const match = typeof data === 'string' ? /^3(\d{8,})(.*)$/s.exec(data) : null;
    const resolve = match && rawAcks.get(Number(match[1]));
    if (!match || !resolve) return;
    rawAcks.delete(Number(match[1]));
    resolve((JSON.parse(match[2] ?? '[]') as unknown[])[0]);
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onProcessFailure);
  process.off('uncaughtException', onProcessFailure);
  await server.close();
});

describe('fuzzing every event with hostile payloads', () => {
  it('answers 100k calls with valid acks, never throws, leaves bystanders working and keeps memory flat', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob], 'private');
    let bystanderRounds = 0;
    let fuzzing = true;
    const bystanders = (async () => {
      while (fuzzing) {
        const heard = nextEvent(bob, 'message:created', (message) => message.clientId === `b${bystanderRounds}`);
        await call(ann, 'message:send', { roomId, clientId: `b${bystanderRounds}`, text: 'still here' });
        await heard;
        bystanderRounds++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const gc = collectGarbage();
    await fuzz(WARM_UP_CALLS, 0);
    gc();
    const heapBeforeMb = heapMb();
    const started = performance.now();
    await fuzz(CALLS, WARM_UP_CALLS);
    const seconds = (performance.now() - started) / 1000;
    gc();
    const heapAfterMb = heapMb();
    fuzzing = false;
    await bystanders;

    const figures = {
      seed: SEED,
      calls: CALLS,
      warmUpCalls: WARM_UP_CALLS,
      seconds: Math.round(seconds * 10) / 10,
      callsPerSecond: Math.round(CALLS / seconds),
      heapBeforeMb,
      heapAfterMb,
      heapGrowthMb: Math.round((heapAfterMb - heapBeforeMb) * 10) / 10,
      bystanderRoundTrips: bystanderRounds,
      ackCodes: Object.fromEntries([...codes].sort()),
    };
    console.log(`fuzz figures: ${JSON.stringify(figures, null, 2)}`);
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);

    expect(problems).toEqual([]);
    expect(processFailures).toEqual([]);
    expect([...codes.values()].reduce((sum, count) => sum + count, 0)).toBe(CALLS + WARM_UP_CALLS);
    expect(fuzzer.connected).toBe(true);
    expect(bystanderRounds).toBeGreaterThan(0);
    const after = nextEvent(bob, 'message:created', (message) => message.clientId === 'after-fuzz');
    await call(ann, 'message:send', { roomId, clientId: 'after-fuzz', text: 'done' });
    await after;
    expect(heapAfterMb - heapBeforeMb).toBeLessThan(MAX_HEAP_GROWTH_MB);
  });
});
