import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** Paths that may carry credentials; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'auth',
  '*.auth',
  'secret',
  '*.secret',
  'appSecret',
  '*.appSecret',
  'session_key',
  '*.session_key',
  'js_code',
  '*.js_code',
  // A device account's credential (POST /api/session/device) signs its user in.
  'credential',
  '*.credential',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'handshake.auth',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
