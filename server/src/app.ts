import type { AddressInfo } from 'node:net';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { HEALTH_PATH, RECALL_WINDOW_DEFAULT_MS } from '@tandem/protocol';
import { authenticateSocket } from './auth';
import type { TokenService } from './auth';
import { clientIpResolver, trustFunction } from './client-ip';
import type { Cluster } from './cluster';
import type { Limits, TrustProxy } from './config';
import { connectionListener } from './connection';
import { dropHandshakeRequests } from './handshake-memory';
import type { Services } from './handlers/define';
import { READY_PATH } from './http/health';
import { METRICS_PATH } from './http/metrics';
import { registerHttpRoutes } from './http/routes';
import type { TypedServer } from './io';
import type { Logger } from './logger';
import { MediaService, MediaSigner } from './media';
import type { MediaOptions } from './media';
import { createMetrics, timedStore } from './metrics';
import type { Metrics } from './metrics';
import { PresenceChanges } from './presence-changes';
import { LocalPresence } from './presence-registry';
import type { PresenceRegistry } from './presence-registry';
import { RateLimits } from './rate-limits';
import { ReadReceipts } from './read-receipts';
import { SessionExpiry, endSessionSockets, endUserSessions } from './session-end';
import { sessionSeen } from './sessions';
import { TicketWaiters } from './signin-waiters';
import { watchSlowConsumers } from './slow-consumers';
import type { LimiterFactory } from './rate-limits';
import { guardHandshakes, isOriginAllowed, limitSocketsPerUser } from './socket-guard';
import type { Store } from './store/types';
import { KeyedQueue, TaskTracker } from './tasks';
import { UserUpdates } from './user-updates';
import type { WechatClient } from './wechat';

/**
 * How long an Engine.IO connection may stay open without joining the namespace (Socket.IO's default is 45 s).
 * Clients send the join as soon as the transport opens; a connection that never does only holds memory.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** Health probes and metrics scrapes would drown the request log. */
const PROBE_PATHS: ReadonlySet<string> = new Set([HEALTH_PATH, READY_PATH, METRICS_PATH]);

export interface AppDeps {
  store: Store;
  tokens: TokenService;
  logger: Logger;
  /** How long a `room:invite` code stays valid. */
  inviteTtlMs: number;
  /** How long after sending a message its sender may recall it; `RECALL_WINDOW_DEFAULT_MS` by default. */
  recallWindowMs?: number | undefined;
  /** Directory of the built H5 app, served at `/` if it exists. */
  webRoot?: string | undefined;
  /** Clock in epoch ms; tests move it to expire invites. */
  now?: () => number;
  limits: Limits;
  /** Origins allowed besides the same origin and Origin-less clients. */
  allowedOrigins: '*' | string[];
  /** Which peers may set X-Forwarded-For (see config-values.ts). */
  trustProxy: TrustProxy;
  /** WeChat sign-in; without it `POST /api/session/wechat` answers 501. */
  wechat?: WechatClient | undefined;
  /** Builds the rate limiters; in memory unless a shared store (Redis) is wanted. */
  limiterFactory?: LimiterFactory;
  /** Given when the store reports into it too (index.ts); otherwise the app makes its own. */
  metrics?: Metrics;
  /** The bearer token of `GET /metrics`; without it the route answers 404. */
  metricsToken?: string | undefined;
  /** How long presence changes are collected before they go out (presence-changes.ts). */
  presenceBatchMs?: number;
  /** The least time between two read receipt events of a room from this node (read-receipts.ts). */
  receiptIntervalMs?: number;
  /**
   * Several nodes sharing Redis (cluster/): the Socket.IO adapter, rate limits and presence span them. Without it
   * the node stands alone. It replaces `limiterFactory`.
   */
  cluster?: Cluster | undefined;
  /** Images, files and voice messages (issue 13). */
  media: MediaOptions;
}

export interface App {
  /** The HTTP server (routes, static files); Socket.IO shares its port. */
  app: FastifyInstance;
  io: TypedServer;
  /** Starts listening; resolves with the actual port (pass 0 for a free one) and a URL to print. */
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * Stops accepting connections, disconnects every socket, waits for requests in flight (their commits finish)
   * and closes the HTTP server. The store stays open: whoever opened it closes it.
   */
  close(): Promise<void>;
}

