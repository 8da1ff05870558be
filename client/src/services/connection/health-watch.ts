export interface HealthWatchOptions {
  /** Retries due sooner than this are not watched: the retry itself comes soon enough. */
  minWaitMs: number;
  /** Time between two health checks, jittered by `jitter` (0.4: drawn from [60%, 140%]). */
  intervalMs: number;
  jitter: number;
  /**
   * Once the server answers, the connection starts after a random wait of up to this long, so the clients that saw
   * it come back in the same second do not all hand-shake in the same millisecond.
   */
  spreadMs: number;
}

/** Server answering to connecting: at most 3.5 s to the next check plus 1 s of spread, under the 5 s promised. */
export const DEFAULT_HEALTH_WATCH: HealthWatchOptions = {
  minWaitMs: 4000,
  intervalMs: 2500,
  jitter: 0.4,
  spreadMs: 1000,
};

/**
 * While a reconnection attempt is far off (backoff grows to 30 s), asks the server's health check every few
 * seconds, jittered, and calls `onHealthy` (after the spread) as soon as it answers. A health check is one small
 * HTTP request where a handshake is a WebSocket or long-polling session, so watching often costs the server little.
 */
export class HealthWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by `stop()`: a check answered after it is ignored. */
  private generation = 0;

  constructor(
    private readonly check: () => Promise<boolean>,
    private readonly onHealthy: () => void,
    private readonly options: HealthWatchOptions,
    private readonly random: () => number,
  ) {}

  /** Watches while the next attempt is `waitMs` away (the caller stops the watch when it connects). */
  watchUntil(waitMs: number): void {
    this.stop();
    if (waitMs > this.options.minWaitMs) this.schedule(this.jittered(this.options.intervalMs), () => this.tick());
  }

  stop(): void {
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    const generation = this.generation;
    const healthy = await this.check().catch(() => false);
    if (generation !== this.generation) return;
    if (healthy) this.schedule(this.random() * this.options.spreadMs, this.onHealthy);
    else this.schedule(this.jittered(this.options.intervalMs), () => this.tick());
  }

  private schedule(delayMs: number, run: () => void | Promise<void>): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void run();
    }, Math.round(delayMs));
  }

  private jittered(ms: number): number {
    return ms * (1 + this.options.jitter * (2 * this.random() - 1));
  }
}
