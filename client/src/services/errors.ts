import type { ErrorCode } from '@tandem/protocol';

/**
 * The server's error codes plus those a client meets on its own: no ack in time, no connection, no sign-in code
 * from WeChat, no room left in the outbox, no device credential made or kept (no crypto source, storage full), and a
 * scanned QR code that is not a sign-in code.
 */
export type ClientErrorCode =
  ErrorCode | 'TIMEOUT' | 'OFFLINE' | 'LOGIN_FAILED' | 'OUTBOX_FULL' | 'CREDENTIAL_UNAVAILABLE' | 'BAD_QR';

export interface RequestError {
  code: ClientErrorCode;
  message: string;
  retryAfterMs?: number;
  /** The HTTP status, for errors of HTTP requests. */
  status?: number;
}

/** What every intent and request answers: errors are values, never exceptions. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: RequestError };

export function failure(code: ClientErrorCode, message: string): { ok: false; error: RequestError } {
  return { ok: false, error: { code, message } };
}
