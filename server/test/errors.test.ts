import { createLogger } from '../src/logger';
import { call, request, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
const logLines: string[] = [];
beforeAll(async () => {
  server = await startServer({
    logLines,
    wrapStore: (store) => ({
      ...store,
      listVisibleRooms: async () => {
        throw new Error('disk on fire');
      },
    }),
  });
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

describe('unexpected failures', () => {
  it('answer INTERNAL with a generic message, log the detail and keep the connection usable', async () => {
    const ann = await server.client('Ann');
    const ack = await request(ann, 'room:list', {});
    expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(logLines.some((line) => line.includes('disk on fire') && line.includes('room:list'))).toBe(true);
    expect(ann.connected).toBe(true);
    const roomId = await roomWith(ann);
    expect((await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'still here' })).message.seq).toBe(1);
  });
});

describe('logs', () => {
  it('never contain a token', async () => {
    const ann = await server.client('Ann');
    await request(ann, 'room:list', {});
    await call(ann, 'room:create', { name: 'logged' });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(ann.session.token);
  });

  it('redact credentials wherever a logged object carries them', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ req: { headers: { authorization: 'Bearer tok-1', cookie: 'c-1' } } }, 'request');
    logger.info({ headers: { authorization: 'Bearer tok-2' }, handshake: { auth: { token: 'tok-3' } } }, 'socket');
    logger.info({ wechat: { appSecret: 'sec-1', session_key: 'key-1', js_code: 'code-1' }, token: 'tok-4' }, 'x');
    const logged = lines.join('\n');
    expect(logged).toContain('[redacted]');
    for (const secret of ['tok-1', 'c-1', 'tok-2', 'tok-3', 'sec-1', 'key-1', 'code-1', 'tok-4']) {
      expect(logged).not.toContain(secret);
    }
  });
});
