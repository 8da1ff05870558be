import { io } from 'socket.io-client';
import type { ManagerOptions, Socket as ClientSocket, SocketOptions } from 'socket.io-client';
import type { Server, Socket as ServerSocket } from 'socket.io';
import type { TransportCtor } from 'engine.io-client';
import { closeAllSocketTasks } from '../../src';
import { FakeWx } from './fake-wx';
import { startServer } from './server';
import type { TestServer } from './server';

export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** Reconnection fast enough for tests and without jitter; each client gets its own Manager. */
const FAST_RECONNECT: ClientOptions = {
  forceNew: true,
  reconnectionDelay: 10,
  reconnectionDelayMax: 50,
  randomizationFactor: 0,
};

/** One test's world: a server, a fake WeChat, and the clients it opened; `dispose()` leaves nothing behind. */
export class Harness {
  readonly clients: ClientSocket[] = [];

  private constructor(
    readonly server: TestServer,
    readonly wx: FakeWx,
  ) {}

  static async start(setup?: (io: Server) => void, wx = new FakeWx()): Promise<Harness> {
    return new Harness(await startServer(setup), wx);
  }

  connect(transport: TransportCtor, options: ClientOptions = {}): ClientSocket {
    const socket = io(this.server.url, { ...FAST_RECONNECT, ...options, transports: [transport] });
    this.clients.push(socket);
    return socket;
  }

  async dispose(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    closeAllSocketTasks('test cleanup');
    await waitFor(() => this.wx.liveCount === 0);
    await this.server.stop();
  }
}

export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${predicate.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs`. */
export function nextEvent<T extends unknown[] = unknown[]>(
  emitter: { once(event: string, listener: (...args: never[]) => void): unknown },
  event: string,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, (...args: never[]) => {
      clearTimeout(timer);
      resolve(args as unknown as T);
    });
  });
}

export async function connected(client: ClientSocket): Promise<void> {
  if (!client.connected) await nextEvent(client, 'connect');
}

/** The server side of a connected client. */
export function serverSocketOf(server: TestServer, client: ClientSocket): ServerSocket {
  const socket = client.id === undefined ? undefined : server.io.sockets.sockets.get(client.id);
  if (!socket) throw new Error(`no server socket for client ${client.id}`);
  return socket;
}
