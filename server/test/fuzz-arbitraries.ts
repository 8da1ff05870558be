import fc from 'fast-check';
import { MAX_FRAME_BYTES, requests } from '@tandem/protocol';
import type { RequestEvent } from '@tandem/protocol';

/** Hostile payloads for every request event, for the fuzz tests. */

export const EVENTS = Object.keys(requests) as RequestEvent[];

/** The keys each event's payload schema knows, so "right keys, wrong types" payloads can be built. */
const KEYS: Record<RequestEvent, string[]> = {
  'room:list': [],
  'room:create': ['name', 'visibility'],
  'room:join': ['roomId', 'afterSeq', 'inviteCode'],
  'room:leave': ['roomId'],
  'room:invite': ['roomId'],
  'message:send': ['roomId', 'clientId', 'text', 'replyTo', 'mentions', 'mediaId'],
  'message:history': ['roomId', 'beforeSeq', 'afterSeq', 'limit'],
  'message:edit': ['roomId', 'messageId', 'text'],
  'message:recall': ['roomId', 'messageId'],
  'message:delete': ['roomId', 'messageId'],
  'message:changes': ['roomId', 'afterChangeSeq', 'limit'],
  'typing:update': ['roomId', 'typing'],
  'read:mark': ['roomId', 'seq'],
  'read:receipts': ['roomId'],
  'dm:open': ['userId', 'username'],
  'room:rename': ['roomId', 'name'],
  'room:kick': ['roomId', 'userId'],
  'room:ban': ['roomId', 'userId'],
  'room:unban': ['roomId', 'userId'],
  'room:transfer': ['roomId', 'userId'],
  'user:block': ['userId'],
  'user:unblock': ['userId'],
  'user:blocks': [],
  'message:report': ['roomId', 'messageId', 'reason'],
  'message:search': ['query', 'roomId', 'limit', 'cursor'],
  'media:url': ['roomId', 'mediaId'],
};

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Numbers JSON cannot carry are sent as JSON would turn them (NaN and ±Infinity to null, -0 to 0). */
const oddNumber = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 53),
  0.1,
  -1,
);

/** Up to nearly a whole frame. */
const hugeString = fc
  .integer({ min: 1000, max: MAX_FRAME_BYTES - 2000 })
  .chain((length) => fc.constantFrom('x', '你', '\u0000', '"', '\\').map((unit) => unit.repeat(length)));

/** `{ a: { a: … } }` or `[[…]]`, `depth` levels down. */
export function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { a: value };
  return value;
}
const deep = fc
  .tuple(fc.integer({ min: 10, max: 1000 }), fc.boolean())
  .map(([depth, asArray]) => nested(depth, asArray));

/** An own `__proto__` (or `constructor`...) key, as `JSON.parse` would produce one on the server. */
const withPrototypeKeys = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(
    ([key, value]) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},"roomId":"r"}`) as unknown,
  );

const scalar = fc.oneof(fc.string(), fc.integer(), oddNumber, fc.boolean(), fc.constant(null), fc.double());
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: withPrototypeKeys },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: hugeString },
);

/** The schema's keys, each holding anything: mostly the wrong type, now and then a valid one. */
function rightKeys(event: RequestEvent): fc.Arbitrary<unknown> {
  const keys = KEYS[event];
  const model = Object.fromEntries(
    keys.map((key) => [key, fc.oneof(anyValue, fc.string({ minLength: 1, maxLength: 70 }), fc.nat(200))]),
  );
  return fc.record(model, { requiredKeys: [] });
}

/** One call: an event and the arguments before the ack (none, a payload, or a payload and extras). */
export interface FuzzCall {
  event: string;
  args: unknown[];
}

export const fuzzCall: fc.Arbitrary<FuzzCall> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .constantFrom(...EVENTS)
      .chain((event) => fc.oneof(anyValue, rightKeys(event)).map((payload) => ({ event, args: [payload] }))),
  },
  { weight: 2, arbitrary: fc.constantFrom(...EVENTS).map((event) => ({ event, args: [] })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...EVENTS), fc.array(anyValue, { minLength: 2, maxLength: 4 }))
      .map(([event, args]) => ({ event, args })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fc.string(), fc.constantFrom(...PROTOTYPE_KEYS)), anyValue)
      .filter(
        ([event]) =>
          !['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(event),
      )
      .map(([event, payload]) => ({ event, args: [payload] })),
  },
);

/**
 * Raw Socket.IO event packets (type 2, with an ack id) whose JSON the official client would never produce:
 * numbers that parse to Infinity or -0, own `__proto__` keys, nesting far deeper than JSON.stringify allows.
 */
export function rawPacket(ackId: number): fc.Arbitrary<string> {
  const number = fc.constantFrom('1e400', '-1e400', '-0', '1e-400', '9007199254740993', '-0.0e0');
  const key = fc.constantFrom('roomId', 'afterSeq', 'beforeSeq', 'limit', 'typing', 'text', 'name', ...PROTOTYPE_KEYS);
  const object = fc
    .array(fc.tuple(key, fc.oneof(number, fc.constant('"r"'), fc.constant('{}'))), { maxLength: 5 })
    .map((entries) => `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`);
  const deepText = fc.integer({ min: 1000, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
  return fc
    .tuple(fc.constantFrom(...EVENTS), fc.oneof(object, object, number, deepText))
    .map(([event, payload]) => `2${ackId}[${JSON.stringify(event)},${payload}]`);
}
