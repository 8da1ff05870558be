import net from 'node:net';
import { once } from 'node:events';
import { createFaultProxy } from '../src';
import type { FaultProxy } from '../src';

async function startEchoServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

async function connect(proxy: FaultProxy): Promise<net.Socket> {
  const socket = net.connect(proxy.port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

/** Resolves with everything received until `bytes` bytes have arrived. */
function receive(socket: net.Socket, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.length >= bytes) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

describe('fault proxy', () => {
  let echo: net.Server;
  let proxy: FaultProxy;
  const sockets: net.Socket[] = [];

  beforeEach(async () => {
    echo = await startEchoServer();
    proxy = await createFaultProxy({ targetPort: portOf(echo) });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  async function client(): Promise<net.Socket> {
    const socket = await connect(proxy);
    sockets.push(socket);
    return socket;
  }

  it('forwards bytes both ways in order', async () => {
    const socket = await client();
    const reply = receive(socket, 6);
    socket.write('abc');
    socket.write('def');
    expect(await reply).toBe('abcdef');
    expect(proxy.openConnections).toBe(1);
  });

  it('delays every chunk each way and keeps the order', async () => {
    const socket = await client();
    proxy.setDelay(100);
    const started = Date.now();
    const reply = receive(socket, 4);
    socket.write('ab');
    socket.write('cd');
    expect(await reply).toBe('abcd');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('delivers delayed bytes before passing on a clean close from the server', async () => {
    const closing = net.createServer((socket) => socket.end('last words'));
    closing.listen(0, '127.0.0.1');
    await once(closing, 'listening');
    proxy.retarget(portOf(closing));
    proxy.setDelay(100);
    const socket = await client();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await once(socket, 'end');
    expect(received).toBe('last words');
    await new Promise((resolve) => closing.close(resolve));
  });

  it('holds bytes during a stall and delivers them afterwards', async () => {
    const socket = await client();
    proxy.stall(300);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('held');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toBe('held');
  });

  it('cuts open connections and refuses new ones while down', async () => {
    const socket = await client();
    const closed = once(socket, 'close');
    proxy.cut(300);
    await closed;
    expect(proxy.openConnections).toBe(0);

    const refused = net.connect(proxy.port, '127.0.0.1');
    sockets.push(refused);
    await once(refused, 'close');
    expect(proxy.acceptedConnections).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const again = await client();
    const reply = receive(again, 2);
    again.write('ok');
    expect(await reply).toBe('ok');
  });

  it('sends new connections to a retargeted port', async () => {
    const other = net.createServer((socket) => socket.end('other'));
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    proxy.retarget(portOf(other));
    const socket = await client();
    expect(await receive(socket, 5)).toBe('other');
    await new Promise((resolve) => other.close(resolve));
  });
});
