/**
 * What the benchmark measures, with the knobs read from the environment (defaults keep a run under about three
 * minutes), and how the per-round results become the report's rows.
 */
import { measureFanout } from './fanout';
import type { FanoutResult } from './fanout';
import { measureMemory } from './memory';
import type { MemoryResult } from './memory';
import type { Row } from './report';
import type { RunningServer, ServerName } from './servers';
import { median } from './stats';
import { measureThroughput } from './throughput';
import type { ThroughputResult } from './throughput';

const numberFromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

export const settings = {
  /** Rounds of each scenario; each round runs both servers, the first one alternating. */
  rounds: numberFromEnv('BENCH_ROUNDS', 2),
  warmupMs: numberFromEnv('BENCH_WARMUP_MS', 1000),
  measureMs: numberFromEnv('BENCH_MEASURE_MS', 5000),
  /**
   * Sockets per signed-in user among fan-out receivers and memory connections (a user on several devices). One:
   * every receiver is a person of its own, as in a real room (presence now sends only who came and went, so a crowd
   * of 1,000 distinct users joins in seconds).
   */
  socketsPerUser: numberFromEnv('BENCH_SOCKETS_PER_USER', 1),
};

export interface Results {
  throughput: ThroughputResult;
  fanout500: FanoutResult;
  fanout1000: FanoutResult;
  memory: MemoryResult;
}

export type Scenario = {
  [K in keyof Results]: {
    key: K;
    title: string;
    /**
     * Run on a server process started for it: memory freed after earlier scenarios' sockets stays resident (V8 and
     * malloc keep their pages), and new sockets would reuse it unseen.
     */
    freshServer?: boolean;
    run: (server: RunningServer) => Promise<Results[K]>;
  };
}[keyof Results];

const timing = () => ({ warmupMs: settings.warmupMs, measureMs: settings.measureMs });

export const scenarios: Scenario[] = [
  {
    key: 'throughput',
    title: 'acked throughput, 10 senders x 20 in flight',
    run: (server) => measureThroughput(server, { senders: 10, inFlight: 20, ...timing() }),
  },
  {
    key: 'fanout500',
    title: 'fan-out, 500 receivers at 100 messages/s',
    run: (server) =>
      measureFanout(server, {
        receivers: 500,
        messagesPerSecond: 100,
        socketsPerUser: settings.socketsPerUser,
        ...timing(),
      }),
  },
  {
    key: 'fanout1000',
    title: 'fan-out, 1,000 receivers at 20 messages/s',
    run: (server) =>
      measureFanout(server, {
        receivers: 1000,
        messagesPerSecond: 20,
        socketsPerUser: settings.socketsPerUser,
        ...timing(),
      }),
  },
  {
    key: 'memory',
    title: 'memory, 1,000 connections joined to a room',
    freshServer: true,
    run: (server) => measureMemory(server, { connections: 1000, socketsPerUser: settings.socketsPerUser }),
  },
];

export type Rounds = Record<ServerName, Partial<Results>[]>;

/** Tandem at most `factor` times bare (CPU, memory). */
const atMost = (factor: number) => ({
  text: `<= ${factor}x bare`,
  met: (bare: number, tandem: number) => tandem <= bare * factor,
});

/** The median over rounds of each figure, side by side. */
export function rows(rounds: Rounds): Row[] {
  const pick = <K extends keyof Results>(name: ServerName, key: K, figure: (result: Results[K]) => number) =>
    median(
      rounds[name]
        .map((round) => round[key])
        .filter((result) => result !== undefined)
        .map(figure),
    );
  const row = <K extends keyof Results>(
    metric: string,
    key: K,
    figure: (result: Results[K]) => number,
    digits: number,
    target?: Row['target'],
  ): Row => ({ metric, bare: pick('bare', key, figure), tandem: pick('tandem', key, figure), digits, target });

  const fanoutRows = (key: 'fanout500' | 'fanout1000', label: string, p99Target?: Row['target']) => [
    row(`${label}: latency p50 (ms)`, key, (r) => r.p50Ms, 1),
    row(`${label}: latency p99 (ms)`, key, (r) => r.p99Ms, 1, p99Target),
    row(`${label}: deliveries/s`, key, (r) => r.deliveriesPerSecond, 0),
    row(`${label}: server CPU per delivery (µs)`, key, (r) => r.cpuMicrosPerDelivery, 2, atMost(1.1)),
    row(`${label}: lost deliveries`, key, (r) => r.lost, 0, {
      text: '0',
      met: (bare, tandem) => bare === 0 && tandem === 0,
    }),
  ];
  return [
    row('Acked messages/s (10 x 20 in flight)', 'throughput', (r) => r.ackedPerSecond, 0, {
      text: '>= 0.9x bare',
      met: (bare, tandem) => tandem >= bare * 0.9,
    }),
    row('Ack latency p50 (ms)', 'throughput', (r) => r.ackP50Ms, 1),
    row('Ack latency p99 (ms)', 'throughput', (r) => r.ackP99Ms, 1),
    row('Server CPU per acked message (µs)', 'throughput', (r) => r.cpuMicrosPerMessage, 1),
    row('Failed sends', 'throughput', (r) => r.failed, 0),
    ...fanoutRows('fanout500', 'Fan-out 500 x 100/s'),
    ...fanoutRows('fanout1000', 'Fan-out 1,000 x 20/s', { text: '< 100 ms', met: (_bare, tandem) => tandem < 100 }),
    row('Server RSS per connection (KB)', 'memory', (r) => r.kbPerConnection, 1, atMost(1.1)),
  ];
}