/** Builds the HTTP routes and the typed Socket.IO server with every handler registered. */
export function createApp(deps: AppDeps): App {
  const { tokens, logger, limits, allowedOrigins } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const store = timedStore(deps.store, metrics);
  const now = deps.now ?? Date.now;
  const { cluster } = deps;
  const rateLimits = new RateLimits(limits.rates, logger, cluster?.limiterFactory ?? deps.limiterFactory);
  const handshakes = guardHandshakes({
    allowedOrigins,
    rateLimits,
    maxConnectionsPerIp: limits.maxConnectionsPerIp,
    clientIp: clientIpResolver(deps.trustProxy),
    logger,
  });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: (request) => PROBE_PATHS.has(request.url) }),
    bodyLimit: limits.maxFrameBytes,
    trustProxy: trustFunction(deps.trustProxy),
  });

  const io: TypedServer = new Server(app.server, {
    serveClient: false,
    ...(cluster && { adapter: cluster.adapter.adapter }),
    maxHttpBufferSize: limits.maxFrameBytes,
    // Measured with socket.io 4.8 on 2 cores: compression costs about 9x memory per connection and fan-out collapses
    // near 19k deliveries/s, where without it 50k deliveries/s kept a p99 of about 40 ms.
    perMessageDeflate: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    allowRequest: handshakes.allowRequest,
    // Long-polling from an allowed origin other than the page's own needs CORS; the same origin needs none.
    cors: { origin: (origin, callback) => callback(null, isOriginAllowed(origin, undefined, allowedOrigins)) },
  });
  const seen = sessionSeen({ store, now, logger });
  const ticketWaiters = new TicketWaiters(io);
  const userUpdates = new UserUpdates(io, store, logger, cluster !== undefined);
  const media = new MediaService(store, deps.media.blobs, new MediaSigner(deps.media.secret, deps.media.urlTtlMs, now));
  registerHttpRoutes(app, {
    store,
    tokens,
    now,
    rateLimits,
    webRoot: deps.webRoot,
    allowedOrigins,
    wechat: deps.wechat,
    disconnectUser: (userId) => endUserSessions(io, userId),
    disconnectSession: (sessionId) => endSessionSockets(io, sessionId),
    sessionSeen: seen,
    ticketWaiters,
    userUpdated: (user) => userUpdates.announce(user),
    metrics,
    token: deps.metricsToken,
    pingRedis: cluster?.ping,
    media,
    mediaLimits: limits.media,
    mediaTempDir: deps.media.tempDir,
  });
  metrics.countSocketsWith(() => io.of('/').sockets.size);

  const presenceChanges = new PresenceChanges(io, deps.presenceBatchMs);
  const presence: PresenceRegistry = cluster
    ? cluster.createPresence({ io, announcer: presenceChanges, logger })
    : new LocalPresence();
  const readReceipts = new ReadReceipts(io, deps.receiptIntervalMs);
  const services: Services = {
    io,
    store,
    presence,
    presenceChanges,
    readReceipts,
    logger,
    now,
    inviteTtlMs: deps.inviteTtlMs,
    recallWindowMs: deps.recallWindowMs ?? RECALL_WINDOW_DEFAULT_MS,
    limits,
    rateLimits,
    roomQueue: new KeyedQueue(),
    tasks: new TaskTracker(logger),
    metrics,
    media,
  };
  handshakes.track(io.engine);
  dropHandshakeRequests(io.engine);
  const slowConsumers = watchSlowConsumers(io.engine, limits.slowConsumer, logger);
  io.use(authenticateSocket({ tokens, store, logger, sessionSeen: seen }));
  io.use(limitSocketsPerUser(limits.maxSocketsPerUser, logger));
  const sessionExpiry = new SessionExpiry(now, logger);
  io.on('connection', connectionListener(services, sessionExpiry));

  let closing: Promise<void> | undefined;
  return {
    app,
    io,
    async listen(port, host = '0.0.0.0') {
      // Clients come only once this node hears the others: nothing broadcast to them meanwhile is missed.
      await cluster?.adapter.ready();
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shownHost = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.address;
      const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
      return { port: address.port, url: `http://${urlHost}:${address.port}` };
    },
    close() {
      closing ??= (async () => {
        // Closes the listener and every socket: no new request can start after this.
        slowConsumers.stop();
        // Browsers waiting on a sign-in ticket are answered now, not when their long-poll ends.
        ticketWaiters.close();
        sessionExpiry.stop();
        await io.close();
        await services.tasks.drain();
        // Releases this node's share of presence across nodes; whoever went offline with it is announced below.
        await presence.close();
        // Alone, nobody is left to hear them and only the timer is cleared; other nodes' sockets hear them.
        presenceChanges.flush();
        readReceipts.flush();
        cluster?.adapter.close();
        await app.close();
      })();
      return closing;
    },
  };
}
