import * as v from 'valibot';
import { requests } from '@tandem/protocol';
import type { Ack, ErrorCode, RequestEvent, RequestPayload, ResultOf, User } from '@tandem/protocol';
import type { Limits, RateName } from '../config';
import { AppError, describeIssues } from '../errors';
import type { TypedServer, TypedSocket } from '../io';
import type { KeyedQueue, TaskTracker } from '../tasks';
import type { Logger } from '../logger';
import type { MediaService } from '../media';
import type { Metrics } from '../metrics';
import type { PresenceRegistry } from '../presence-registry';
import type { PresenceChanges } from '../presence-changes';
import type { RateLimits } from '../rate-limits';
import type { ReadReceipts } from '../read-receipts';
import type { Store } from '../store/types';

/** What every handler may use. Built once by `createApp`. */
export interface Services {
  io: TypedServer;
  store: Store;
  /** Who is online: on this node alone, or on every node (cluster). */
  presence: PresenceRegistry;
  /** Announces who came and went, batched per room. */
  presenceChanges: PresenceChanges;
  /** Sends members' read positions that moved, aggregated per room (read receipts). */
  readReceipts: ReadReceipts;
  logger: Logger;
  now: () => number;
  inviteTtlMs: number;
  recallWindowMs: number;
  limits: Limits;
  rateLimits: RateLimits;
  /** Serialises membership changes per user and per room, so caps cannot be overshot. */
  roomQueue: KeyedQueue;
  /** Requests in flight; `close()` waits for them. */
  tasks: TaskTracker;
  metrics: Metrics;
  /** Dresses messages with their media and signed URLs; releases a recalled message's media. */
  media: MediaService;
}

export interface RequestContext {
  services: Services;
  socket: TypedSocket;
  user: User;
}

type Handler<E extends RequestEvent> = (payload: RequestPayload<E>, context: RequestContext) => Promise<ResultOf<E>>;

export interface HandlerOptions<E extends RequestEvent> {
  /** The per-user limiter of this event; `request` (shared by every event without one of its own) by default. */
  rate?: RateName;
  /** Over the limit, answer this as a success and do nothing, instead of `RATE_LIMITED`. */
  whenLimited?: ResultOf<E>;
}

export interface EventHandler {
  readonly event: RequestEvent;
  /** Answers one request of `socket`; `args` are what the client sent, the ack last. */
  handle(socket: TypedSocket, services: Services, args: unknown[]): void;
}

type AckFunction = (response: Ack<unknown>) => void;

const GENERIC_INTERNAL_MESSAGE = 'internal error';
const MAX_ERROR_MESSAGE_LENGTH = 200;
/** Events whose ack a client may leave out. */
const ACK_OPTIONAL: ReadonlySet<RequestEvent> = new Set(['typing:update']);

export const failure = (code: ErrorCode, message: string): Ack<never> => ({
  ok: false,
  error: { code, message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) },
});

export const rateLimited = (retryAfterMs: number): Ack<never> => ({
  ok: false,
  error: { code: 'RATE_LIMITED', message: 'too many requests, slow down', retryAfterMs },
});

/** Socket.IO passes the ack last; `emit(event, ack)` without a payload makes it the only argument. */
export function splitArguments(args: unknown[]): { payload: unknown; ack: AckFunction | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as AckFunction) : undefined;
  return { payload: typeof args[0] === 'function' ? undefined : args[0], ack };
}

/**
 * The one edge helper: checks the ack, takes a point from the user's rate limit (before anything is read or
 * written), validates the payload with the protocol schema, runs the handler and turns an `AppError` into an error
 * ack and anything else into `INTERNAL` (the detail is logged). A request without an ack is dropped (logged at
 * debug), except where the ack is optional. Nothing thrown escapes to Socket.IO.
 */
export function defineHandler<E extends RequestEvent>(
  event: E,
  handler: Handler<E>,
  options: HandlerOptions<E> = {},
): EventHandler {
  const schema = requests[event].payload;
  const rate = options.rate ?? 'request';
  return {
    event,
    handle(socket, services, args) {
      const { payload, ack } = splitArguments(args);
      if (!ack && !ACK_OPTIONAL.has(event)) {
        services.logger.debug({ event, socketId: socket.id }, 'request without ack dropped');
        return;
      }
      const context: RequestContext = { services, socket, user: socket.data.user };
      services.tasks.track(respond(context, payload, ack, performance.now()));
    },
  };

  async function respond(
    context: RequestContext,
    payload: unknown,
    ack: AckFunction | undefined,
    started: number,
  ): Promise<void> {
    // Evaluated first: `ack?.(await answer())` would skip the request altogether when there is no ack.
    const response = await answer(context, payload);
    context.services.metrics.requestAnswered(event, response, (performance.now() - started) / 1000);
    ack?.(response);
  }

  async function answer(context: RequestContext, payload: unknown): Promise<Ack<ResultOf<E>>> {
    const verdict = await context.services.rateLimits.consume(rate, context.user.id);
    if (!verdict.allowed) {
      if (options.whenLimited !== undefined) return { ok: true, data: options.whenLimited };
      return rateLimited(verdict.retryAfterMs);
    }
    const parsed = v.safeParse(schema, payload);
    if (!parsed.success) return failure('INVALID_PAYLOAD', describeIssues(parsed.issues));
    return run(context, parsed.output as RequestPayload<E>);
  }

  async function run(context: RequestContext, payload: RequestPayload<E>): Promise<Ack<ResultOf<E>>> {
    try {
      return { ok: true, data: await handler(payload, context) };
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message);
      context.services.logger.error({ err: error, event, userId: context.user.id }, 'request failed');
      return failure('INTERNAL', GENERIC_INTERNAL_MESSAGE);
    }
  }
}

/**
 * One listener for every request of every socket: it finds the event's handler, and answers an event the protocol
 * does not define so a client waiting on an ack is not left hanging. Built once per server and registered with
 * `socket.onAny`, which calls it with the socket as `this`: a socket costs no closures for its handlers.
 */
export function dispatchRequests(handlers: EventHandler[], services: Services) {
  const byEvent = new Map<string, EventHandler>(handlers.map((handler) => [handler.event, handler]));
  return function dispatch(this: TypedSocket, event: unknown, ...args: unknown[]): void {
    const handler = typeof event === 'string' ? byEvent.get(event) : undefined;
    if (handler) return handler.handle(this, services, args);
    services.logger.debug({ event: String(event), socketId: this.id }, 'unknown event');
    services.metrics.rejected('socket', 'INVALID_PAYLOAD');
    splitArguments(args).ack?.(failure('INVALID_PAYLOAD', `unknown event: ${String(event)}`));
  };
}
