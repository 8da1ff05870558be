import { createSocket } from '../../src/platform/socket.weapp';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { signInOverHttp } from '../support/peer';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('the mini program socket', () => {
  it('connects to the real server over Taro.connectSocket and answers requests', async () => {
    const session = await signInOverHttp(server.url, 'Mini');
    const socket = createSocket(server.url, { auth: () => ({ token: session.token }) });
    try {
      socket.connect();
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(socket.io.engine.transport.name).toBe('websocket');
      const ack = await socket.timeout(5000).emitWithAck('room:create', { name: 'from weapp' });
      expect(ack).toMatchObject({ ok: true, data: { room: { name: 'from weapp' } } });
    } finally {
      socket.disconnect();
    }
  });
});
