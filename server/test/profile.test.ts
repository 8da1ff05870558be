import sharp from 'sharp';
import * as v from 'valibot';
import {
  AVATAR_MAX_BYTES,
  AVATAR_SIZE,
  HttpErrorSchema,
  PROFILE_AVATAR_PATH,
  PROFILE_PATH,
  ProfileResponseSchema,
} from '@tandem/protocol';
import type { ErrorCode, ProfileResponse, SessionResponse } from '@tandem/protocol';
import { call, nextEvent, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post } from './http-helpers';

let server: TestServer;
afterEach(() => server?.close());

const upload = (session: SessionResponse, body: Uint8Array, type = 'application/octet-stream', method = 'POST') =>
  fetch(`${server.url}${PROFILE_AVATAR_PATH}`, {
    method,
    headers: { 'content-type': type, ...bearer(session.token) },
    body,
  });
const errorOf = async (response: Response): Promise<[number, ErrorCode]> => [
  response.status,
  v.parse(HttpErrorSchema, await response.json()).error.code,
];
const profileOf = async (response: Response): Promise<ProfileResponse> => {
  expect(response.status).toBe(200);
  return v.parse(ProfileResponseSchema, await response.json());
};

/** A photo as a phone takes it: EXIF orientation 6 (turn 90° clockwise to view), wider than tall, with metadata. */
const photo = (format: 'png' | 'jpeg') => {
  const image = sharp({ create: { width: 600, height: 300, channels: 3, background: { r: 200, g: 30, b: 30 } } });
  return (format === 'png' ? image.png() : image.jpeg()).withMetadata({ orientation: 6 }).toBuffer();
};

describe('the profile routes', () => {
  beforeEach(async () => {
    server = await startServer();
  });

  it.each(['png', 'jpeg'] as const)(
    'stores an uploaded %s re-encoded as a 256x256 WebP without metadata and serves it at the user avatar URL',
    async (format) => {
      const ann = await server.signIn('ann');
      const { user } = await profileOf(await upload(ann, await photo(format), `image/${format}`));
      expect(user).toEqual({ id: ann.user.id, nickname: 'ann', avatar: expect.stringMatching(/^\/api\/avatars\//) });

      const served = await fetch(`${server.url}${user.avatar}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toContain('immutable');
      const image = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect(image).toMatchObject({ format: 'webp', width: AVATAR_SIZE, height: AVATAR_SIZE });
      expect(image.exif).toBeUndefined();
      expect(image.orientation).toBeUndefined();
      // Another version than the current one may be replaced any time: not cached for long.
      const stale = await fetch(`${server.url}/api/avatars/${ann.user.id}?v=1`);
      expect(stale.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('refuses a text file named like an image, an empty body and a broken image with 400', async () => {
    const ann = await server.signIn('ann');
    const text = new TextEncoder().encode('just text pretending to be a picture.png');
    expect(await errorOf(await upload(ann, text, 'image/png'))).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await errorOf(await upload(ann, new Uint8Array()))).toEqual([400, 'INVALID_PAYLOAD']);
    const truncated = (await photo('png')).subarray(0, 200);
    expect(await errorOf(await upload(ann, truncated))).toEqual([400, 'INVALID_PAYLOAD']);
    // An SVG is a document that can carry script, not one of the accepted images.
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>');
    expect(await errorOf(await upload(ann, svg, 'image/svg+xml'))).toEqual([400, 'INVALID_PAYLOAD']);
    expect((await server.store.findUser(ann.user.id))?.avatar).toBeUndefined();
  });

  it('answers 413 to an upload over the size cap', async () => {
    const ann = await server.signIn('ann');
    expect(await errorOf(await upload(ann, new Uint8Array(AVATAR_MAX_BYTES + 1)))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('answers 401 to every profile write without a valid token, and 404 for a user without an avatar', async () => {
    const noone = { token: 'forged', user: { id: 'x', nickname: 'x' }, expiresAt: 0 };
    expect(await errorOf(await upload(noone, await photo('png')))).toEqual([401, 'UNAUTHORIZED']);
    expect(await errorOf(await upload(noone, new Uint8Array(), 'application/octet-stream', 'DELETE'))).toEqual([
      401,
      'UNAUTHORIZED',
    ]);
    expect(await errorOf(await post(`${server.url}${PROFILE_PATH}`, { nickname: 'x' }))).toEqual([401, 'UNAUTHORIZED']);
    const ann = await server.signIn('ann');
    expect(await errorOf(await fetch(`${server.url}/api/avatars/${ann.user.id}`))).toEqual([404, 'NOT_FOUND']);
  });

  it('removes the avatar', async () => {
    const ann = await server.signIn('ann');
    const { user } = await profileOf(await upload(ann, await photo('png')));
    const removed = await profileOf(await upload(ann, new Uint8Array(), 'application/octet-stream', 'DELETE'));
    expect(removed.user).toEqual({ id: ann.user.id, nickname: 'ann' });
    expect((await fetch(`${server.url}${user.avatar}`)).status).toBe(404);
  });

  it('refuses an invalid display name with 400', async () => {
    const ann = await server.signIn('ann');
    for (const body of [{ nickname: '   ' }, { nickname: 'x'.repeat(33) }, {}, { nickname: 7 }]) {
      const response = await post(`${server.url}${PROFILE_PATH}`, body, bearer(ann.token));
      expect(await errorOf(response)).toEqual([400, 'INVALID_PAYLOAD']);
    }
  });

  it('shows a new display name and avatar in member lists, history, new messages and a live user:updated', async () => {
    const ann = await server.client('ann');
    const bob = await server.client('bob');
    const roomId = await roomWith(ann, [bob]);
    await call(ann, 'message:send', { roomId, clientId: 'before', text: 'old name' });

    const heard = nextEvent(bob, 'user:updated');
    const ownDevice = nextEvent(ann, 'user:updated');
    const renamed = await post(`${server.url}${PROFILE_PATH}`, { nickname: '  安  ' }, bearer(ann.session.token));
    const { user } = await profileOf(renamed);
    expect(user).toEqual({ id: ann.session.user.id, nickname: '安' });
    expect(await heard).toEqual({ user });
    expect(await ownDevice).toEqual({ user });
    const withAvatar = (await profileOf(await upload(ann.session, await photo('png')))).user;

    const joined = await call(bob, 'room:join', { roomId });
    expect(joined.members).toContainEqual(withAvatar);
    expect(joined.messages[0]?.sender).toEqual(withAvatar);
    // The connected socket sends under its new name and avatar, without reconnecting.
    const created = nextEvent(bob, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'after', text: 'new name' });
    expect((await created).sender).toEqual(withAvatar);
  });
});

describe('the profile write limit', () => {
  it('answers 429 once a user spent its profile writes, before reading the body', async () => {
    server = await startServer({ limits: { rates: { profileWrite: { points: 2, durationMs: 60_000 } } } });
    const ann = await server.signIn('ann');
    const rename = () => post(`${server.url}${PROFILE_PATH}`, { nickname: 'ann' }, bearer(ann.token));
    expect((await rename()).status).toBe(200);
    expect((await rename()).status).toBe(200);
    expect(await errorOf(await rename())).toEqual([429, 'RATE_LIMITED']);
    // Another user has its own.
    const bob = await server.signIn('bob');
    expect((await post(`${server.url}${PROFILE_PATH}`, { nickname: 'b' }, bearer(bob.token))).status).toBe(200);
  });
});
