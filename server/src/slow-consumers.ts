import type { SlowConsumerLimits } from './config';
import type { Logger } from './logger';

/**
 * What a sweep reads of an Engine.IO connection. `writeBuffer` (packets waiting for the transport) is private in
 * engine.io's types but stable across 6.x; `transport.socket` is the `ws` WebSocket of the websocket transport,
 * whose `bufferedAmount` counts the bytes handed to it that the kernel has not taken yet.
 */
interface WatchedConnection {
  id: string;
  writeBuffer: { data?: unknown; options?: { wsPreEncodedFrame?: unknown } }[];
  transport: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'close', listener: (this: WatchedConnection) => void): void;
  close(discard?: boolean): void;
}

interface Engine {
  on(event: 'connection', listener: (connection: WatchedConnection) => void): void;
}

interface Backlog {
  bytes: number;
  packets: number;
}

/** One connection's history across sweeps: since when its output has not drained, and how much was waiting. */
interface Watch {
  stalledSince: number | undefined;
  last: number;
}

const byteLength = (data: unknown): number => {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  return 0;
};

/**
 * Output waiting for one connection: the packets Engine.IO holds (a websocket's transport takes no more until its
 * last write drained) and the bytes already handed to the websocket. A broadcast packet carries its websocket frame,
 * encoded once and shared by every socket of the room, so this is an upper bound on the memory one connection holds.
 */
export function backlogOf(connection: WatchedConnection): Backlog {
  let bytes = connection.transport.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer) bytes += byteLength(packet.options?.wsPreEncodedFrame ?? packet.data);
  return { bytes, packets: connection.writeBuffer.length };
}

/**
 * Disconnects slow consumers: a connection whose unsent output passes `maxBufferedBytes` or `maxBufferedPackets`,
 * or whose output has not drained (it never emptied or shrank between sweeps) for `drainTimeoutMs`. Otherwise one
 * phone on a dead cell link in a busy room holds an ever-growing queue. The transport is cut without a goodbye (a
 * goodbye would wait behind the backlog): the client sees a network drop, reconnects and catches up by seq.
 *
 * A sweep every quarter of the drain timeout (at most every 250 ms) reads each connection's two buffers: nothing is
 * added to sending a message. Returns `stop()`.
 */
export function watchSlowConsumers(engine: Engine, limits: SlowConsumerLimits, logger: Logger, now = Date.now) {
  const watched = new Set<WatchedConnection>();
  /** Only connections seen with output waiting: most connections never get an entry. */
  const backlogged = new Map<WatchedConnection, Watch>();
  function forget(this: WatchedConnection): void {
    watched.delete(this);
    backlogged.delete(this);
  }
  engine.on('connection', (connection) => {
    watched.add(connection);
    connection.on('close', forget);
  });

  const cut = (connection: WatchedConnection, reason: string, backlog: Backlog, stalledMs: number) => {
    watched.delete(connection);
    backlogged.delete(connection);
    logger.warn({ connectionId: connection.id, reason, ...backlog, stalledMs }, 'slow consumer disconnected');
    connection.transport.socket?.terminate?.();
    connection.close(true);
  };

  const sweep = () => {
    const time = now();
    for (const connection of watched) {
      const backlog = backlogOf(connection);
      const total = backlog.bytes + backlog.packets;
      if (total === 0) {
        backlogged.delete(connection);
        continue;
      }
      let watch = backlogged.get(connection);
      if (!watch) backlogged.set(connection, (watch = { stalledSince: undefined, last: 0 }));
      if (total < watch.last) watch.stalledSince = undefined;
      else watch.stalledSince ??= time;
      watch.last = total;
      const stalledMs = watch.stalledSince === undefined ? 0 : time - watch.stalledSince;
      if (backlog.bytes > limits.maxBufferedBytes) cut(connection, 'too many bytes waiting', backlog, stalledMs);
      else if (backlog.packets > limits.maxBufferedPackets)
        cut(connection, 'too many packets waiting', backlog, stalledMs);
      else if (stalledMs >= limits.drainTimeoutMs) cut(connection, 'output did not drain', backlog, stalledMs);
    }
  };
  const timer = setInterval(sweep, Math.min(250, Math.max(10, limits.drainTimeoutMs / 4)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
