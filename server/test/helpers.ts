import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ErrorCode, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import type { ServerToClientEvents, SessionResponse } from '@tandem/protocol';
import { createApp } from '../src/app';
import type { App } from '../src/app';
import { createTokenService } from '../src/auth';
import type { TokenService } from '../src/auth';
import type { TrustProxy, WechatConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { fileMediaStorage } from '../src/media';
import { createWechatClient } from '../src/wechat';
import { limitsFor } from './limits';
import type { LimitOptions } from './limits';

export type { LimitOptions };
import type { Store } from '../src/store/types';
import { openTestStore } from './test-store';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

const REQUEST_TIMEOUT_MS = 5000;

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-test-'));
}

export interface TestServer {
  url: string;
  app: App;
  store: Store;
  tokens: TokenService;
  secret: Uint8Array;
  dataDir: string;
  signIn(nickname?: string): Promise<SessionResponse>;
  /** Resolves once connected; rejects with the `connect_error`. Disconnected by `disconnectClients`/`close`. */
  connect(token: string, options?: ClientOptions): Promise<ClientSocket>;
  /** Signs in a new user and connects one socket for it. */
  client(nickname?: string, options?: ClientOptions): Promise<ClientSocket & { session: SessionResponse }>;
  disconnectClients(): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Limits the test exercises; every other one is out of reach. */
  limits?: LimitOptions;
  allowedOrigins?: '*' | string[];
  trustProxy?: TrustProxy;
  wechat?: WechatConfig;
  now?: () => number;
  /** How long issued tokens stay valid; one hour by default. */
  tokenTtlMs?: number;
  inviteTtlMs?: number;
  recallWindowMs?: number;
  webRoot?: string;
  /** Replaces store methods, e.g. to make one fail. */
  wrapStore?: (store: Store) => Store;
  /** Collects log lines (at debug level) instead of discarding them. */
  logLines?: string[];
  /** Exposes GET /metrics to this bearer token. */
  metricsToken?: string;
  presenceBatchMs?: number;
  /** How long signed media URLs work at least; ten minutes by default. */
  mediaUrlTtlMs?: number;
}

