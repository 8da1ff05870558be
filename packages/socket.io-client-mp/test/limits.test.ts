import type { Socket as ClientSocket } from 'socket.io-client';
import { EXCEED_MAX_CONCURRENT, MAX_SOCKET_TASKS, createMiniProgramTransport, getLiveSocketTaskCount } from '../src';
import type { ConnectSocket, SocketTask } from '../src';
import type { Server } from 'socket.io';
import { FakeWx } from './support/fake-wx';
import type { FakeSocketTask } from './support/fake-wx';
import { Harness, connected, nextEvent, serverSocketOf } from './support/harness';

type ConnectError = Error & { description?: unknown };

function setupEcho(io: Server): void {
  io.on('connection', (socket) => {
    socket.on('echo', (payload: unknown, ack: (payload: unknown) => void) => ack(payload));
  });
}

/** The newest task a client opened, found by the header each client in these tests sends. */
function liveTaskOf(wx: FakeWx, client: ClientSocket): FakeSocketTask {
  const name = (client.io.opts.extraHeaders as Record<string, string>)['x-client'];
  const task = [...wx.tasks].reverse().find((candidate) => candidate.options.header?.['x-client'] === name);
  if (!task) throw new Error(`no task for client ${name}`);
  return task;
}

describe('the limit of 5 SocketTasks', () => {
  let harness: Harness;

  beforeEach(async () => {
    // Closing takes longer than socket.io waits before reconnecting, so new tasks are asked for while old ones close.
    harness = await Harness.start(setupEcho, new FakeWx({ closeLatencyMs: 40 }));
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('never holds more than 5 SocketTasks open across 50 forced reconnects of 5 connections', async () => {
    const transport = createMiniProgramTransport({ connectSocket: harness.wx.connectSocket });
    const clients = Array.from({ length: MAX_SOCKET_TASKS }, (_, index) =>
      harness.connect(transport, { extraHeaders: { 'x-client': String(index) } }),
    );
    await Promise.all(clients.map(connected));
    const forceReconnect: ((client: ClientSocket) => void)[] = [
      (client) => serverSocketOf(harness.server, client).conn.close(),
      (client) => client.io.engine.close(),
      (client) => liveTaskOf(harness.wx, client).drop(),
    ];

    for (let round = 0; round < 10; round += 1) {
      const reconnected = clients.map((client) => nextEvent(client, 'connect'));
      clients.forEach((client, index) => forceReconnect[(round + index) % forceReconnect.length]!(client));
      await Promise.all(reconnected);
    }

    expect(harness.wx.tasks).toHaveLength(MAX_SOCKET_TASKS + 50);
    expect(harness.wx.maxLive).toBeLessThanOrEqual(MAX_SOCKET_TASKS);
    expect(harness.wx.rejected).toBe(0);
    expect(getLiveSocketTaskCount()).toBe(MAX_SOCKET_TASKS);
    const echoes = await Promise.all(clients.map((client, index) => client.timeout(2000).emitWithAck('echo', index)));
    expect(echoes).toEqual([0, 1, 2, 3, 4]);
  });

  it('asks the replaced SocketTask to close before opening the next one for the same connection', async () => {
    const client = harness.connect(createMiniProgramTransport({ connectSocket: harness.wx.connectSocket }));
    await connected(client);

    for (let round = 0; round < 10; round += 1) {
      const reconnected = nextEvent(client, 'connect');
      if (round % 2 === 0) client.io.engine.close();
      else serverSocketOf(harness.server, client).conn.close();
      await reconnected;
    }

    expect(harness.wx.untouchedAtConnect).toHaveLength(11);
    expect(harness.wx.untouchedAtConnect.every((count) => count === 0)).toBe(true);
  });

  it('refuses a sixth connection with WeChat’s errMsg, then connects it once a place frees up', async () => {
    const transport = createMiniProgramTransport({ connectSocket: harness.wx.connectSocket });
    const five = Array.from({ length: MAX_SOCKET_TASKS }, () => harness.connect(transport));
    await Promise.all(five.map(connected));

    const sixth = harness.connect(transport);
    const [error] = await nextEvent<[ConnectError]>(sixth, 'connect_error');

    expect(error.message).toBe('connectSocket failed');
    expect(String(error.description)).toContain(EXCEED_MAX_CONCURRENT);
    expect(harness.wx.calls).toHaveLength(MAX_SOCKET_TASKS);
    five[0]!.disconnect();
    await nextEvent(sixth, 'connect');
    expect(harness.wx.rejected).toBe(0);
    expect(harness.wx.maxLive).toBe(MAX_SOCKET_TASKS);
  });

  it.each([
    ['wx.connectSocket', (wx: FakeWx): ConnectSocket => wx.connectSocket],
    ['Taro.connectSocket', (wx: FakeWx): ConnectSocket => wx.connectSocketAsync],
  ])('reports a %s refusal as connect_error and connects on a later retry', async (_style, pick) => {
    const socketUrl = `${harness.server.url}/socket.io/?EIO=4&transport=websocket`;
    const others: SocketTask[] = [];
    for (let index = 0; index < MAX_SOCKET_TASKS; index += 1) others.push(await harness.wx.openDirect(socketUrl));
    const client = harness.connect(createMiniProgramTransport({ connectSocket: pick(harness.wx) }));
    const errors: ConnectError[] = [];
    client.on('connect_error', (error: ConnectError) => errors.push(error));

    await nextEvent(client, 'connect_error');
    others.pop()!.close({});
    await nextEvent(client, 'connect');

    expect(harness.wx.rejected).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBe(harness.wx.rejected);
    expect(errors[0]?.message).toBe('connectSocket failed');
    expect(errors[0]?.description).toBe('connectSocket:fail exceed max concurrent count');
    for (const other of others) other.close({});
  });
});

describe('connectSocket failures', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.start();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('reports a connectSocket that throws as connect_error and holds no place', async () => {
    const connectSocket: ConnectSocket = () => {
      throw new Error('connectSocket:fail invalid url');
    };
    const client = harness.connect(createMiniProgramTransport({ connectSocket }), { reconnection: false });

    const [error] = await nextEvent<[ConnectError]>(client, 'connect_error');

    expect(error.message).toBe('connectSocket failed');
    expect(error.description).toBe('connectSocket:fail invalid url');
    expect(getLiveSocketTaskCount()).toBe(0);
  });

  it('reports a SocketTask that closes before it opens, with no onError, as connect_error', async () => {
    const closesAtOnce: ConnectSocket = () => ({
      send: () => undefined,
      close: () => undefined,
      onOpen: () => undefined,
      onMessage: () => undefined,
      onError: () => undefined,
      onClose: (listener) => setTimeout(() => listener({ code: 1006, reason: 'handshake refused' }), 5),
    });
    const client = harness.connect(createMiniProgramTransport({ connectSocket: closesAtOnce }), {
      reconnection: false,
    });

    const [error] = await nextEvent<[ConnectError]>(client, 'connect_error');

    expect(error.message).toBe('websocket error');
    expect(error.description).toBe('SocketTask closed before it opened (code 1006, handshake refused)');
    expect(getLiveSocketTaskCount()).toBe(0);
  });

  it('reports a SocketTask that opens and closes before the Engine.IO handshake as connect_error', async () => {
    const opensThenCloses: ConnectSocket = () => ({
      send: () => undefined,
      close: () => undefined,
      onOpen: (listener) => setTimeout(() => listener({ header: {} }), 5),
      onMessage: () => undefined,
      onError: () => undefined,
      onClose: (listener) => setTimeout(() => listener({ code: 1006, reason: 'link dropped' }), 10),
    });
    const client = harness.connect(createMiniProgramTransport({ connectSocket: opensThenCloses }), {
      reconnection: false,
      timeout: 60_000,
    });

    // At once, not after socket.io's connect timeout.
    const [error] = await nextEvent<[ConnectError]>(client, 'connect_error', 1000);

    expect(error.message).toBe('websocket error');
    expect(error.description).toBe('SocketTask closed before the Engine.IO handshake (code 1006, link dropped)');
    expect(getLiveSocketTaskCount()).toBe(0);
  });

  it('reports a connectSocket that resolves to something other than a SocketTask as connect_error', async () => {
    const connectSocket = (() => Promise.resolve({ errMsg: 'connectSocket:ok' })) as unknown as ConnectSocket;
    const client = harness.connect(createMiniProgramTransport({ connectSocket }), { reconnection: false });

    const [error] = await nextEvent<[ConnectError]>(client, 'connect_error');

    expect(error.description).toBe('connectSocket returned [object Object], not a SocketTask');
    expect(getLiveSocketTaskCount()).toBe(0);
  });
});
