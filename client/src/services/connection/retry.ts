import type { RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import type { ChatSocket } from '../../platform/socket';
import { backoffDelay } from './backoff';
import type { BackoffOptions } from './backoff';
import { request } from './request';
import { failure } from '../errors';
import type { Result } from '../errors';

/** Failures the same request may not meet again later. The others (OFFLINE, FORBIDDEN...) are returned at once. */
const RETRYABLE = new Set(['TIMEOUT', 'RATE_LIMITED', 'INTERNAL']);

export interface RetryOptions {
  backoff: BackoffOptions;
  /** Requests in all, the first one included. */
  maxAttempts: number;
}

const CANCELLED = failure('OFFLINE', 'the connection was lost');

export const DEFAULT_RETRY: RetryOptions = {
  backoff: { minMs: 500, maxMs: 15_000, factor: 2, jitter: 0.5 },
  maxAttempts: 6,
};

/**
 * `request`, sent again after a timeout, a rate limit or a server failure: after an exponential backoff, and never
 * sooner than the server's `retryAfterMs`. Gives up (returning the last failure) after `maxAttempts`, and answers
 * `OFFLINE` as soon as `cancelled()` says the connection the request belonged to is gone.
 */
export async function requestWithRetry<E extends RequestEvent>(
  socket: ChatSocket,
  event: E,
  payload: RequestInput<E>,
  options: RetryOptions,
  cancelled: () => boolean,
): Promise<Result<ResultOf<E>>> {
  for (let attempt = 1; ; attempt++) {
    const result = await request(socket, event, payload);
    if (cancelled()) return CANCELLED;
    if (result.ok || !RETRYABLE.has(result.error.code) || attempt >= options.maxAttempts) return result;
    const delay = Math.max(result.error.retryAfterMs ?? 0, backoffDelay(attempt - 1, options.backoff));
    console.warn(`[sync] ${event} failed (${result.error.code}), attempt ${attempt}; retrying in ${delay} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (cancelled()) return CANCELLED;
  }
}
