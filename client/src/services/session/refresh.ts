import type { SessionResponse } from '@tandem/protocol';
import { refreshDueAt, sessionStore } from '../../stores/session';
import type { Result } from '../errors';

/** What the refresher needs from the outside: the HTTP call and what to do when the token is refused. */
export interface RefreshDriver {
  refresh(token: string): Promise<Result<SessionResponse>>;
  /** The server refused the token (revoked by "sign out everywhere", or expired): sign out here too. */
  onRefused(): void;
  /** A fresh token is stored (a reconnect held back for it may go ahead). */
  onRefreshed?(): void;
}

export interface SessionRefresherOptions {
  /** Wait before trying again after a failed refresh that said nothing more precise (offline, server error). */
  retryMs?: number;
  now?: () => number;
}

/** setTimeout's longest delay is 2^31 - 1 ms (about 24.8 days); a longer wait is split into several. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Renews the session token once it is past half its lifetime: at start, at the due time, and whenever `check()`
 * is called (every reconnect, since a mini program's timers stop in the background). A refused token signs out;
 * any other failure is retried later, the token still being good for the other half of its life.
 */
export class SessionRefresher {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refreshing = false;
  private running = false;
  /** The server said the token expired: refresh at once, and again after a failure, whatever its age says. */
  private forced = false;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly driver: RefreshDriver,
    options: SessionRefresherOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.running = true;
    this.check();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  /** Refreshes now when due (or `force`d: the server said the token expired), otherwise waits until it is. */
  check(force = false): void {
    if (force) this.forced = true;
    if (!this.running || this.refreshing) return;
    this.clearTimer();
    const { token } = sessionStore.getState();
    if (!token) return;
    const wait = this.forced ? 0 : refreshDueAt(sessionStore.getState()) - this.now();
    if (wait > 0) this.schedule(wait);
    else void this.refresh(token);
  }

  private async refresh(token: string): Promise<void> {
    this.refreshing = true;
    const result = await this.driver.refresh(token);
    this.refreshing = false;
    // Signed out, or signed in afresh, while the answer was on its way: it is about a session that is gone.
    if (!this.running || sessionStore.getState().token !== token) return;
    if (result.ok) {
      sessionStore.getState().refreshed(result.data, this.now());
      this.forced = false;
      this.driver.onRefreshed?.();
      this.check();
    } else if (result.error.status === 401 || result.error.code === 'UNAUTHORIZED') {
      this.driver.onRefused();
    } else {
      console.warn(`[session] token refresh failed (${result.error.code}); trying again later`, result.error.message);
      this.schedule(result.error.retryAfterMs ?? this.retryMs);
    }
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.check();
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
