import path from 'node:path';
import { ConfigError, loadConfig, parseDuration } from '../src/config';
import { parseOrigins, parseRate, parseTrustProxy } from '../src/config-values';

const DAY_MS = 24 * 60 * 60 * 1000;

const DEFAULT_LIMITS = {
  maxConnectionsPerIp: 1000,
  maxSocketsPerUser: 10,
  slowConsumer: { maxBufferedBytes: 1024 * 1024, maxBufferedPackets: 2000, drainTimeoutMs: 10_000 },
  maxRoomMembers: 1000,
  maxRoomsPerUser: 200,
  maxFrameBytes: 64 * 1024,
  media: {
    maxFileBytes: 20 * 1024 * 1024,
    maxImageBytes: 10 * 1024 * 1024,
    maxVoiceBytes: 2 * 1024 * 1024,
    quotaBytes: 1024 ** 3,
  },
  rates: {
    messageSend: { points: 20, durationMs: 2000 },
    roomCreate: { points: 5, durationMs: 60_000 },
    roomInvite: { points: 10, durationMs: 60_000 },
    typing: { points: 10, durationMs: 5000 },
    request: { points: 300, durationMs: 10_000 },
    signIn: { points: 300, durationMs: 60_000 },
    signInAccount: { points: 10, durationMs: 60_000 },
    handshake: { points: 1000, durationMs: 10_000 },
    profileWrite: { points: 10, durationMs: 60_000 },
    mediaUpload: { points: 30, durationMs: 60_000 },
  },
};

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('data'),
      databaseUrl: undefined,
      redisUrl: undefined,
      redisKeyPrefix: 'tandem:',
      presenceTtlMs: 30_000,
      databasePoolMax: 10,
      tokenSecret: undefined,
      tokenTtlMs: 7 * DAY_MS,
      inviteTtlMs: 7 * DAY_MS,
      recallWindowMs: 2 * 60 * 1000,
      metricsToken: undefined,
      logLevel: 'info',
      allowedOrigins: [],
      trustProxy: false,
      webRoot: path.resolve(__dirname, '..', '..', 'client', 'dist', 'h5'),
      wechat: undefined,
      limits: DEFAULT_LIMITS,
      mediaUrlTtlMs: 10 * 60 * 1000,
      mediaSecret: undefined,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/tandem',
      DATABASE_URL: 'postgresql://tandem:pw@db.example:5432/tandem',
      DATABASE_POOL_MAX: '4',
      REDIS_URL: 'rediss://:pw@redis.example:6380/2',
      REDIS_KEY_PREFIX: 'chat-prod:',
      PRESENCE_TTL: '45s',
      TOKEN_SECRET: 's'.repeat(32),
      TOKEN_TTL: '12h',
      INVITE_TTL: '30m',
      RECALL_WINDOW: '45s',
      METRICS_TOKEN: 'm'.repeat(32),
      LOG_LEVEL: 'debug',
      ALLOWED_ORIGINS: 'https://a.example, https://B.example:8443/',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      WEB_ROOT: '/srv/h5',
      WECHAT_APP_ID: 'wx123',
      WECHAT_APP_SECRET: 'app-secret',
      WECHAT_API_BASE: 'http://127.0.0.1:9999/',
      MAX_CONNECTIONS_PER_IP: '500',
      MAX_ROOM_MEMBERS: '50',
      MAX_ROOMS_PER_USER: '7',
      MAX_FRAME_BYTES: '16384',
      RATE_MESSAGE_SEND: '100/1s',
      RATE_ROOM_CREATE: '1/1h',
      RATE_ROOM_INVITE: '2/1h',
      RATE_TYPING: '3/3s',
      RATE_REQUESTS: '4/4s',
      RATE_SIGN_IN: '5/5m',
      RATE_HANDSHAKE: '6/6s',
      RATE_SIGN_IN_ACCOUNT: '8/8s',
      RATE_PROFILE_WRITE: '9/9s',
      RATE_MEDIA_UPLOAD: '10/10s',
      MEDIA_MAX_FILE_BYTES: '1000',
      MEDIA_MAX_IMAGE_BYTES: '2000',
      MEDIA_MAX_VOICE_BYTES: '3000',
      MEDIA_QUOTA_BYTES: '4000',
      MEDIA_URL_TTL: '90s',
      MEDIA_SECRET: 'k'.repeat(32),
      MAX_SOCKETS_PER_USER: '3',
      SLOW_CONSUMER_MAX_BYTES: '65536',
      SLOW_CONSUMER_MAX_PACKETS: '100',
      SLOW_CONSUMER_DRAIN_TIMEOUT: '2s',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/tandem',
      databaseUrl: 'postgresql://tandem:pw@db.example:5432/tandem',
      redisUrl: 'rediss://:pw@redis.example:6380/2',
      redisKeyPrefix: 'chat-prod:',
      presenceTtlMs: 45_000,
      databasePoolMax: 4,
      tokenSecret: 's'.repeat(32),
      tokenTtlMs: 12 * 60 * 60 * 1000,
      inviteTtlMs: 30 * 60 * 1000,
      recallWindowMs: 45_000,
      metricsToken: 'm'.repeat(32),
      logLevel: 'debug',
      allowedOrigins: ['https://a.example', 'https://b.example:8443'],
      trustProxy: ['loopback', '10.0.0.0/8'],
      webRoot: '/srv/h5',
      wechat: { appId: 'wx123', appSecret: 'app-secret', apiBase: 'http://127.0.0.1:9999' },
      limits: {
        maxConnectionsPerIp: 500,
        maxSocketsPerUser: 3,
        slowConsumer: { maxBufferedBytes: 65536, maxBufferedPackets: 100, drainTimeoutMs: 2000 },
        maxRoomMembers: 50,
        maxRoomsPerUser: 7,
        maxFrameBytes: 16384,
        media: { maxFileBytes: 1000, maxImageBytes: 2000, maxVoiceBytes: 3000, quotaBytes: 4000 },
        rates: {
          messageSend: { points: 100, durationMs: 1000 },
          roomCreate: { points: 1, durationMs: 3_600_000 },
          roomInvite: { points: 2, durationMs: 3_600_000 },
          typing: { points: 3, durationMs: 3000 },
          request: { points: 4, durationMs: 4000 },
          signIn: { points: 5, durationMs: 300_000 },
          signInAccount: { points: 8, durationMs: 8000 },
          handshake: { points: 6, durationMs: 6000 },
          profileWrite: { points: 9, durationMs: 9000 },
          mediaUpload: { points: 10, durationMs: 10_000 },
        },
      },
      mediaUrlTtlMs: 90_000,
      mediaSecret: 'k'.repeat(32),
    });
  });

  it('resolves a relative DATA_DIR and WEB_ROOT against INIT_CWD, where npm or pnpm was run', () => {
    const config = loadConfig({ INIT_CWD: '/home/ann/tandem', DATA_DIR: './data', WEB_ROOT: 'client/dist/h5' });
    expect(config.dataDir).toBe('/home/ann/tandem/data');
    expect(config.webRoot).toBe('/home/ann/tandem/client/dist/h5');
    expect(loadConfig({ INIT_CWD: '/home/ann/tandem' }).dataDir).toBe('/home/ann/tandem/data');
  });

  it('resolves relative paths against the working directory without INIT_CWD, and keeps absolute ones', () => {
    expect(loadConfig({ DATA_DIR: 'db', WEB_ROOT: 'web' })).toMatchObject({
      dataDir: path.join(process.cwd(), 'db'),
      webRoot: path.join(process.cwd(), 'web'),
    });
    expect(loadConfig({ INIT_CWD: '', DATA_DIR: 'db' }).dataDir).toBe(path.join(process.cwd(), 'db'));
    const absolute = loadConfig({ INIT_CWD: '/home/ann/tandem', DATA_DIR: '/var/lib/tandem', WEB_ROOT: '/srv/h5' });
    expect(absolute).toMatchObject({ dataDir: '/var/lib/tandem', webRoot: '/srv/h5' });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/bin' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['TOKEN_SECRET', 'short'],
    ['TOKEN_TTL', 'forever'],
    ['INVITE_TTL', '0'],
    ['RECALL_WINDOW', 'soon'],
    ['LOG_LEVEL', 'loud'],
    ['ALLOWED_ORIGINS', 'chat.example'],
    ['ALLOWED_ORIGINS', 'https://chat.example/app'],
    ['TRUST_PROXY', 'not-an-address'],
    ['WECHAT_API_BASE', 'not a url'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://tandem@db.example/tandem'],
    ['DATABASE_URL', 'postgres:///tandem'],
    ['DATABASE_POOL_MAX', '0'],
    ['REDIS_URL', 'not a url'],
    ['REDIS_URL', 'http://redis.example:6379'],
    ['REDIS_URL', 'redis://'],
    ['REDIS_KEY_PREFIX', ''],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['REDIS_KEY_PREFIX', 'x'.repeat(65)],
    ['PRESENCE_TTL', 'soon'],
    ['MAX_CONNECTIONS_PER_IP', '0'],
    ['MAX_ROOM_MEMBERS', 'many'],
    ['MAX_ROOMS_PER_USER', '-5'],
    ['MAX_FRAME_BYTES', '64KB'],
    ['MAX_FRAME_BYTES', '0'],
    ['RATE_MESSAGE_SEND', '20'],
    ['RATE_SIGN_IN', '10/500ms'],
    ['RATE_HANDSHAKE', '0/1s'],
    ['RATE_SIGN_IN_ACCOUNT', 'ten'],
    ['MAX_SOCKETS_PER_USER', '0'],
    ['SLOW_CONSUMER_MAX_BYTES', '1MB'],
    ['SLOW_CONSUMER_MAX_PACKETS', '-1'],
    ['SLOW_CONSUMER_DRAIN_TIMEOUT', 'never'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('enables WeChat sign-in only with both the app id and the secret', () => {
    expect(() => loadConfig({ WECHAT_APP_ID: 'wx123' })).toThrow('WECHAT_APP_SECRET');
    expect(() => loadConfig({ WECHAT_APP_SECRET: 's' })).toThrow('WECHAT_APP_ID');
    expect(loadConfig({ WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's' }).wechat).toEqual({
      appId: 'wx1',
      appSecret: 's',
      apiBase: 'https://api.weixin.qq.com',
    });
  });

  it('selects PostgreSQL with a postgres:// DATABASE_URL, and never repeats a bad one (it may hold a password)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/tandem' }).databaseUrl).toBe('postgres://127.0.0.1/tandem');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://tandem:pw-secret@db/tandem' })).toThrow('DATABASE_URL');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://tandem:pw-secret@db/tandem' })).not.toThrow('pw-secret');
  });

  it('enables what spans nodes with a redis:// REDIS_URL, and never repeats a bad one (it may hold a password)', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig({ REDIS_URL: 'tcp://:pw-secret@cache:6379' })).toThrow('REDIS_URL');
    expect(() => loadConfig({ REDIS_URL: 'tcp://:pw-secret@cache:6379' })).not.toThrow('pw-secret');
  });

  it('takes a METRICS_TOKEN of at least 32 printable characters without spaces, never repeating a bad one', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short-metrics-token' })).toThrow('METRICS_TOKEN');
    expect(() => loadConfig({ METRICS_TOKEN: 'short-metrics-token' })).not.toThrow('short-metrics-token');
    expect(() => loadConfig({ METRICS_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` })).toThrow('METRICS_TOKEN');
  });

  it('never puts the WeChat secret in a validation error', () => {
    expect(() => loadConfig({ WECHAT_APP_SECRET: 'very-secret-value' })).not.toThrow('very-secret-value');
  });
});

describe('value formats', () => {
  it('reads a rate as points per whole-second window', () => {
    expect(parseRate('20/2s')).toEqual({ points: 20, durationMs: 2000 });
    expect(parseRate(' 5 / 1m ')).toEqual({ points: 5, durationMs: 60_000 });
    for (const text of ['20', '/2s', '20/', '1.5/1s', '0/1s', '20/1500ms', '20/forever']) {
      expect(parseRate(text)).toBeUndefined();
    }
  });

  it('reads TRUST_PROXY as off, on, a hop count or addresses', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('127.0.0.1, ::1, 10.0.0.0/8')).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(parseTrustProxy('proxy.example')).toBeUndefined();
  });

  it('reads ALLOWED_ORIGINS as * or a list of normalised origins, empty meaning none besides the own', () => {
    expect(parseOrigins('')).toEqual([]);
    expect(parseOrigins('https://a.example, *')).toBe('*');
    expect(parseOrigins('HTTPS://A.example:443, http://localhost:10086')).toEqual([
      'https://a.example',
      'http://localhost:10086',
    ]);
    expect(parseOrigins('https://a.example/path')).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['45s', 45_000],
    ['45', 45_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['7d', 7 * DAY_MS],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'd', '1.5h', '-3s', '0s', '3 weeks'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
