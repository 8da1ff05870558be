import path from 'node:path';
import * as v from 'valibot';

/** The only module that reads `process.env`; everything else receives a validated `Config`. */

const UNIT_MS = { ms: 1, s: 1000, m: 60 * 1000, h: 60 * 60 * 1000, d: 24 * 60 * 60 * 1000 } as const;

/** `"500ms"`, `"45s"`, `"30m"`, `"12h"`, `"7d"`; a bare number counts seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

const duration = (fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.transform((text) => parseDuration(text) ?? Number.NaN),
      // NaN fails here.
      v.number('must be a duration such as 45s, 30m, 12h or 7d'),
    ),
    fallback,
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The client's H5 build, next to the server package (dist/ and src/ both sit one level below the package). */
const DEFAULT_WEB_ROOT = path.resolve(__dirname, '..', '..', 'client', 'dist', 'h5');

const EnvSchema = v.object({
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a port number'), v.transform(Number), v.maxValue(65535)),
    '3000',
  ),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
  /** HS256 key; without it a random one is generated once and kept in DATA_DIR/secret.key. */
  TOKEN_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  TOKEN_TTL: duration('7d'),
  INVITE_TTL: duration('7d'),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS), 'info'),
  /** Comma-separated origins or `*`. Parsed now, enforced in a later issue. */
  ALLOWED_ORIGINS: v.optional(v.string(), '*'),
  WEB_ROOT: v.optional(v.pipe(v.string(), v.minLength(1))),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  tokenSecret: string | undefined;
  tokenTtlMs: number;
  inviteTtlMs: number;
  logLevel: LogLevel;
  allowedOrigins: '*' | string[];
  /** Absolute path of the built H5 app, served at `/` when it exists. */
  webRoot: string;
}

export class ConfigError extends Error {}

function parseOrigins(text: string): '*' | string[] {
  const origins = text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  return origins.length === 0 || origins.includes('*') ? '*' : origins;
}

/** Validates the environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const parsed = result.output;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: path.resolve(parsed.DATA_DIR),
    tokenSecret: parsed.TOKEN_SECRET,
    tokenTtlMs: parsed.TOKEN_TTL,
    inviteTtlMs: parsed.INVITE_TTL,
    logLevel: parsed.LOG_LEVEL,
    allowedOrigins: parseOrigins(parsed.ALLOWED_ORIGINS),
    webRoot: parsed.WEB_ROOT === undefined ? DEFAULT_WEB_ROOT : path.resolve(parsed.WEB_ROOT),
  };
}
