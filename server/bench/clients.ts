/**
 * The benchmark's side of the contract: nickname sign-in over HTTP, websocket-only Socket.IO connections and
 * requests that resolve with their ack. The same code drives the bare server and Tandem.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import type { ServerToClientEvents, SessionResponse } from '@tandem/protocol';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 20_000;
/** Handshakes and sign-ins in flight at once while a crowd is opened. */
const OPEN_CONCURRENCY = 50;

export async function signIn(url: string, nickname: string): Promise<SessionResponse> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

export function connect(url: string, token: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_TIMEOUT_MS,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`connect failed: ${error.message}`));
    });
  });
}

/** Sends a request and resolves with its ack's data; an error ack or no ack in time rejects. */
export async function request<E extends RequestEvent>(
  socket: BenchSocket,
  event: E,
  payload: RequestInput<E>,
): Promise<ResultOf<E>> {
  const timed = socket.timeout(REQUEST_TIMEOUT_MS);
  // The event map's overloads do not resolve for a generic event; the payload and ack types are the contract's.
  const emit = timed.emitWithAck.bind(timed) as unknown as (
    event: E,
    payload: RequestInput<E>,
  ) => Promise<Ack<ResultOf<E>>>;
  const ack = await emit(event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Runs `task` for 0..count-1 with at most `concurrency` running at once; resolves with the results in order. */
export async function inBatches<T>(count: number, task: (index: number) => Promise<T>, concurrency = OPEN_CONCURRENCY) {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Signs in the users behind `count` sockets of `socketsPerUser` sockets each (one user on several devices). */
export function signInCrowd(url: string, count: number, socketsPerUser: number): Promise<SessionResponse[]> {
  return inBatches(Math.ceil(count / socketsPerUser), (index) => signIn(url, `reader ${index + 1}`));
}

/**
 * Opens `count` sockets of those users, `socketsPerUser` each, spread over `urls` in turn (the nodes of a
 * deployment); every socket sends its own `room:join`.
 */
export function connectCrowd(urls: string[], roomId: string, sessions: SessionResponse[], socketsPerUser: number) {
  const count = sessions.length * socketsPerUser;
  return inBatches(count, async (index) => {
    const session = sessions[Math.floor(index / socketsPerUser)];
    if (!session) throw new Error('no session for a socket');
    const url = urls[index % urls.length];
    if (!url) throw new Error('no server address');
    const socket = await connect(url, session.token);
    await request(socket, 'room:join', { roomId });
    return socket;
  });
}

export function closeAll(sockets: BenchSocket[]): void {
  for (const socket of sockets) socket.close();
}
