export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  factor: number;
  /** 0.5: each delay is drawn from [50%, 150%] of its base. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** Delay before reconnection attempt number `attempt` (0-based): exponential with jitter, capped at maxMs. */
export function backoffDelay(attempt: number, options = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.minMs * options.factor ** Math.max(0, attempt));
  const jittered = base * (1 + options.jitter * (2 * random() - 1));
  return Math.round(Math.min(options.maxMs, Math.max(0, jittered)));
}
