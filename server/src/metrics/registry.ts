import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ack, ErrorCode } from '@tandem/protocol';

/** Where a rejected request came in. */
export type Transport = 'socket' | 'http';

/**
 * What the server measures for Prometheus, in one registry per server (tests run many in one process). The rest of
 * the code calls these methods and never sees prom-client.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Where the connected-sockets gauge reads its value, on every scrape. */
  countSocketsWith(count: () => number): void;
  /** A socket request answered: its ack latency, and a rejection by code when the ack is an error. */
  requestAnswered(event: string, ack: Ack<unknown>, seconds: number): void;
  rejected(transport: Transport, code: ErrorCode): void;
  /** A message newly stored (an idempotent resend stores nothing). */
  messageStored(): void;
  /** One store call as the server waited for it, queueing included, on either backend. */
  storeCall(operation: string, seconds: number): void;
  /** One batch as the database ran it: a SQLite thread's batch, a PostgreSQL append round trip. */
  databaseBatch(role: string, seconds: number): void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const DATABASE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process metrics: CPU, resident memory, heap, event loop lag, GC, open handles.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  let countSockets = () => 0;
  new Gauge({
    name: 'tandem_sockets_connected',
    help: 'Socket.IO sockets connected to this node',
    registers,
    collect() {
      this.set(countSockets());
    },
  });
  const messages = new Counter({
    name: 'tandem_messages_stored_total',
    help: 'Messages stored by this node (rate() gives messages per second)',
    registers,
  });
  const requests = new Histogram({
    name: 'tandem_request_duration_seconds',
    help: 'Socket.IO requests from arrival to ack, by event',
    labelNames: ['event'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const rejections = new Counter({
    name: 'tandem_requests_rejected_total',
    help: 'Requests answered with an error, by transport and error code',
    labelNames: ['transport', 'code'],
    registers,
  });
  const storeCalls = new Histogram({
    name: 'tandem_store_call_duration_seconds',
    help: 'Store calls as the server waited for them (queueing included), by operation',
    labelNames: ['operation'],
    buckets: DATABASE_BUCKETS,
    registers,
  });
  const batches = new Histogram({
    name: 'tandem_database_batch_duration_seconds',
    help: 'Batches as the database ran them (SQLite writer/reader thread, PostgreSQL append round trip), by role',
    labelNames: ['role'],
    buckets: DATABASE_BUCKETS,
    registers,
  });

  const rejected = (transport: Transport, code: ErrorCode) => rejections.inc({ transport, code });
  return {
    registry,
    countSocketsWith(count) {
      countSockets = count;
    },
    requestAnswered(event, ack, seconds) {
      requests.observe({ event }, seconds);
      if (!ack.ok) rejected('socket', ack.error.code);
    },
    rejected,
    messageStored: () => messages.inc(),
    storeCall: (operation, seconds) => storeCalls.observe({ operation }, seconds),
    databaseBatch: (role, seconds) => batches.observe({ role }, seconds),
  };
}
