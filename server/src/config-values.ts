import proxyAddr from '@fastify/proxy-addr';

/** Parsers for the value formats of config.ts; pure functions of a string, `undefined` when it is not valid. */

const UNIT_MS = { ms: 1, s: 1000, m: 60 * 1000, h: 60 * 60 * 1000, d: 24 * 60 * 60 * 1000 } as const;

/** `"500ms"`, `"45s"`, `"30m"`, `"12h"`, `"7d"`; a bare number counts seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** A fixed-window rate limit: at most `points` per window of `durationMs`. */
export interface Rate {
  points: number;
  durationMs: number;
}

/** `"20/2s"`: 20 per 2-second window. The window is whole seconds (what every rate-limiter-flexible store takes). */
export function parseRate(text: string): Rate | undefined {
  const match = /^(\d+)\s*\/\s*(.+)$/.exec(text.trim());
  if (!match) return undefined;
  const points = Number(match[1]);
  const durationMs = parseDuration(match[2] ?? '');
  if (points < 1 || !Number.isSafeInteger(points) || durationMs === undefined || durationMs % 1000 !== 0) {
    return undefined;
  }
  return { points, durationMs };
}

/** A positive whole number. */
export function parseCount(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const count = Number(text);
  return count >= 1 && Number.isSafeInteger(count) ? count : undefined;
}

/**
 * Which peers may set X-Forwarded-For: `false` (nobody: the peer address is the client), `true` (anyone: only
 * behind a proxy that overwrites the header), a number of proxy hops, or addresses / CIDRs / proxy-addr names
 * (`loopback`, `uniquelocal`...). The same value goes to Fastify's `trustProxy`.
 */
export type TrustProxy = boolean | number | string[];

export function parseTrustProxy(text: string): TrustProxy | undefined {
  const value = text.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value.split(',').map((address) => address.trim());
  try {
    proxyAddr.compile(addresses);
  } catch {
    return undefined;
  }
  return addresses;
}

/**
 * `*` (any origin) or a comma-separated list of origins such as `https://chat.example.com`. The page's own origin
 * (matching the Host header) and requests without an Origin header are always allowed; an empty list allows only
 * those.
 */
export function parseOrigins(text: string): '*' | string[] | undefined {
  const origins = text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins.includes('*')) return '*';
  const normalised = origins.map(normaliseOrigin);
  return normalised.every((origin) => origin !== undefined) ? normalised : undefined;
}

/** `scheme://host[:port]` as browsers send it in the Origin header, or undefined for anything else. */
function normaliseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
    return bare && url.origin !== 'null' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PostgreSQL connection URL (`postgres://` or `postgresql://`) with a host, as pg reads it; `undefined` otherwise.
 * Returned unchanged: its password, if any, must never reach a message or a log (see describeDatabaseUrl).
 */
export function parseDatabaseUrl(text: string): string | undefined {
  const value = text.trim();
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Redis connection URL (`redis://` or `rediss://` for TLS) with a host, as ioredis reads it; `undefined`
 * otherwise. Returned unchanged: like DATABASE_URL it may hold a password (see describeRedisUrl).
 */
export function parseRedisUrl(text: string): string | undefined {
  const value = text.trim();
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
