import type { Socket as ServerSocket } from 'socket.io';
import { closeAllSocketTasks, createMiniProgramTransport, getLiveSocketTaskCount } from '../src';
import type { FakeSocketTask } from './support/fake-wx';
import { Harness, connected, nextEvent, serverSocketOf, waitFor } from './support/harness';

type ConnectError = Error & { description?: unknown };

/** WeChat quirks around the app going to the background: closes that are never reported. */
describe('SocketTasks closed without an onClose', () => {
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

  it('gives back the place of a task whose onClose never fires, and the next connection works', async () => {
    const closeTimeout = 300;
    const transport = createMiniProgramTransport({ connectSocket: harness.wx.connectSocket, closeTimeout });
    const client = harness.connect(transport);
    await connected(client);
    const task = harness.wx.tasks[0] as FakeSocketTask;
    const disconnected = nextEvent<[string]>(client, 'disconnect');
    task.muted = true;

    client.disconnect();

    expect((await disconnected)[0]).toBe('io client disconnect');
    await waitFor(() => !task.isLive);
    expect(getLiveSocketTaskCount()).toBe(1);
    await waitFor(() => getLiveSocketTaskCount() === 0, closeTimeout * 5);
    expect(task.closeRequested).toBe(true);
    client.connect();
    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'next connection')).toBe('next connection');
  });

  it('reconnects at once when closeAllSocketTasks() drops a connection that died silently', async () => {
    const client = harness.connect(createMiniProgramTransport({ connectSocket: harness.wx.connectSocket }));
    await connected(client);
    const serverSaw = nextEvent(serverSocketOf(harness.server, client), 'disconnect');
    (harness.wx.tasks[0] as FakeSocketTask).dieSilently();
    await serverSaw;
    expect(client.connected).toBe(true);
    const disconnected = nextEvent<[string, { description?: string; context?: unknown }]>(client, 'disconnect');

    expect(closeAllSocketTasks('app shown')).toBe(1);

    const [reason, details] = await disconnected;
    expect(reason).toBe('transport close');
    expect(details.context).toEqual({ code: 1006, reason: 'app shown' });
    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'alive')).toBe('alive');
    expect(getLiveSocketTaskCount()).toBe(1);
  });

  it('reports a send on a silently dead SocketTask as a transport error and reconnects', async () => {
    const client = harness.connect(createMiniProgramTransport({ connectSocket: harness.wx.connectSocket }));
    await connected(client);
    const serverSaw = nextEvent(serverSocketOf(harness.server, client), 'disconnect');
    (harness.wx.tasks[0] as FakeSocketTask).dieSilently();
    await serverSaw;
    const disconnected = nextEvent<[string, ConnectError]>(client, 'disconnect');

    client.emit('echo', 'lost in the background');

    const [reason, error] = await disconnected;
    expect(reason).toBe('transport error');
    expect(error.message).toBe('websocket send failed');
    expect(error.description).toBe('sendSocketMessage:fail WebSocket is not connected');
    await nextEvent(client, 'connect');
    expect(await client.timeout(2000).emitWithAck('echo', 'resent')).toBe('resent');
  });

  it('reports a send before the SocketTask opens as an error instead of dropping it', async () => {
    const client = harness.connect(createMiniProgramTransport({ connectSocket: harness.wx.connectSocketAsync }), {
      reconnection: false,
    });
    const failed = nextEvent<[ConnectError]>(client, 'connect_error');

    client.io.engine.transport.send([{ type: 'message', data: 'too early' }]);

    const [error] = await failed;
    expect(error.message).toBe('websocket not open');
    expect(error.description).toBe('cannot send 1 packet(s): transport is opening');
    await waitFor(() => getLiveSocketTaskCount() === 0);
  });
});
