import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '@tandem/protocol';

// Shared by socket.ts and socket.weapp.ts (Taro resolves `./socket` to the platform file even from inside it).

/** The typed client socket (note the reversed generics on the client side). */
export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type Unsubscribe = () => void;

export interface CreateSocketOptions {
  /** Read at every (re)connection, so a renewed token is used without rebuilding the socket. */
  auth: () => HandshakeAuth;
}

/** Options of every platform: the connection manager owns reconnection, so socket.io's own is off. */
export function baseSocketOptions(options: CreateSocketOptions) {
  return {
    autoConnect: false,
    reconnection: false,
    timeout: 10000,
    auth: (callback: (auth: HandshakeAuth) => void) => callback(options.auth()),
  };
}
