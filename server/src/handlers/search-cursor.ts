import * as v from 'valibot';
import { ID_MAX_LENGTH } from '@tandem/protocol';
import { AppError } from '../errors';
import type { SearchPosition } from '../store/types';

/**
 * `message:search`'s opaque cursor: the position of a page's last result (createdAt, room id, seq), base64url JSON.
 * Clients only send it back; anything else the server did not issue is INVALID_PAYLOAD.
 */
const PositionSchema = v.tuple([
  v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX_LENGTH)),
  v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
]);

export const encodeCursor = ({ createdAt, roomId, seq }: SearchPosition): string =>
  Buffer.from(JSON.stringify([createdAt, roomId, seq])).toString('base64url');

export function decodeCursor(cursor: string): SearchPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const position = v.safeParse(PositionSchema, parsed);
  if (!position.success) throw new AppError('INVALID_PAYLOAD', 'cursor: not a cursor of message:search');
  const [createdAt, roomId, seq] = position.output;
  return { createdAt, roomId, seq };
}
