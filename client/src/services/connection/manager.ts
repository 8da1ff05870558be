import { UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import { connectionStore } from '../../stores/connection';
import type { OfflineReason } from '../../stores/connection';
import { getNetworkStatus, onNetworkStatusChange } from '../../platform/network';
import { appLifecycle } from '../../platform/lifecycle';
import type { AppLifecycle } from '../../platform/lifecycle';
import { onSystemSocketClose } from '../../platform/socket';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { BackoffOptions } from './backoff';
import { DEFAULT_HEALTH_WATCH, HealthWatch } from './health-watch';
import { handshakeRetryAfterMs } from './driver';
import type { ConnectionDriver, ConnectionManagerOptions } from './driver';

/**
 * Owns when to connect: exponential backoff with jitter after a failure (1 s up to 30 s) and, while the next
 * attempt is far off, a cheap health check every few seconds (jittered) that connects as soon as the server answers;
 * an immediate attempt when the network returns or the app comes to the foreground, a flush and a clean close
 * before a mini program is suspended, and a probe when WeChat reports a socket closed behind the app's back. Every
 * transition is written to the connection store, so the banner shows the real state.
 */
export class ConnectionManager {
  private started = false;
  private inBackground = false;
  private networkOnline = true;
  private attempt = 0;
  private held = false; // The token is being renewed after the server said it expired.
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly healthWatch: HealthWatch;
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
    this.healthWatch = new HealthWatch(
      () => driver.healthy(),
      () => this.connectNow(),
      options.healthWatch ?? DEFAULT_HEALTH_WATCH,
      this.random,
    );
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

  /** No connection starts (shown as reconnecting) until `release()`: the handshake needs a token not there yet. */
  hold(): void {
    this.held = true;
    this.clearRetry();
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.attempt = 0;
    this.reconnectNow();
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
    if (!this.started || this.held) return;
    if (!this.networkOnline) {
      connectionStore.getState().offline('network');
      return;
    }
    connectionStore.getState().connecting(this.attempt);
    this.driver.connect();
  }

  /** `minDelayMs`: what the server asked for (a rate-limited handshake, not health-watched); may wait longer. */
  private scheduleRetry(error: string, minDelayMs = 0): void {
    this.clearRetry();
    if (!this.started) return;
    if (this.held) return connectionStore.getState().connecting(this.attempt + 1);
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
    if (minDelayMs === 0) this.healthWatch.watchUntil(delay); // A server that asked for a wait is up.
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.healthWatch.stop();
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
