import type { Socket as ServerSocket } from 'socket.io';
import { createMiniProgramTransport, getLiveSocketTaskCount } from '../src';
import type { FakeSocketTask } from './support/fake-wx';
import { Harness, connected, nextEvent, serverSocketOf, waitFor } from './support/harness';

describe('reconnection', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.start((io) => {
      io.on('connection', (socket: ServerSocket) => {
        socket.on('echo', (payload: unknown, ack: (payload: unknown) => void) => ack(payload));
      });
    });
  });

  afterEach(async () => {
    await harness.dispose();
  });

  const transport = () => createMiniProgramTransport({ connectSocket: harness.wx.connectSocket });

  it('reconnects on a new SocketTask when the server closes the connection', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const disconnected = nextEvent<[string]>(client, 'disconnect');

    serverSocketOf(harness.server, client).conn.close();

    expect((await disconnected)[0]).toBe('transport close');
    await nextEvent(client, 'connect');
    expect(harness.wx.tasks).toHaveLength(2);
    expect(harness.wx.tasks[0]?.isLive).toBe(false);
    expect(await client.timeout(2000).emitWithAck('echo', 'after reconnect')).toBe('after reconnect');
    expect(getLiveSocketTaskCount()).toBe(1);
  });

  it('stays disconnected after the server disconnects the socket, and connects again when asked', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const disconnected = nextEvent<[string]>(client, 'disconnect');

    serverSocketOf(harness.server, client).disconnect(true);

    expect((await disconnected)[0]).toBe('io server disconnect');
    await waitFor(() => getLiveSocketTaskCount() === 0 && harness.wx.liveCount === 0);
    client.connect();
    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'back')).toBe('back');
  });

  it('reconnects after the network drops the connection abruptly', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const disconnected = nextEvent<[string]>(client, 'disconnect');

    (harness.wx.tasks[0] as FakeSocketTask).drop();

    expect((await disconnected)[0]).toBe('transport close');
    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'again')).toBe('again');
  });

  it('keeps retrying while the server is down and reconnects once it is back', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const disconnected = nextEvent<[string]>(client, 'disconnect');

    await harness.server.kill();
    expect((await disconnected)[0]).toBe('transport close');
    const [firstFailure] = await nextEvent<[Error & { description?: unknown }]>(client, 'connect_error');
    await nextEvent(client, 'connect_error');
    expect(firstFailure.message).toBe('websocket error');
    expect(String(firstFailure.description)).toContain('ECONNREFUSED');
    expect(getLiveSocketTaskCount()).toBeLessThanOrEqual(1);

    await harness.server.restart();

    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'server is back')).toBe('server is back');
    expect(getLiveSocketTaskCount()).toBe(1);
  });
});
