import type { ErrorCode, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import type { ChatSocket } from '../platform/socket';

/**
 * The server's error codes plus those a client meets on its own: no ack in time, no connection, no sign-in code
 * from WeChat, and no room left in the outbox.
 */
export type ClientErrorCode = ErrorCode | 'TIMEOUT' | 'OFFLINE' | 'LOGIN_FAILED' | 'OUTBOX_FULL';

export interface RequestError {
  code: ClientErrorCode;
  message: string;
  retryAfterMs?: number;
  /** The HTTP status, for errors of HTTP requests. */
  status?: number;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: RequestError };

/** How long a request waits for its ack before it counts as lost. */
export const ACK_TIMEOUT_MS = 10_000;

export function failure(code: ClientErrorCode, message: string): { ok: false; error: RequestError } {
  return { ok: false, error: { code, message } };
}

interface UntypedEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}

/**
 * Sends one request and resolves with its ack as a value, never throwing: `OFFLINE` when not connected (nothing
 * is buffered for later), `TIMEOUT` when no ack came within `timeoutMs`.
 */
export async function request<E extends RequestEvent>(
  socket: ChatSocket | null,
  event: E,
  payload: RequestInput<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Result<ResultOf<E>>> {
  if (!socket?.connected) return failure('OFFLINE', 'not connected');
  let ack: unknown;
  try {
    // The event maps type every request; a generic `E` is beyond what socket.io's types can narrow.
    ack = await (socket.timeout(timeoutMs) as unknown as UntypedEmitter).emitWithAck(event, payload);
  } catch {
    return failure('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`);
  }
  if (isAck<ResultOf<E>>(ack)) return ack;
  console.error(`[request] malformed ack for ${event}`, ack);
  return failure('INTERNAL', 'malformed answer from the server');
}

function isAck<T>(value: unknown): value is Result<T> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'data' in value : 'error' in value;
}
