import { RATE_LIMITED_CONNECT_ERROR } from '@tandem/protocol';
import type { AppLifecycle } from '../../platform/lifecycle';
import type { BackoffOptions } from './backoff';
import type { HealthWatchOptions } from './health-watch';

/** What the connection manager needs from the connection runtime. */
export interface ConnectionDriver {
  connect(): void;
  /** A clean close the app asked for: socket.io does not reconnect by itself after it. */
  disconnect(): void;
  /** Drops the transport without a goodbye, as a dead network would; the disconnect handler then reconnects. */
  dropTransport(): void;
  isConnected(): boolean;
  /** True when the server answers within a few seconds. */
  probe(): Promise<boolean>;
  /** True when the server's health check answers (plain HTTP: much cheaper than a handshake). */
  healthy(): Promise<boolean>;
  /** Sends what can be sent before the app is suspended; resolves when done or after `budgetMs`. */
  flushBeforeSuspend(budgetMs: number): Promise<void>;
  /** The server refused the session token. */
  onUnauthorized(): void;
}

export interface ConnectionManagerOptions {
  backoff?: BackoffOptions;
  /** While a retry is far off, how often the server's health is asked (so a server back up is seen in seconds). */
  healthWatch?: HealthWatchOptions;
  lifecycle?: AppLifecycle;
  /** Time the app gets to flush before the socket is closed on going to the background (WeChat allows ~5 s). */
  suspendFlushMs?: number;
  /** Where WeChat's "a socket closed" events come from (the platform's by default). */
  onSystemSocketClose?: (listener: () => void) => () => void;
  now?: () => number;
  random?: () => number;
}

/** The wait a `rate limited` handshake refusal asks for (its `data` is an ErrorBody with `retryAfterMs`), or 0. */
export function handshakeRetryAfterMs(error: Error): number {
  if (error.message !== RATE_LIMITED_CONNECT_ERROR) return 0;
  const retryAfterMs = (error as Error & { data?: { retryAfterMs?: unknown } }).data?.retryAfterMs;
  return typeof retryAfterMs === 'number' && retryAfterMs > 0 ? retryAfterMs : 0;
}