/**
 * A real server (createApp on port 0) on a fresh data directory and a fresh store (SQLite, or PostgreSQL with
 * TEST_STORE=postgres: see test-store.ts), with a silent logger.
 */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = makeTempDir();
  const { store: realStore, dispose } = await openTestStore(dataDir);
  const store = options.wrapStore ? options.wrapStore(realStore) : realStore;
  const { logLines } = options;
  const logger = logLines
    ? createLogger('debug', { write: (line: string) => void logLines.push(line) })
    : createLogger('silent');
  const secret = randomBytes(32);
  const tokens = createTokenService({ secret, ttlMs: options.tokenTtlMs ?? 60 * 60 * 1000, now: options.now });
  const app = createApp({
    store,
    tokens,
    logger,
    inviteTtlMs: options.inviteTtlMs ?? 7 * 24 * 60 * 60 * 1000,
    recallWindowMs: options.recallWindowMs,
    webRoot: options.webRoot ?? path.join(dataDir, 'no-web-app'),
    now: options.now,
    limits: limitsFor(options.limits),
    allowedOrigins: options.allowedOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    wechat: options.wechat && createWechatClient(options.wechat, logger),
    metricsToken: options.metricsToken,
    presenceBatchMs: options.presenceBatchMs,
    media: { ...fileMediaStorage(dataDir), secret, urlTtlMs: options.mediaUrlTtlMs ?? 10 * 60 * 1000 },
  });
  const { url } = await app.listen(0, '127.0.0.1');
  const clients = new Set<ClientSocket>();
  let counter = 0;

  const server: TestServer = {
    url,
    app,
    store,
    tokens,
    secret,
    dataDir,
    signIn: (nickname = `user${++counter}`) => signIn(url, nickname),
    async connect(token, clientOptions) {
      const socket = connectSocket(url, token, clientOptions);
      clients.add(socket);
      await waitForConnect(socket);
      return socket;
    },
    async client(nickname, clientOptions) {
      const session = await server.signIn(nickname);
      const socket = await server.connect(session.token, clientOptions);
      return Object.assign(socket, { session });
    },
    disconnectClients() {
      for (const socket of clients) socket.disconnect();
      clients.clear();
    },
    async close() {
      server.disconnectClients();
      await app.close();
      try {
        await store.close();
      } finally {
        await dispose();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export async function signIn(url: string, nickname: string): Promise<SessionResponse> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionResponse;
}

/** A socket that does not reconnect by itself; websocket only unless told otherwise. */
export function connectSocket(url: string, token: string | undefined, options: ClientOptions = {}): ClientSocket {
  return io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
}

export function waitForConnect(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Emits a request and resolves with its ack. */
export function request<E extends RequestEvent>(
  socket: ClientSocket,
  event: E,
  payload: RequestInput<E>,
): Promise<Ack<ResultOf<E>>> {
  return emitRaw(socket, event, payload) as Promise<Ack<ResultOf<E>>>;
}

/** Emits anything (bad payloads, unknown events) and resolves with the ack. */
export function emitRaw(socket: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  const untyped = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as {
    emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  };
  return untyped.emitWithAck(event, ...args);
}

/** The data of a successful ack; throws with the error otherwise. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Sends a request and returns the data of its successful ack. */
export async function call<E extends RequestEvent>(
  socket: ClientSocket,
  event: E,
  payload: RequestInput<E>,
): Promise<ResultOf<E>> {
  return ok(await request(socket, event, payload));
}

export function errorCode(ack: unknown): ErrorCode | 'ok' {
  const response = ack as Ack<unknown>;
  return response.ok ? 'ok' : response.error.code;
}

type EventName = keyof ServerToClientEvents;
type EventArg<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Everything the socket receives of one event from now on. */
export function collect<E extends EventName>(socket: ClientSocket, event: E): EventArg<E>[] {
  const received: EventArg<E>[] = [];
  const listen = socket.on.bind(socket) as unknown as (event: string, listener: (arg: EventArg<E>) => void) => void;
  listen(event, (arg) => received.push(arg));
  return received;
}

/** The next `event` the socket receives that matches. */
export function nextEvent<E extends EventName>(
  socket: ClientSocket,
  event: E,
  matches: (arg: EventArg<E>) => boolean = () => true,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<EventArg<E>> {
  const on = socket.on.bind(socket) as unknown as (event: string, listener: (arg: EventArg<E>) => void) => void;
  const off = socket.off.bind(socket) as unknown as (event: string, listener: (arg: EventArg<E>) => void) => void;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (arg: EventArg<E>) => {
      if (!matches(arg)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(arg);
    };
    on(event, listener);
  });
}

/**
 * A round trip on the socket: events the server emitted to it before handling this request have arrived when it
 * resolves. Used to assert that something was NOT received.
 */
export async function settle(...sockets: ClientSocket[]): Promise<void> {
  await Promise.all(sockets.map((socket) => call(socket, 'room:list', {})));
}

/** Creates a room with `owner` and makes every other socket's user a member. */
export async function roomWith(
  owner: ClientSocket,
  others: ClientSocket[] = [],
  visibility: 'public' | 'private' = 'public',
): Promise<string> {
  const { room } = await call(owner, 'room:create', { name: 'room', visibility });
  const inviteCode =
    visibility === 'private' ? (await call(owner, 'room:invite', { roomId: room.id })).code : undefined;
  for (const other of others) await call(other, 'room:join', { roomId: room.id, inviteCode });
  return room.id;
}

/** Rejects with `failure` if the promise does not settle in time; leaves no timer behind. */
export async function withTimeout<T>(promise: Promise<T>, failure: string, ms = REQUEST_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(failure)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The session a token names (its `sid` claim), read without checking the signature. */
export function sessionIdOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sid?: string };
  if (!payload.sid) throw new Error('the token names no session');
  return payload.sid;
}
