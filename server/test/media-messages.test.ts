import sharp from 'sharp';
import * as v from 'valibot';
import { MessageSchema } from '@tandem/protocol';
import { FileBlobStore, MediaService, MediaSigner } from '../src/media';
import { call, errorCode, nextEvent, request, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';
import { mediaFiles, phonePhoto, png, upload, uploaded } from './media-helpers';

let server: TestServer;
afterEach(() => server?.close());

const twoMembers = async () => {
  server = await startServer();
  const ann = await server.client('ann');
  const bob = await server.client('bob');
  const roomId = await roomWith(ann, [bob]);
  return { ann, bob, roomId };
};
const fetchBytes = async (url: string) => {
  const response = await fetch(`${server.url}${url}`);
  expect(response.status).toBe(200);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
};

describe('messages with media', () => {
  it('delivers an image message to another member with URLs that fetch the upright image and its thumbnail', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await phonePhoto() }));
    // Orientation 6: stored 120 x 60, seen 60 x 120.
    expect(media).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 60, height: 120 });
    const heard = nextEvent(bob, 'message:created');
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c1', mediaId: media.id });
    const received = v.parse(MessageSchema, await heard);
    expect(received).toEqual(message);
    expect(received).toMatchObject({ text: '', media: { id: media.id, kind: 'image', size: media.size, width: 60 } });
    const full = await fetchBytes(received.media?.url ?? '');
    expect(full.response.headers.get('content-type')).toBe('image/jpeg');
    const stored = await sharp(full.bytes).metadata();
    expect([stored.width, stored.height, stored.exif, stored.orientation]).toEqual([60, 120, undefined, undefined]);
    expect(full.bytes.includes('secret-place')).toBe(false);
    const thumb = await fetchBytes(received.media?.thumbUrl ?? '');
    expect(thumb.response.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(thumb.bytes).metadata()).format).toBe('webp');
  });

  it('shows the media in history and on join, with a caption, and answers a resend with the same media', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png() }));
    const sent = await call(ann, 'message:send', { roomId, clientId: 'c1', text: ' 看 ', mediaId: media.id });
    expect(sent.message.text).toBe('看');
    await call(ann, 'message:send', { roomId, clientId: 'c2', text: 'plain' });
    const again = await call(ann, 'message:send', { roomId, clientId: 'c1', mediaId: media.id });
    expect(again.message.media?.id).toBe(media.id);
    const history = await call(bob, 'message:history', { roomId });
    expect(history.messages.map((message) => message.media?.id)).toEqual([media.id, undefined]);
    const joined = await call(bob, 'room:join', { roomId });
    expect(joined.messages[0]?.media?.thumbUrl).toEqual(expect.stringContaining('/thumb?'));
    const last = await call(ann, 'message:send', {
      roomId,
      clientId: 'c3',
      mediaId: (await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png(8, 8) }))).id,
    });
    const { rooms } = await call(bob, 'room:list', {});
    const lastMedia = rooms.find((room) => room.id === roomId)?.lastMessage?.media;
    expect(lastMedia).toMatchObject({ id: last.message.media?.id, width: 8, url: expect.stringContaining('sig=') });
  });

  it('keeps the media of an edited caption, and no longer serves the media of a recalled message', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png() }));
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'a', mediaId: media.id });
    const edited = await call(ann, 'message:edit', { roomId, messageId: message.id, text: 'b' });
    expect(edited.message).toMatchObject({ text: 'b', media: { id: media.id } });
    const changes = await call(bob, 'message:changes', { roomId, afterChangeSeq: 0 });
    expect(changes.messages[0]?.media?.id).toBe(media.id);
    const url = message.media?.url ?? '';
    expect((await fetch(`${server.url}${url}`)).status).toBe(200);
    const heard = nextEvent(bob, 'message:updated');
    const recalled = await call(ann, 'message:recall', { roomId, messageId: message.id });
    expect(recalled.message).toMatchObject({ state: 'recalled', text: '' });
    expect(recalled.message.media).toBeUndefined();
    expect((await heard).message.media).toBeUndefined();
    expect((await fetch(`${server.url}${url}`)).status).toBe(404);
    const history = await call(bob, 'message:history', { roomId });
    expect(history.messages[0]?.media).toBeUndefined();
  });

  it('lets only the uploader send a media, only into its room and only once', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const otherRoom = await roomWith(ann, [bob]);
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png() }));
    const send = (socket: typeof ann, payload: { roomId: string; clientId: string; mediaId: string }) =>
      request(socket, 'message:send', payload).then(errorCode);
    await expect(send(bob, { roomId, clientId: 'b1', mediaId: media.id })).resolves.toBe('FORBIDDEN');
    await expect(send(ann, { roomId: otherRoom, clientId: 'a1', mediaId: media.id })).resolves.toBe('FORBIDDEN');
    await expect(send(ann, { roomId, clientId: 'a2', mediaId: 'no-such-media' })).resolves.toBe('NOT_FOUND');
    await expect(send(ann, { roomId, clientId: 'a3', mediaId: media.id })).resolves.toBe('ok');
    await expect(send(ann, { roomId, clientId: 'a4', mediaId: media.id })).resolves.toBe('INVALID_PAYLOAD');
    const history = await call(ann, 'message:history', { roomId });
    expect(history.messages.map((message) => message.clientId)).toEqual(['a3']);
  });

  it('renews URLs with media:url for members of the media’s room only', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const carol = await server.client('carol');
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png() }));
    await expect(request(bob, 'media:url', { roomId, mediaId: media.id }).then(errorCode)).resolves.toBe('NOT_FOUND');
    await call(ann, 'message:send', { roomId, clientId: 'c1', mediaId: media.id });
    const urls = await call(bob, 'media:url', { roomId, mediaId: media.id });
    expect(urls.expiresAt).toBeGreaterThan(Date.now());
    await fetchBytes(urls.url);
    await expect(request(carol, 'media:url', { roomId, mediaId: media.id }).then(errorCode)).resolves.toBe('FORBIDDEN');
    const otherRoom = await roomWith(bob);
    await expect(request(bob, 'media:url', { roomId: otherRoom, mediaId: media.id }).then(errorCode)).resolves.toBe(
      'NOT_FOUND',
    );
  });

  it('stores the same bytes once, and releasing a media stops serving it and deletes a blob nobody else uses', async () => {
    const { ann, bob, roomId } = await twoMembers();
    const bytes = await png(30, 30, 90);
    const first = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes }));
    const second = await uploaded(await upload(server, bob.session.token, { roomId }, { bytes }));
    expect(second.id).not.toBe(first.id);
    expect(mediaFiles(server).blobs).toHaveLength(2);
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c1', mediaId: first.id });
    const url = message.media?.url ?? '';
    await fetchBytes(url);

    // What the recall of a message does with its media (the signer plays no part in a release).
    const media = new MediaService(
      server.store,
      new FileBlobStore(`${server.dataDir}/media`),
      new MediaSigner(server.secret, 1, Date.now),
    );
    await expect(media.release(first.id)).resolves.toBe(true);
    expect((await fetch(`${server.url}${url}`)).status).toBe(404);
    expect(mediaFiles(server).blobs).toHaveLength(2);
    await expect(media.release(second.id)).resolves.toBe(true);
    expect(mediaFiles(server).blobs).toEqual([]);
    await expect(media.release(second.id)).resolves.toBe(false);
    const history = await call(bob, 'message:history', { roomId });
    expect(history.messages[0]?.media).toBeUndefined();
  });
});
