import * as v from 'valibot';
import { MediaUploadResponseSchema, MessageSchema, MessageSendRequestSchema, requests } from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('media', () => {
  const send = { roomId: 'r', clientId: 'c' };

  it('message:send takes a mediaId, and then the text is an optional caption', () => {
    expect(v.parse(MessageSendRequestSchema, { ...send, mediaId: 'm' })).toEqual({ ...send, text: '', mediaId: 'm' });
    expect(v.parse(MessageSendRequestSchema, { ...send, mediaId: 'm', text: ' 看 ' })).toEqual({
      ...send,
      text: '看',
      mediaId: 'm',
    });
  });

  it('message:send without a mediaId still needs text, and refuses an empty or non-string mediaId', () => {
    for (const extra of [{}, { text: '  ' }, { mediaId: '' }, { mediaId: 5 }, { text: '', mediaId: 'x'.repeat(65) }]) {
      expect(parses(MessageSendRequestSchema, { ...send, ...extra })).toBe(false);
    }
  });

  it('a message may carry media with its signed URLs; an image its thumbnail and size', () => {
    const message = {
      id: 'm',
      roomId: 'r',
      seq: 1,
      clientId: 'c',
      sender: { id: 'u', nickname: 'Ann' },
      text: '',
      createdAt: 1,
    };
    const media = { id: 'x', kind: 'image', mime: 'image/png', size: 10, width: 4, height: 3 };
    const urls = { url: '/api/media/x?exp=1&sig=s', thumbUrl: '/api/media/x/thumb?exp=1&sig=s', expiresAt: 1000 };
    expect(parses(MessageSchema, { ...message, media: { ...media, ...urls } })).toBe(true);
    expect(parses(MessageSchema, { ...message, media: { ...media, kind: 'video', ...urls } })).toBe(false);
    expect(parses(MessageSchema, { ...message, media })).toBe(false);
    expect(parses(MediaUploadResponseSchema, { media })).toBe(true);
  });

  it('media:url takes a room and a media, and answers URLs with their expiry', () => {
    expect(parses(requests['media:url'].payload, { roomId: 'r', mediaId: 'm' })).toBe(true);
    expect(parses(requests['media:url'].payload, { roomId: 'r' })).toBe(false);
    expect(parses(requests['media:url'].result, { url: '/u', expiresAt: 1 })).toBe(true);
    expect(parses(requests['media:url'].result, { url: '/u' })).toBe(false);
  });
});
