import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../rate-limits';

/**
 * Rate limiters whose counters live in Redis, so a limit holds across nodes: a client spreading its requests over
 * several nodes meets the same window. While Redis is away a limiter fails at once instead of queueing
 * (`rejectIfRedisNotReady`), and RateLimits lets the request through and logs it (rate-limits.ts).
 */
export function redisLimiters(redis: Redis, prefix: string): LimiterFactory {
  return (name, { points, durationMs }) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}rate:${name}`,
      points,
      duration: durationMs / 1000,
      rejectIfRedisNotReady: true,
    });
}
