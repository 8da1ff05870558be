import * as v from 'valibot';
import { ackSchema, requests } from '@tandem/protocol';
import type { RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import type { ChatSocket } from '../../platform/socket';
import { failure } from '../errors';
import type { Result } from '../errors';

/** How long a request waits for its ack before it counts as lost. */
export const ACK_TIMEOUT_MS = 10_000;

interface UntypedEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}

const ackSchemas = new Map<RequestEvent, v.GenericSchema>();

/** The protocol's ack schema of `event` (`{ ok: true, data } | { ok: false, error }`), built once. */
function ackSchemaOf(event: RequestEvent): v.GenericSchema {
  let schema = ackSchemas.get(event);
  if (!schema) {
    schema = ackSchema(requests[event].result);
    ackSchemas.set(event, schema);
  }
  return schema;
}

/** Checks an outgoing payload against the protocol's schema: a bad one is a bug here, never worth a round trip. */
export function checkPayload<E extends RequestEvent>(event: E, payload: RequestInput<E>): string | null {
  const checked = v.safeParse(requests[event].payload, payload);
  return checked.success ? null : v.summarize(checked.issues);
}

/**
 * Sends one request and resolves with its ack as a value, never throwing: `INVALID_PAYLOAD` when the payload does
 * not match the protocol (nothing is sent), `OFFLINE` when not connected (nothing is buffered for later), `TIMEOUT`
 * when no ack came within `timeoutMs`, `INTERNAL` when the ack does not match the protocol's schema.
 */
export async function request<E extends RequestEvent>(
  socket: ChatSocket | null,
  event: E,
  payload: RequestInput<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Result<ResultOf<E>>> {
  const invalid = checkPayload(event, payload);
  if (invalid) {
    console.error(`[request] ${event} payload refused before sending: ${invalid}`);
    return failure('INVALID_PAYLOAD', invalid);
  }
  if (!socket?.connected) return failure('OFFLINE', 'not connected');
  let ack: unknown;
  try {
    // The event maps type every request; a generic `E` is beyond what socket.io's types can narrow.
    ack = await (socket.timeout(timeoutMs) as unknown as UntypedEmitter).emitWithAck(event, payload);
  } catch {
    return failure('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`);
  }
  const parsed = v.safeParse(ackSchemaOf(event), ack);
  // The schema is `ackSchema(requests[E].result)`: its output is exactly this type.
  if (parsed.success) return parsed.output as Result<ResultOf<E>>;
  console.error(`[request] malformed ack for ${event}: ${v.summarize(parsed.issues)}`, ack);
  return failure('INTERNAL', 'malformed answer from the server');
}
