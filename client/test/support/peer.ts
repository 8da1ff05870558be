import { io } from 'socket.io-client';
import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Socket } from 'socket.io-client';
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

/** Another user, driven with the plain socket.io client: the other side of a conversation in tests. */
export interface Peer {
  user: SessionResponse['user'];
  session: SessionResponse;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every `message:created` this peer received, in arrival order. */
  received: Message[];
  request<E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<ResultOf<E>>;
  send(roomId: string, text: string): Promise<Message>;
  waitForMessage(text: string, timeoutMs?: number): Promise<Message>;
  /** Resolves on the next `typing:updated` saying `nickname` is typing. */
  nextTyping(nickname: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function signInOverHttp(serverUrl: string, nickname: string): Promise<SessionResponse> {
  const response = await fetch(`${serverUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

export async function connectPeer(serverUrl: string, nickname: string): Promise<Peer> {
  return connectSession(serverUrl, await signInOverHttp(serverUrl, nickname));
}

/** The peers a test file opens, closed together in its afterEach. */
export class PeerPool {
  private readonly open: Peer[] = [];

  async connect(serverUrl: string, nickname: string): Promise<Peer> {
    return this.track(await connectPeer(serverUrl, nickname));
  }

  async connectSession(serverUrl: string, session: SessionResponse): Promise<Peer> {
    return this.track(await connectSession(serverUrl, session));
  }

  closeAll(): void {
    for (const peer of this.open.splice(0)) peer.close();
  }

  private track(peer: Peer): Peer {
    this.open.push(peer);
    return peer;
  }
}

/** Another device of a signed-in user: a socket with the same token (nickname sign-in makes a new user each time). */
export async function connectSession(serverUrl: string, session: SessionResponse): Promise<Peer> {
  const nickname = session.user.nickname;
  const socket: Peer['socket'] = io(serverUrl, {
    auth: { token: session.token },
    transports: ['websocket'],
    forceNew: true,
  });
  const received: Message[] = [];
  socket.on('message:created', (message) => received.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const request = async <E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<ResultOf<E>> => {
    const emitter = socket.timeout(5000) as unknown as {
      emitWithAck(e: string, p: unknown): Promise<Ack<ResultOf<E>>>;
    };
    const ack = await emitter.emitWithAck(event, payload);
    if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  };
  let counter = 0;
  // Unique per device: two devices of one user must not reuse a clientId (the server would dedupe them).
  const clientPrefix = `${nickname}-${Math.random().toString(36).slice(2, 10)}`;
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
        if (!event.typing || event.user.nickname !== typist) return;
        clearTimeout(timer);
        socket.off('typing:updated', listener);
        resolve();
      };
      socket.on('typing:updated', listener);
    });
  return {
    user: session.user,
    session,
    socket,
    received,
    request,
    waitForMessage,
    nextTyping,
    async send(roomId, text) {
      counter += 1;
      const { message } = await request('message:send', { roomId, clientId: `${clientPrefix}-${counter}`, text });
      return message;
    },
    close: () => void socket.disconnect(),
  };
}

/** Every message of a room as the server holds it: `room:join` from seq 0, then `message:history` pages. */
export async function readHistory(peer: Peer, roomId: string): Promise<Message[]> {
  const first = await peer.request('room:join', { roomId, afterSeq: 0 });
  const messages = [...first.messages];
  let hasMore = first.hasMore;
  while (hasMore) {
    const afterSeq = messages[messages.length - 1]?.seq ?? 0;
    const page = await peer.request('message:history', { roomId, afterSeq, limit: HISTORY_MAX_LIMIT });
    messages.push(...page.messages);
    hasMore = page.hasMore && page.messages.length > 0;
  }
  return messages;
}
