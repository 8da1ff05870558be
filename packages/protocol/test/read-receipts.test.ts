import * as v from 'valibot';
import { ReadReceiptsRequestSchema, requests, serverEvents } from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('read:receipts request', () => {
  it('takes a room id, dropping unknown keys', () => {
    expect(v.parse(ReadReceiptsRequestSchema, { roomId: 'r1', extra: 1 })).toEqual({ roomId: 'r1' });
  });

  it('refuses a missing, empty or non-string room id', () => {
    for (const payload of [undefined, {}, { roomId: '' }, { roomId: 7 }]) {
      expect(parses(ReadReceiptsRequestSchema, payload)).toBe(false);
    }
  });

  it('answers every member’s read position', () => {
    const result = requests['read:receipts'].result;
    expect(parses(result, { reads: [{ userId: 'u1', readSeq: 4 }] })).toBe(true);
    expect(parses(result, { reads: [{ userId: 'u1' }] })).toBe(false);
    expect(parses(result, {})).toBe(false);
  });
});

describe('read:receipts fact', () => {
  it('carries the room and the positions that moved', () => {
    const schema = serverEvents['read:receipts'];
    expect(parses(schema, { roomId: 'r1', reads: [{ userId: 'u1', readSeq: 4 }] })).toBe(true);
    expect(parses(schema, { roomId: 'r1', reads: [{ userId: 'u1', seq: 4 }] })).toBe(false);
    expect(parses(schema, { reads: [] })).toBe(false);
  });
});
