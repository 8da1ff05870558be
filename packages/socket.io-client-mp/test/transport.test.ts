import type { Socket as ServerSocket } from 'socket.io';
import { createMiniProgramTransport, getLiveSocketTaskCount } from '../src';
import type { ConnectSocket } from '../src';
import type { FakeSocketTask } from './support/fake-wx';
import { FakeWx } from './support/fake-wx';
import { Harness, connected, nextEvent, serverSocketOf, waitFor } from './support/harness';

function setupEcho(io: Harness['server']['io']): void {
  io.on('connection', (socket: ServerSocket) => {
    socket.on('echo', (payload: unknown, ack: (payload: unknown) => void) => ack(payload));
  });
}

describe.each([
  ['wx.connectSocket, which returns the SocketTask', (wx: FakeWx): ConnectSocket => wx.connectSocket],
  ['Taro.connectSocket, which resolves to the SocketTask', (wx: FakeWx): ConnectSocket => wx.connectSocketAsync],
])('over %s', (_style, pick) => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await Harness.start(setupEcho);
  });

  afterEach(async () => {
    await harness.dispose();
  });

  const transport = () => createMiniProgramTransport({ connectSocket: pick(harness.wx) });

  it('connects to a Socket.IO server as its websocket transport', async () => {
    const client = harness.connect(transport());
    await connected(client);

    expect(serverSocketOf(harness.server, client).conn.transport.name).toBe('websocket');
    expect(harness.wx.calls[0]?.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?EIO=4&transport=websocket$/);
    expect(getLiveSocketTaskCount()).toBe(1);
  });

  it('carries text events and acks both ways', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const received = nextEvent<[string]>(client, 'greeting');

    serverSocketOf(harness.server, client).emit('greeting', '你好, Tandem');
    const ack = await client.timeout(2000).emitWithAck('echo', { text: 'hello', n: 42 });

    expect(await received).toEqual(['你好, Tandem']);
    expect(ack).toEqual({ text: 'hello', n: 42 });
  });

  it('carries ArrayBuffer and Uint8Array payloads both ways as binary frames', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const serverSocket = serverSocketOf(harness.server, client);
    const fromClient = nextEvent<[Buffer, Buffer]>(serverSocket, 'upload');
    const fromServer = nextEvent<[ArrayBuffer]>(client, 'download');

    const arrayBuffer = new Uint8Array([1, 2, 3]).buffer;
    const window = new Uint8Array([9, 9, 4, 5, 6, 9]).subarray(2, 5);
    client.emit('upload', arrayBuffer, window);
    serverSocket.emit('download', Buffer.from([7, 8, 9, 255]));

    const [first, second] = await fromClient;
    expect([...first]).toEqual([1, 2, 3]);
    expect([...second]).toEqual([4, 5, 6]);
    const [downloaded] = await fromServer;
    expect(downloaded).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(downloaded)]).toEqual([7, 8, 9, 255]);
    const task = harness.wx.tasks[0]!;
    expect(task.sentFrames.filter((frame) => frame instanceof ArrayBuffer)).toHaveLength(2);
  });

  it('closes its SocketTask with code 1000 when the client disconnects', async () => {
    const client = harness.connect(transport());
    await connected(client);
    const serverSocket = serverSocketOf(harness.server, client);
    const serverSaw = nextEvent<[string]>(serverSocket, 'disconnect');

    client.disconnect();

    expect(await serverSaw).toEqual(['client namespace disconnect', undefined]);
    await waitFor(() => getLiveSocketTaskCount() === 0);
    expect(harness.wx.tasks[0]?.closedEvent?.code).toBe(1000);
    expect(harness.wx.tasks).toHaveLength(1);
  });
});

describe('connectSocket options', () => {
  let harness: Harness;

  afterEach(async () => {
    await harness.dispose();
  });

  it('passes header, protocols, tcpNoDelay, perMessageDeflate and timeout through to connectSocket', async () => {
    harness = await Harness.start();
    const handshake = new Promise<ServerSocket['handshake']>((resolve) => {
      harness.server.io.on('connection', (socket) => resolve(socket.handshake));
    });
    const transport = createMiniProgramTransport({
      connectSocket: harness.wx.connectSocket,
      header: { 'x-tandem-client': 'weapp' },
      protocols: ['tandem.v1'],
      tcpNoDelay: true,
      timeout: 5000,
    });

    await connected(harness.connect(transport, { extraHeaders: { 'x-tandem-device': 'phone-1' } }));

    const { headers } = await handshake;
    expect(headers['x-tandem-client']).toBe('weapp');
    expect(headers['x-tandem-device']).toBe('phone-1');
    expect(headers['sec-websocket-protocol']).toBe('tandem.v1');
    expect(harness.wx.calls[0]).toMatchObject({
      header: { 'x-tandem-client': 'weapp', 'x-tandem-device': 'phone-1' },
      protocols: ['tandem.v1'],
      tcpNoDelay: true,
      perMessageDeflate: false,
      timeout: 5000,
    });
  });

  it('receives binary as ArrayBuffer from a Taro H5 SocketTask whose WebSocket defaults to Blob', async () => {
    harness = await Harness.start(undefined, new FakeWx({ h5: true }));
    const client = harness.connect(createMiniProgramTransport({ connectSocket: harness.wx.connectSocketAsync }));
    await connected(client);
    const fromServer = nextEvent<[ArrayBuffer]>(client, 'download');

    serverSocketOf(harness.server, client).emit('download', Buffer.from([1, 2]));

    const [downloaded] = await fromServer;
    expect(downloaded).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(downloaded)]).toEqual([1, 2]);
    expect((harness.wx.tasks[0] as FakeSocketTask).ws?.binaryType).toBe('arraybuffer');
  });

  it('refuses to create a transport without a connectSocket function', () => {
    expect(() => createMiniProgramTransport({ connectSocket: undefined as unknown as ConnectSocket })).toThrow(
      TypeError,
    );
  });
});
