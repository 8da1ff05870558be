import * as v from 'valibot';
import { requests } from '@tandem/protocol';
import type { Ack, ErrorCode, RequestEvent, RequestPayload, ResultOf, User } from '@tandem/protocol';
import { AppError, describeIssues } from '../errors';
import type { TypedServer, TypedSocket } from '../io';
import type { KeyedQueue, TaskTracker } from '../tasks';
import type { Logger } from '../logger';
import type { Presence } from '../presence';
import type { Store } from '../store/types';

/** What every handler may use. Built once by `createApp`. */
export interface Services {
  io: TypedServer;
  store: Store;
  presence: Presence;
  logger: Logger;
  now: () => number;
  inviteTtlMs: number;
  /** Serialises message writes per room so broadcasts leave in seq order. */
  roomQueue: KeyedQueue;
  /** Requests in flight; `close()` waits for them. */
  tasks: TaskTracker;
}

export interface RequestContext {
  services: Services;
  socket: TypedSocket;
  user: User;
}

type Handler<E extends RequestEvent> = (payload: RequestPayload<E>, context: RequestContext) => Promise<ResultOf<E>>;

export interface EventHandler {
  readonly event: RequestEvent;
  attach(socket: TypedSocket, services: Services): void;
}

/** Socket.IO's listener API without the typed event map: the payload is whatever the client sent. */
type UntypedListen = (event: string, listener: (...args: unknown[]) => void) => void;
type AckFunction = (response: Ack<unknown>) => void;

const GENERIC_INTERNAL_MESSAGE = 'internal error';
const MAX_ERROR_MESSAGE_LENGTH = 200;
/** Events whose ack a client may leave out. */
const ACK_OPTIONAL: ReadonlySet<RequestEvent> = new Set(['typing:update']);

export const failure = (code: ErrorCode, message: string): Ack<never> => ({
  ok: false,
  error: { code, message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) },
});

/** Socket.IO passes the ack last; `emit(event, ack)` without a payload makes it the only argument. */
export function splitArguments(args: unknown[]): { payload: unknown; ack: AckFunction | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as AckFunction) : undefined;
  return { payload: typeof args[0] === 'function' ? undefined : args[0], ack };
}

/**
 * The one edge helper: validates the payload with the protocol schema, checks the ack, runs the handler and turns
 * an `AppError` into an error ack and anything else into `INTERNAL` (the detail is logged). A request without an
 * ack is dropped (logged at debug), except where the ack is optional. Nothing thrown escapes to Socket.IO.
 */
export function defineHandler<E extends RequestEvent>(event: E, handler: Handler<E>): EventHandler {
  const schema = requests[event].payload;
  return {
    event,
    attach(socket, services) {
      const { logger } = services;
      const listen = socket.on.bind(socket) as unknown as UntypedListen;
      listen(event, (...args) => {
        const { payload, ack } = splitArguments(args);
        if (!ack && !ACK_OPTIONAL.has(event)) {
          logger.debug({ event, socketId: socket.id }, 'request without ack dropped');
          return;
        }
        const context: RequestContext = { services, socket, user: socket.data.user };
        services.tasks.track(respond(context, payload, ack));
      });
    },
  };

  async function respond(context: RequestContext, payload: unknown, ack: AckFunction | undefined): Promise<void> {
    const parsed = v.safeParse(schema, payload);
    const response = parsed.success
      ? await run(context, parsed.output as RequestPayload<E>)
      : failure('INVALID_PAYLOAD', describeIssues(parsed.issues));
    ack?.(response);
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

/** Answers requests for events the protocol does not define, so a client waiting on an ack is not left hanging. */
export function answerUnknownEvents(socket: TypedSocket, logger: Logger): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(requests, event)) return;
    logger.debug({ event: String(event), socketId: socket.id }, 'unknown event');
    splitArguments(args).ack?.(failure('INVALID_PAYLOAD', `unknown event: ${String(event)}`));
  });
}
