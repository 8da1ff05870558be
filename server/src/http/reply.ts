import type { FastifyReply } from 'fastify';
import type { ErrorCode, HttpError } from '@tandem/protocol';

/** Error answers in the protocol's `HttpError` shape. */

/** The error code each error answer carried, for the rejected-requests metric (see metrics.ts). */
const sentCodes = new WeakMap<FastifyReply, ErrorCode>();

export const errorCodeOf = (reply: FastifyReply): ErrorCode | undefined => sentCodes.get(reply);

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string) {
  const body: HttpError = { error: { code, message } };
  sentCodes.set(reply, code);
  return reply.code(status).send(body);
}

/** 429 with `retryAfterMs` in the body and `Retry-After` (whole seconds, rounded up) in the headers. */
export function sendRateLimited(reply: FastifyReply, retryAfterMs: number, message = 'too many requests, slow down') {
  const body: HttpError = { error: { code: 'RATE_LIMITED', message, retryAfterMs } };
  sentCodes.set(reply, 'RATE_LIMITED');
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
    .send(body);
}

export const TOKEN_REFUSED = 'the bearer token is missing, invalid, expired or revoked';

export function sendUnauthorized(reply: FastifyReply, message: string) {
  return sendError(reply.header('www-authenticate', 'Bearer'), 401, 'UNAUTHORIZED', message);
}
