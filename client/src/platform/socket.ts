import { io } from 'socket.io-client';
import { baseSocketOptions } from './socket-options';
import type { ChatSocket, CreateSocketOptions, Unsubscribe } from './socket-options';

export type { ChatSocket, CreateSocketOptions, Unsubscribe } from './socket-options';

/** In a browser (and in node for tests) socket.io-client's own transports work: polling, then websocket. */
export function createSocket(url: string, options: CreateSocketOptions): ChatSocket {
  return io(url, baseSocketOptions(options));
}

/**
 * Fires when the platform reports a socket closed behind the app's back. Only WeChat does (the global
 * `wx.onSocketClose` may fire when a SocketTask's own onClose does not); browsers report closes reliably.
 */
export function onSystemSocketClose(_listener: () => void): Unsubscribe {
  return () => undefined;
}
