import path from 'node:path';
import * as v from 'valibot';
import { MAX_FRAME_BYTES, MEDIA_MAX_FILE_BYTES, MEDIA_MAX_IMAGE_BYTES, MEDIA_MAX_VOICE_BYTES } from '@tandem/protocol';
import {
  parseCount,
  parseDatabaseUrl,
  parseDuration,
  parseOrigins,
  parseRate,
  parseRedisUrl,
  parseTrustProxy,
} from './config-values';
import type { Rate, TrustProxy } from './config-values';

/** The only module that reads `process.env`; everything else receives a validated `Config`. */

export { parseDuration };
export type { Rate, TrustProxy };

/** A string variable read with `parse`; `fallback` (a string in the same format) when unset. */
const parsed = <T>(parse: (text: string) => T | undefined, message: string, fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const value = parse(dataset.value);
        if (value === undefined) addIssue({ message });
        return value ?? NEVER;
      }),
    ),
    fallback,
  );
const duration = (fallback: string) =>
  parsed(parseDuration, 'must be a duration such as 45s, 30m, 12h or 7d', fallback);
const rate = (fallback: string) =>
  parsed(parseRate, 'must be a rate such as 20/2s (points per window of whole seconds)', fallback);
const count = (fallback: string) => parsed(parseCount, 'must be a whole number of at least 1', fallback);
const optionalText = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The client's H5 build, next to the server package (dist/ and src/ both sit one level below the package). */
const DEFAULT_WEB_ROOT = path.resolve(__dirname, '..', '..', 'client', 'dist', 'h5');

/**
 * Where a relative `DATA_DIR` or `WEB_ROOT` starts: the directory the command was typed in, which npm and pnpm pass
 * as `INIT_CWD`. Not the working directory: the root `pnpm start` runs the server in server/, and `./data` must mean
 * the root's data/ there. Without `INIT_CWD` (`node dist/index.js`), the working directory.
 */
const baseDirectory = (initCwd: string | undefined) => initCwd || process.cwd();

/** Where the command was typed, for the relative paths a command takes as arguments (`pnpm backup --out`). */
export const commandDirectory = (env: NodeJS.ProcessEnv = process.env): string => baseDirectory(env.INIT_CWD);

const EnvSchema = v.object({
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a port number'), v.transform(Number), v.maxValue(65535)),
    '3000',
  ),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  /** Relative to where the command was typed (see `baseDirectory`). */
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
  /** HS256 key; without it a random one is generated once and kept in DATA_DIR/secret.key. */
  /** PostgreSQL instead of the SQLite file in DATA_DIR. The message never repeats the value: it holds a password. */
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const url = parseDatabaseUrl(dataset.value);
        if (url === undefined)
          addIssue({ message: 'must be a URL such as postgres://tandem:password@db.example:5432/tandem' });
        return url ?? NEVER;
      }),
    ),
  ),
  /** Redis: what spans several nodes (adapter, presence, rate limits). The message never repeats the value. */
  REDIS_URL: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const url = parseRedisUrl(dataset.value);
        if (url === undefined) addIssue({ message: 'must be a URL such as redis://:password@redis.example:6379/0' });
        return url ?? NEVER;
      }),
    ),
  ),
  /** Starts every Redis key of this deployment: several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : or -')),
    'tandem:',
  ),
  /** With REDIS_URL: a node that stops renewing its presence for this long stops counting its users online. */
  PRESENCE_TTL: duration('30s'),
  /** Connections each node keeps open to PostgreSQL at most (nodes x this must stay under its max_connections). */
  DATABASE_POOL_MAX: count('10'),
  TOKEN_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  TOKEN_TTL: duration('7d'),
  /** Bearer token of GET /metrics; unset, the route answers 404. */
  METRICS_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.minLength(32, 'must be at least 32 characters'),
      v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
  ),
  INVITE_TTL: duration('7d'),
  RECALL_WINDOW: duration('2m'),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS), 'info'),
  /** Origins besides the page's own; empty (the default) allows the same origin and Origin-less clients only. */
  ALLOWED_ORIGINS: parsed(parseOrigins, 'must be * or comma-separated origins such as https://chat.example', ''),
  TRUST_PROXY: parsed(parseTrustProxy, 'must be false, true, a hop count or addresses/CIDRs', 'false'),
  /** Relative to where the command was typed, like DATA_DIR; by default the client's H5 build. */
  WEB_ROOT: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Set by npm and pnpm: the directory their command was run from. */
  INIT_CWD: v.optional(v.string()),
  WECHAT_APP_ID: optionalText,
  WECHAT_APP_SECRET: optionalText,
  WECHAT_API_BASE: v.optional(v.pipe(v.string(), v.url('must be a URL')), 'https://api.weixin.qq.com'),
  /** Sized for a shared address (a campus or carrier-grade NAT): per-user limits hold each person. */
  MAX_CONNECTIONS_PER_IP: count('1000'),
  MAX_SOCKETS_PER_USER: count('10'),
  MAX_ROOM_MEMBERS: count('1000'),
  MAX_ROOMS_PER_USER: count('200'),
  MAX_FRAME_BYTES: count(String(MAX_FRAME_BYTES)),
  RATE_MESSAGE_SEND: rate('20/2s'),
  RATE_ROOM_CREATE: rate('5/1m'),
  RATE_ROOM_INVITE: rate('10/1m'),
  RATE_TYPING: rate('10/5s'),
  RATE_REQUESTS: rate('300/10s'),
  RATE_SIGN_IN: rate('300/1m'),
  RATE_SIGN_IN_ACCOUNT: rate('10/1m'),
  RATE_HANDSHAKE: rate('1000/10s'),
  RATE_PROFILE_WRITE: rate('10/1m'),
  RATE_MEDIA_UPLOAD: rate('30/1m'),
  MEDIA_MAX_FILE_BYTES: count(String(MEDIA_MAX_FILE_BYTES)),
  MEDIA_MAX_IMAGE_BYTES: count(String(MEDIA_MAX_IMAGE_BYTES)),
  MEDIA_MAX_VOICE_BYTES: count(String(MEDIA_MAX_VOICE_BYTES)),
  /** Bytes one user may have uploaded in all. */
  MEDIA_QUOTA_BYTES: count(String(1024 * 1024 * 1024)),
  /** How long a signed media URL works at least (it works up to half as long again). */
  MEDIA_URL_TTL: duration('10m'),
  /** HMAC key of media URLs; without it a random one is generated once and kept in DATA_DIR/media.key. */
  MEDIA_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  SLOW_CONSUMER_MAX_BYTES: count(String(1024 * 1024)),
  SLOW_CONSUMER_MAX_PACKETS: count('2000'),
  SLOW_CONSUMER_DRAIN_TIMEOUT: duration('10s'),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Per-user request limits (`messageSend`, `roomCreate`, `roomInvite`, `typing`, and `request` for every other
 * event), per-IP limits (`signIn` for `POST /api/session*`, `handshake` for Engine.IO handshakes) and the
 * per-account sign-in limit (`signInAccount`: per nickname, WeChat user or token holder), and per user its profile
 * writes (`profileWrite`: display name and avatar, each an image re-encoded and a change announced to its rooms).
 */
