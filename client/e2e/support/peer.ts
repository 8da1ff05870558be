import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { SESSION_PATH } from '@tandem/protocol';
import type {
  Ack,
  ClientToServerEvents,
  Message,
  RequestEvent,
  RequestInput,
  ResultOf,
  ServerToClientEvents,
  SessionResponse,
  TypingUpdate,
} from '@tandem/protocol';

/** A second user on the official socket.io-client in Node, signed in over HTTP like any client. */
export interface Peer {
  session: SessionResponse;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every `message:created` this peer received, in arrival order. */
  received: Message[];
  request<E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<ResultOf<E>>;
  waitForMessage(text: string, timeoutMs?: number): Promise<Message>;
  /** Resolves on the next `typing:updated` saying `nickname` is typing. */
  nextTyping(nickname: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function signIn(serverUrl: string, nickname: string): Promise<SessionResponse> {
  const response = await fetch(serverUrl + SESSION_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  if (!response.ok) throw new Error(`sign-in as ${nickname} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

export async function connectPeer(serverUrl: string, nickname: string): Promise<Peer> {
  const session = await signIn(serverUrl, nickname);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(serverUrl, {
    auth: { token: session.token },
    transports: ['websocket'],
    reconnection: false,
  });
  const received: Message[] = [];
  socket.on('message:created', (message) => received.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`peer ${nickname} could not connect: ${error.message}`)));
  });

  const request = <E extends RequestEvent>(event: E, payload: RequestInput<E>) =>
    new Promise<ResultOf<E>>((resolve, reject) => {
      // The typed overloads do not survive the generic event; the runtime call is the plain emit-with-ack.
      const timed = socket.timeout(10_000) as unknown as {
        emit(event: E, payload: RequestInput<E>, ack: (error: Error | null, response: Ack<ResultOf<E>>) => void): void;
      };
      timed.emit(event, payload, (error, response) => {
        if (error) reject(new Error(`${event}: no ack within 10 s`));
        else if (!response.ok) reject(new Error(`${event}: ${response.error.code} ${response.error.message}`));
        else resolve(response.data);
      });
    });

  const waitForMessage = async (text: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = received.find((message) => message.text === text);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`peer ${nickname} did not receive "${text}" within ${timeoutMs} ms`);
  };

  const nextTyping = (typist: string, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.off('typing:updated', listener);
        reject(new Error(`peer ${nickname} saw no typing from ${typist} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (event: TypingUpdate) => {
        if (event.typing && event.user.nickname === typist) {
          clearTimeout(timer);
          socket.off('typing:updated', listener);
          resolve();
        }
      };
      socket.on('typing:updated', listener);
    });

  return { session, socket, received, request, waitForMessage, nextTyping, close: () => socket.disconnect() };
}
