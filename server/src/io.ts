import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@tandem/protocol';

export interface SocketData {
  /** Set by the auth middleware before the connection is accepted. */
  user: User;
  /** When the handshake's token expires, epoch ms: the session ends then. */
  expiresAt: number;
  /** The session of the handshake's token; undefined for a token issued before sessions existed. */
  sessionId: string | undefined;
}

/** Between server nodes, through the adapter (`serverSideEmit`). */
interface InterServerEvents {
  /** A sign-in ticket changed: browsers waiting on it re-read it (signin-waiters.ts). */
  'signin:ticket': (ticketId: string) => void;
  /** A user's profile changed: every node updates the `socket.data.user` of its sockets of that user. */
  'user:updated': (user: User) => void;
}

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO room of a chat room: every socket of every member is in it. */
export const roomKey = (roomId: string) => `room:${roomId}`;
/** Socket.IO room of a user: all of its live sockets (devices). */
export const userKey = (userId: string) => `user:${userId}`;

/** Socket.IO room of a session: the live sockets of one signed-in device. */
export const sessionKey = (sessionId: string) => `session:${sessionId}`;

/** The chat rooms a socket is subscribed to. */
export function roomIdsOf(socket: TypedSocket): string[] {
  const prefix = roomKey('');
  return [...socket.rooms].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}