export type RateName =
  | 'messageSend'
  | 'roomCreate'
  | 'roomInvite'
  | 'typing'
  | 'request'
  | 'signIn'
  | 'signInAccount'
  | 'handshake'
  | 'profileWrite'
  | 'mediaUpload';

/** Media uploads (issue 13): the largest upload of each kind and what one user may have uploaded in all, in bytes. */
export interface MediaLimits {
  maxFileBytes: number;
  maxImageBytes: number;
  maxVoiceBytes: number;
  quotaBytes: number;
}

/**
 * When a socket counts as a slow consumer and is disconnected: its unsent output (Engine.IO's write buffer plus
 * the websocket's kernel-side backlog) passes `maxBufferedBytes` or `maxBufferedPackets`, or it has had output
 * waiting for `drainTimeoutMs` without draining.
 */
export interface SlowConsumerLimits {
  maxBufferedBytes: number;
  maxBufferedPackets: number;
  drainTimeoutMs: number;
}

export interface Limits {
  rates: Record<RateName, Rate>;
  /** Live Engine.IO connections from one IP address (IPv6: one /64), counted at the handshake. */
  maxConnectionsPerIp: number;
  /** Live sockets of one user (all its devices and tabs). */
  maxSocketsPerUser: number;
  slowConsumer: SlowConsumerLimits;
  maxRoomMembers: number;
  maxRoomsPerUser: number;
  /** Largest Socket.IO frame (a larger one closes that connection) and HTTP body (a larger one is 413), in bytes. */
  maxFrameBytes: number;
  media: MediaLimits;
}

export interface WechatConfig {
  appId: string;
  appSecret: string;
  /** Without a trailing slash. */
  apiBase: string;
}

