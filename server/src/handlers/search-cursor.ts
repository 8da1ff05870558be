import * as v from 'valibot';
import { ID_MAX_LENGTH } from '@tandem/protocol';
import { AppError } from '../errors';
import type { SearchPosition } from '../store/types';

/**
 * `message:search`'s opaque cursor: the position of a page's last result (its createdAt and id), base64url JSON.
 * Clients only send it back; anything else the server did not issue is INVALID_PAYLOAD.
 */
const PositionSchema = v.tuple([
  v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX_LENGTH)),
]);

export const encodeCursor = ({ createdAt, id }: SearchPosition): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

export function decodeCursor(cursor: string): SearchPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const position = v.safeParse(PositionSchema, parsed);
  if (!position.success) throw new AppError('INVALID_PAYLOAD', 'cursor: not a cursor of message:search');
  const [createdAt, id] = position.output;
  return { createdAt, id };
}
