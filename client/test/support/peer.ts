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
} from '@tandem/protocol';

/** Another user, driven with the plain socket.io client: the other side of a conversation in tests. */
export interface Peer {
  user: SessionResponse['user'];
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  request<E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<ResultOf<E>>;
  send(roomId: string, text: string): Promise<Message>;
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
  const session = await signInOverHttp(serverUrl, nickname);
  const socket: Peer['socket'] = io(serverUrl, {
    auth: { token: session.token },
    transports: ['websocket'],
    forceNew: true,
  });
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
  return {
    user: session.user,
    socket,
    request,
    async send(roomId, text) {
      counter += 1;
      const { message } = await request('message:send', { roomId, clientId: `${nickname}-${counter}`, text });
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
