import * as v from 'valibot';

/** The closed set of error codes an ack or an HTTP error body can carry. */
export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'NOT_FOUND',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  /** The thing to create exists already: a username taken in any letter case. */
  'CONFLICT',
  /** What was asked of is no longer valid: a sign-in ticket expired, refused or already used. */
  'EXPIRED',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = v.picklist(ERROR_CODES);
export type ErrorCode = v.InferOutput<typeof ErrorCodeSchema>;

export const ErrorBodySchema = v.object({
  code: ErrorCodeSchema,
  message: v.string(),
  /** With `RATE_LIMITED`: how long to wait before trying again. */
  retryAfterMs: v.optional(v.number()),
});
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

/** The one argument of every ack. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (response: Ack<T>) => void;

/** Builds the ack schema for a success payload, for clients and tests that validate what they receive. */
export function ackSchema<T extends v.GenericSchema>(data: T) {
  return v.variant('ok', [
    v.object({ ok: v.literal(true), data }),
    v.object({ ok: v.literal(false), error: ErrorBodySchema }),
  ]);
}

/** The message of a `connect_error` when the handshake token is missing, forged or expired. */
export const UNAUTHORIZED_CONNECT_ERROR = 'unauthorized';

/**
 * The message of a `connect_error` when the address opens connections too fast or holds too many; the error's
 * `data` is an `ErrorBody` with code `RATE_LIMITED` (and `retryAfterMs` when waiting helps).
 */
export const RATE_LIMITED_CONNECT_ERROR = 'rate limited';
