import path from 'node:path';
import { ConfigError, loadConfig, parseDuration } from '../src/config';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('data'),
      tokenSecret: undefined,
      tokenTtlMs: 7 * DAY_MS,
      inviteTtlMs: 7 * DAY_MS,
      logLevel: 'info',
      allowedOrigins: '*',
      webRoot: path.resolve(__dirname, '..', '..', 'client', 'dist', 'h5'),
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/tandem',
      TOKEN_SECRET: 's'.repeat(32),
      TOKEN_TTL: '12h',
      INVITE_TTL: '30m',
      LOG_LEVEL: 'debug',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      WEB_ROOT: '/srv/h5',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/tandem',
      tokenSecret: 's'.repeat(32),
      tokenTtlMs: 12 * 60 * 60 * 1000,
      inviteTtlMs: 30 * 60 * 1000,
      logLevel: 'debug',
      allowedOrigins: ['https://a.example', 'https://b.example'],
      webRoot: '/srv/h5',
    });
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
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
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
