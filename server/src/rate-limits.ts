import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Rate, RateName } from './config';
import type { Logger } from './logger';

/**
 * Fixed-window limiters from rate-limiter-flexible, one per `RateName`. A window of `points` over `durationMs`
 * allows a burst of `points` at once and `points / duration` on average: `20/2s` for `message:send` is 10 per
 * second with bursts of 20 (at a window edge a client may squeeze two bursts together; a token bucket would not,
 * but it needs two stores per key and nothing here depends on it).
 *
 * In memory by default; a multi-instance deployment passes a `LimiterFactory` building `RateLimiterRedis` (same
 * options plus `storeClient`), and nothing else changes.
 */
export type LimiterFactory = (name: RateName, rate: Rate) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (name, { points, durationMs }) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: durationMs / 1000 });

export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

const ALLOWED: Verdict = { allowed: true };

export class RateLimits {
  private readonly limiters: Record<RateName, RateLimiterAbstract>;

  constructor(
    rates: Record<RateName, Rate>,
    private readonly logger: Logger,
    factory: LimiterFactory = memoryLimiters,
  ) {
    const build = (name: RateName) => factory(name, rates[name]);
    this.limiters = {
      messageSend: build('messageSend'),
      roomCreate: build('roomCreate'),
      roomInvite: build('roomInvite'),
      typing: build('typing'),
      request: build('request'),
      signIn: build('signIn'),
      signInAccount: build('signInAccount'),
      handshake: build('handshake'),
      profileWrite: build('profileWrite'),
      mediaUpload: build('mediaUpload'),
    };
  }

  /**
   * Takes one point for `key` (a user id or an IP address). A limiter store that fails (say Redis is down) lets
   * the request through and logs it: chat keeps working while limits are briefly off.
   */
  async consume(name: RateName, key: string): Promise<Verdict> {
    try {
      await this.limiters[name].consume(key);
      return ALLOWED;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: retryAfter(rejection) };
      this.logger.error({ err: rejection, limiter: name }, 'rate limiter failed; request allowed');
      return ALLOWED;
    }
  }
}

/** At least 1 ms: a zero would tell a client to retry at once into the same window. */
const retryAfter = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext));
