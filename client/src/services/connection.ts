import { RATE_LIMITED_CONNECT_ERROR, UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import { connectionStore } from '../stores/connection';
import type { OfflineReason } from '../stores/connection';
import { getNetworkStatus, onNetworkStatusChange } from '../platform/network';
import type { AppLifecycle } from '../platform/lifecycle';
import { appLifecycle } from '../platform/lifecycle';
import { onSystemSocketClose } from '../platform/socket';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { BackoffOptions } from './backoff';

/** What the connection manager needs from the socket service. */
export interface ConnectionDriver {
  connect(): void;
  /** A clean close the app asked for: socket.io does not reconnect by itself after it. */
  disconnect(): void;
  /** Drops the transport without a goodbye, as a dead network would; the disconnect handler then reconnects. */
  dropTransport(): void;
  isConnected(): boolean;
  /** True when the server answers within a few seconds. */
  probe(): Promise<boolean>;
  /** Sends what can be sent before the app is suspended; resolves when done or after `budgetMs`. */
  flushBeforeSuspend(budgetMs: number): Promise<void>;
  /** The server refused the session token. */
  onUnauthorized(): void;
}

export interface ConnectionManagerOptions {
  backoff?: BackoffOptions;
  lifecycle?: AppLifecycle;
  /** Time the app gets to flush before the socket is closed on going to the background (WeChat allows ~5 s). */
  suspendFlushMs?: number;
  /** Where WeChat's "a socket closed" events come from (the platform's by default). */
  onSystemSocketClose?: (listener: () => void) => () => void;
  now?: () => number;
  random?: () => number;
}

/**
 * Owns when to connect: exponential backoff with jitter after a failure (1 s up to 30 s), an immediate attempt
 * when the network returns or the app comes to the foreground, a flush and a clean close before a mini program
 * is suspended, and a probe when WeChat reports a socket closed behind the app's back. Every transition is
 * written to the connection store, so the banner shows the real state.
 */
export class ConnectionManager {
  private started = false;
  private inBackground = false;
  private networkOnline = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribers: Array<() => void> = [];
  private readonly backoff: BackoffOptions;
  private readonly lifecycle: AppLifecycle;
  private readonly suspendFlushMs: number;
  private readonly onSystemSocketClose: (listener: () => void) => () => void;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly driver: ConnectionDriver,
    options: ConnectionManagerOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.lifecycle = options.lifecycle ?? appLifecycle;
    this.suspendFlushMs = options.suspendFlushMs ?? 3000;
    this.onSystemSocketClose = options.onSystemSocketClose ?? onSystemSocketClose;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.attempt = 0;
    this.unsubscribers = [
      onNetworkStatusChange(({ isConnected }) => this.networkChanged(isConnected)),
      this.lifecycle.onShow(() => this.appShown()),
      this.lifecycle.onHide(() => this.appHidden()),
      this.onSystemSocketClose(() => void this.systemSocketClosed()),
    ];
    void getNetworkStatus().then(({ isConnected }) => {
      if (!isConnected) this.networkChanged(false);
    });
    this.connectNow();
  }

  stop(reason: OfflineReason = 'stopped'): void {
    this.started = false;
    this.clearRetry();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    this.driver.disconnect();
    connectionStore.getState().offline(reason);
  }

  /** The banner's "retry now", and what a returning network or foreground triggers. */
  reconnectNow(): void {
    if (!this.started || this.driver.isConnected()) return;
    this.connectNow();
  }

  connected(): void {
    this.attempt = 0;
    this.clearRetry();
    connectionStore.getState().online();
  }

  disconnected(reason: string): void {
    // "io client disconnect" is our own close (background, stop): whoever closed has set the state.
    if (reason === 'io client disconnect') return;
    this.scheduleRetry(`disconnected: ${reason}`);
  }

  connectFailed(error: Error): void {
    if (error.message === UNAUTHORIZED_CONNECT_ERROR) {
      this.stop('unauthorized');
      this.driver.onUnauthorized();
      return;
    }
    this.scheduleRetry(error.message, handshakeRetryAfterMs(error));
  }

  private connectNow(): void {
    this.clearRetry();
    if (!this.networkOnline) {
      connectionStore.getState().offline('network');
      return;
    }
    connectionStore.getState().connecting(this.attempt);
    this.driver.connect();
  }

  /** `minDelayMs`: what the server asked for (a rate-limited handshake); the backoff may wait longer. */
  private scheduleRetry(error: string, minDelayMs = 0): void {
    this.clearRetry();
    if (!this.started) return;
    if (this.inBackground || !this.networkOnline) {
      connectionStore.getState().offline(this.inBackground ? 'background' : 'network');
      return;
    }
    const delay = Math.max(minDelayMs, backoffDelay(this.attempt, this.backoff, this.random));
    this.attempt += 1;
    connectionStore.getState().retryScheduled(this.attempt, this.now() + delay, error);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectNow();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private networkChanged(isConnected: boolean): void {
    const cameBack = isConnected && !this.networkOnline;
    this.networkOnline = isConnected;
    if (!this.started) return;
    if (!isConnected) {
      // A socket that still works will say so; one that does not would only burn retries.
      if (!this.driver.isConnected()) {
        this.clearRetry();
        connectionStore.getState().offline('network');
      }
      return;
    }
    if (cameBack && !this.inBackground) {
      this.attempt = 0;
      this.reconnectNow();
    }
  }

  private appShown(): void {
    const wasInBackground = this.inBackground;
    this.inBackground = false;
    if (!this.started) return;
    if (wasInBackground) this.attempt = 0;
    this.reconnectNow();
  }

  private appHidden(): void {
    if (!this.started || !this.lifecycle.suspendsInBackground) return;
    this.inBackground = true;
    this.clearRetry();
    void this.driver.flushBeforeSuspend(this.suspendFlushMs).then(() => {
      // The app may have come back while flushing: then keep the socket.
      if (!this.inBackground || !this.started) return;
      this.driver.disconnect();
      connectionStore.getState().offline('background');
    });
  }

  private async systemSocketClosed(): Promise<void> {
    if (!this.started || !this.driver.isConnected()) return;
    // The event does not say which socket closed: drop ours only if it no longer answers.
    if (!(await this.driver.probe())) this.driver.dropTransport();
  }
}

/** The wait a `rate limited` handshake refusal asks for (its `data` is an ErrorBody with `retryAfterMs`), or 0. */
function handshakeRetryAfterMs(error: Error): number {
  if (error.message !== RATE_LIMITED_CONNECT_ERROR) return 0;
  const retryAfterMs = (error as Error & { data?: { retryAfterMs?: unknown } }).data?.retryAfterMs;
  return typeof retryAfterMs === 'number' && retryAfterMs > 0 ? retryAfterMs : 0;
}