export interface Config {
  port: number;
  host: string;
  /** Absolute; given relative, resolved against the directory the command was typed in (`INIT_CWD`). */
  dataDir: string;
  /** PostgreSQL's URL when set; otherwise the store is SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Redis's URL when several nodes share the work (cluster/); undefined runs one node on its own. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  /** With Redis: how long a node that stopped renewing its presence still counts (see cluster/node-presence.ts). */
  presenceTtlMs: number;
  /** The PostgreSQL pool's size on this node. */
  databasePoolMax: number;
  tokenSecret: string | undefined;
  tokenTtlMs: number;
  inviteTtlMs: number;
  /** How long after sending a message its sender may recall it. */
  recallWindowMs: number;
  /** The bearer token a Prometheus scraper sends to `GET /metrics`; undefined keeps metrics unexposed. */
  metricsToken: string | undefined;
  logLevel: LogLevel;
  /** Origins allowed besides the same origin and Origin-less clients; `*` allows every origin. */
  allowedOrigins: '*' | string[];
  trustProxy: TrustProxy;
  /** Absolute path of the built H5 app, served at `/` when it exists. */
  webRoot: string;
  /** WeChat sign-in; undefined (the route answers 501) unless both the app id and the secret are set. */
  wechat: WechatConfig | undefined;
  limits: Limits;
  /** How long a signed media URL works at least. */
  mediaUrlTtlMs: number;
  mediaSecret: string | undefined;
}

export class ConfigError extends Error {}

/** Validates the environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const parsedEnv = result.output;
  const { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret } = parsedEnv;
  if ((appId === undefined) !== (appSecret === undefined)) {
    throw new ConfigError('Invalid configuration: WECHAT_APP_ID and WECHAT_APP_SECRET must be set together');
  }
  const baseDir = baseDirectory(parsedEnv.INIT_CWD);
  return {
    port: parsedEnv.PORT,
    host: parsedEnv.HOST,
    dataDir: path.resolve(baseDir, parsedEnv.DATA_DIR),
    databaseUrl: parsedEnv.DATABASE_URL,
    redisUrl: parsedEnv.REDIS_URL,
    redisKeyPrefix: parsedEnv.REDIS_KEY_PREFIX,
    presenceTtlMs: parsedEnv.PRESENCE_TTL,
    databasePoolMax: parsedEnv.DATABASE_POOL_MAX,
    tokenSecret: parsedEnv.TOKEN_SECRET,
    tokenTtlMs: parsedEnv.TOKEN_TTL,
    inviteTtlMs: parsedEnv.INVITE_TTL,
    recallWindowMs: parsedEnv.RECALL_WINDOW,
    metricsToken: parsedEnv.METRICS_TOKEN,
    logLevel: parsedEnv.LOG_LEVEL,
    allowedOrigins: parsedEnv.ALLOWED_ORIGINS,
    trustProxy: parsedEnv.TRUST_PROXY,
    webRoot: parsedEnv.WEB_ROOT === undefined ? DEFAULT_WEB_ROOT : path.resolve(baseDir, parsedEnv.WEB_ROOT),
    wechat:
      appId === undefined || appSecret === undefined
        ? undefined
        : { appId, appSecret, apiBase: parsedEnv.WECHAT_API_BASE.replace(/\/+$/, '') },
    limits: {
      maxConnectionsPerIp: parsedEnv.MAX_CONNECTIONS_PER_IP,
      maxSocketsPerUser: parsedEnv.MAX_SOCKETS_PER_USER,
      slowConsumer: {
        maxBufferedBytes: parsedEnv.SLOW_CONSUMER_MAX_BYTES,
        maxBufferedPackets: parsedEnv.SLOW_CONSUMER_MAX_PACKETS,
        drainTimeoutMs: parsedEnv.SLOW_CONSUMER_DRAIN_TIMEOUT,
      },
      maxRoomMembers: parsedEnv.MAX_ROOM_MEMBERS,
      maxRoomsPerUser: parsedEnv.MAX_ROOMS_PER_USER,
      maxFrameBytes: parsedEnv.MAX_FRAME_BYTES,
      media: {
        maxFileBytes: parsedEnv.MEDIA_MAX_FILE_BYTES,
        maxImageBytes: parsedEnv.MEDIA_MAX_IMAGE_BYTES,
        maxVoiceBytes: parsedEnv.MEDIA_MAX_VOICE_BYTES,
        quotaBytes: parsedEnv.MEDIA_QUOTA_BYTES,
      },
      rates: {
        messageSend: parsedEnv.RATE_MESSAGE_SEND,
        roomCreate: parsedEnv.RATE_ROOM_CREATE,
        roomInvite: parsedEnv.RATE_ROOM_INVITE,
        typing: parsedEnv.RATE_TYPING,
        request: parsedEnv.RATE_REQUESTS,
        signIn: parsedEnv.RATE_SIGN_IN,
        signInAccount: parsedEnv.RATE_SIGN_IN_ACCOUNT,
        handshake: parsedEnv.RATE_HANDSHAKE,
        profileWrite: parsedEnv.RATE_PROFILE_WRITE,
        mediaUpload: parsedEnv.RATE_MEDIA_UPLOAD,
      },
    },
    mediaUrlTtlMs: parsedEnv.MEDIA_URL_TTL,
    mediaSecret: parsedEnv.MEDIA_SECRET,
  };
}
