import * as v from 'valibot';
import {
  MessageSearchRequestSchema,
  MessageSearchResultSchema,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_TERMS,
  SEARCH_QUERY_MAX_LENGTH,
  searchTerms,
} from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('message:search', () => {
  it('trims the query and defaults the limit', () => {
    expect(v.parse(MessageSearchRequestSchema, { query: '  你好 ', extra: 1 })).toEqual({
      query: '你好',
      limit: SEARCH_DEFAULT_LIMIT,
    });
  });

  it('refuses an empty or too long query, too many words, and a limit out of bounds', () => {
    for (const query of ['', '   ', 'x'.repeat(SEARCH_QUERY_MAX_LENGTH + 1), 7, '\ud800']) {
      expect(parses(MessageSearchRequestSchema, { query })).toBe(false);
    }
    const words = Array.from({ length: SEARCH_MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(parses(MessageSearchRequestSchema, { query: words })).toBe(false);
    for (const limit of [0, SEARCH_MAX_LIMIT + 1, 1.5, '5']) {
      expect(parses(MessageSearchRequestSchema, { query: 'a', limit })).toBe(false);
    }
    expect(parses(MessageSearchRequestSchema, { query: 'a', limit: SEARCH_MAX_LIMIT, roomId: 'r', cursor: 'c' })).toBe(
      true,
    );
    expect(parses(MessageSearchRequestSchema, { query: 'a', cursor: '' })).toBe(false);
    expect(parses(MessageSearchRequestSchema, { query: 'a', roomId: '' })).toBe(false);
  });

  it('splits a query into distinct words', () => {
    expect(searchTerms('  hello\u3000世界  hello ')).toEqual(['hello', '世界']);
  });

  it('answers results with their room and highlight ranges', () => {
    const message = {
      id: 'm',
      roomId: 'r',
      seq: 1,
      clientId: 'c',
      sender: { id: 'u', nickname: 'n' },
      text: 'hi',
      createdAt: 1,
    };
    const result = { message, room: { id: 'r', name: 'Room' }, highlights: [[0, 2]] };
    expect(parses(MessageSearchResultSchema, { results: [result], hasMore: true, cursor: 'x' })).toBe(true);
    expect(parses(MessageSearchResultSchema, { results: [{ ...result, highlights: [[0]] }], hasMore: false })).toBe(
      false,
    );
  });
});
