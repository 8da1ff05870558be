import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';

/** A real Socket.IO server on a free port, which can be killed abruptly and brought back on the same port. */
export interface TestServer {
  readonly url: string;
  readonly io: Server;
  /** Destroys every TCP connection without a close frame, then stops listening: a network failure. */
  kill(): Promise<void>;
  /** Listens again on the same port with a fresh Socket.IO server (set up by the same function). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(setup: (io: Server) => void = () => undefined): Promise<TestServer> {
  let port = 0;
  let current = await listen(port, setup);
  port = (current.http.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}`,
    get io() {
      return current.io;
    },
    async kill() {
      for (const socket of current.connections) socket.destroy();
      await close(current.io);
    },
    async restart() {
      current = await listen(port, setup);
    },
    async stop() {
      await close(current.io);
    },
  };
}

interface Running {
  http: HttpServer;
  io: Server;
  connections: Set<NetSocket>;
}

async function listen(port: number, setup: (io: Server) => void): Promise<Running> {
  const http = createServer();
  const connections = new Set<NetSocket>();
  http.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  const io = new Server(http, { transports: ['websocket'] });
  setup(io);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { http, io, connections };
}

function close(io: Server): Promise<void> {
  return new Promise((resolve) => {
    io.close(() => resolve());
  });
}
