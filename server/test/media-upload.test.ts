import fs from 'node:fs';
import http from 'node:http';
import sharp from 'sharp';
import { MEDIA_PATH } from '@tandem/protocol';
import type { SessionResponse } from '@tandem/protocol';
import { roomWith, startServer } from './helpers';
import type { ClientSocket, ServerOptions, TestServer } from './helpers';
import { HTML, animatedGif, mediaFiles, mp3, png, refusal, upload, uploaded } from './media-helpers';

let server: TestServer;
let ann: ClientSocket & { session: SessionResponse };
let roomId: string;
const start = async (options: ServerOptions = {}) => {
  server = await startServer(options);
  ann = await server.client('ann');
  roomId = await roomWith(ann);
};
afterEach(() => server?.close());

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('POST /api/media', () => {
  it('stores an image by its bytes: measured, re-encoded, answered with its kind, type and size', async () => {
    await start();
    const media = await uploaded(
      await upload(server, ann.session.token, { roomId }, { bytes: await png(64, 48), name: 'a.png' }),
    );
    expect(media).toMatchObject({ kind: 'image', mime: 'image/png', width: 64, height: 48, name: 'a.png' });
    expect(media.size).toBeGreaterThan(0);
    expect(mediaFiles(server)).toEqual({ blobs: expect.any(Array), temp: [] });
    expect(mediaFiles(server).blobs).toHaveLength(2);
  });

  it('keeps an animated GIF animated, measured by its frame', async () => {
    await start();
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await animatedGif() }));
    expect(media).toMatchObject({ kind: 'image', mime: 'image/gif', width: 40, height: 30 });
    const pages = await Promise.all(
      mediaFiles(server).blobs.map(async (blob) => (await sharp(blob).metadata()).pages ?? 1),
    );
    // The stored GIF keeps both frames; the WebP thumbnail is its first.
    expect(pages.sort()).toEqual([1, 2]);
  });

  it('refuses each kind over its limit with 413, and leaves nothing behind', async () => {
    await start({ limits: { media: { maxImageBytes: 300, maxVoiceBytes: 1000, maxFileBytes: 2000 } } });
    const big = await png(200, 200, 7);
    const token = ann.session.token;
    expect(big.length).toBeGreaterThan(300);
    expect(await refusal(await upload(server, token, { roomId, kind: 'image' }, { bytes: big }))).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
    ]);
    // Undeclared, an image is an image: its own cap applies even when it arrived before anything said so.
    expect(await refusal(await upload(server, token, { roomId }, { bytes: big }))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const voice = { roomId, kind: 'voice', durationMs: '3000' };
    expect(await refusal(await upload(server, token, voice, { bytes: mp3(10) }))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const file = { bytes: Buffer.alloc(2001, 1) };
    expect(await refusal(await upload(server, token, { roomId, kind: 'file' }, file))).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
    ]);
    expect(await refusal(await upload(server, token, { roomId }, file, true))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await uploaded(await upload(server, token, { roomId, kind: 'file' }, { bytes: Buffer.alloc(2000, 1) }));
    expect(mediaFiles(server).temp).toEqual([]);
    expect(mediaFiles(server).blobs).toHaveLength(1);
  });

  it('takes the room after the file too, and counts uploads against the per-user rate limit (429)', async () => {
    await start({ limits: { rates: { mediaUpload: { points: 2, durationMs: 60_000 } } } });
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: await png() }, true));
    expect(media).toMatchObject({ kind: 'image', width: 64 });
    await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: Buffer.alloc(10, 1) }));
    const limited = await upload(server, ann.session.token, { roomId }, { bytes: Buffer.alloc(10, 2) });
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(await refusal(limited)).toEqual([429, 'RATE_LIMITED']);
    expect(mediaFiles(server).temp).toEqual([]);
  });

  it('refuses uploads past the user’s quota with 413', async () => {
    await start({ limits: { media: { quotaBytes: 1500 } } });
    await uploaded(await upload(server, ann.session.token, { roomId }, { bytes: Buffer.alloc(1000, 1) }));
    const second = await upload(server, ann.session.token, { roomId }, { bytes: Buffer.alloc(1000, 2) });
    expect(await refusal(second)).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('refuses a ".png" that is HTML as an image, and keeps it only as a file', async () => {
    await start();
    const fake = { bytes: HTML, name: 'cat.png', type: 'image/png' };
    expect(await refusal(await upload(server, ann.session.token, { roomId, kind: 'image' }, fake))).toEqual([
      400,
      'INVALID_PAYLOAD',
    ]);
    const media = await uploaded(await upload(server, ann.session.token, { roomId }, fake));
    expect(media).toMatchObject({ kind: 'file', mime: 'application/octet-stream', name: 'cat.png' });
  });

  it('refuses an image that does not decode and one too large to decode; strips what follows a real one', async () => {
    await start();
    const token = ann.session.token;
    const header = (await png()).subarray(0, 40);
    const garbage = Buffer.concat([header, Buffer.alloc(500, 0x41)]);
    expect(await refusal(await upload(server, token, { roomId, kind: 'image' }, { bytes: garbage }))).toEqual([
      400,
      'INVALID_PAYLOAD',
    ]);
    const wide = await sharp({ create: { width: 20_000, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await refusal(await upload(server, token, { roomId }, { bytes: wide }))).toEqual([400, 'INVALID_PAYLOAD']);
    // A polyglot: a valid PNG with a page after its end. Re-encoding keeps the picture and drops the page.
    const polyglot = Buffer.concat([await png(), HTML]);
    await uploaded(await upload(server, token, { roomId }, { bytes: polyglot }));
    for (const blob of mediaFiles(server).blobs) expect(fs.readFileSync(blob).includes('<html>')).toBe(false);
  });

  it('takes a voice message of mp3 with its duration, and refuses one without a valid duration or not audio', async () => {
    await start();
    const token = ann.session.token;
    const media = await uploaded(
      await upload(server, token, { roomId, kind: 'voice', durationMs: '3200' }, { bytes: mp3() }),
    );
    expect(media).toMatchObject({ kind: 'voice', mime: 'audio/mpeg', durationMs: 3200 });
    for (const durationMs of ['999', '60001', 'x']) {
      const response = await upload(server, token, { roomId, kind: 'voice', durationMs }, { bytes: mp3() });
      expect(await refusal(response)).toEqual([400, 'INVALID_PAYLOAD']);
    }
    expect(await refusal(await upload(server, token, { roomId, kind: 'voice' }, { bytes: mp3() }))).toEqual([
      400,
      'INVALID_PAYLOAD',
    ]);
    const notAudio = await upload(server, token, { roomId, kind: 'voice', durationMs: '2000' }, { bytes: await png() });
    expect(await refusal(notAudio)).toEqual([400, 'INVALID_PAYLOAD']);
  });

  it('refuses a non-member with 403 whether the room comes before or after the file, and a missing token with 401', async () => {
    await start();
    const bob = await server.client('bob');
    const file = { bytes: Buffer.alloc(100, 3) };
    expect(await refusal(await upload(server, bob.session.token, { roomId }, file))).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(await upload(server, bob.session.token, { roomId }, file, true))).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(await upload(server, bob.session.token, { roomId: 'nope' }, file))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    expect(await refusal(await upload(server, undefined, { roomId }, file))).toEqual([401, 'UNAUTHORIZED']);
    expect(await refusal(await upload(server, ann.session.token, {}, file))).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await refusal(await upload(server, ann.session.token, { roomId }, undefined))).toEqual([
      400,
      'INVALID_PAYLOAD',
    ]);
    expect(mediaFiles(server)).toEqual({ blobs: [], temp: [] });
  });

  it('leaves nothing half-stored when the upload is cut halfway', async () => {
    await start();
    const boundary = 'cut-boundary';
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="roomId"\r\n\r\n${roomId}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`;
    const request = http.request(`${server.url}${MEDIA_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ann.session.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + 5_000_000),
      },
    });
    request.on('error', () => undefined);
    request.write(head);
    request.write(Buffer.alloc(1_000_000, 7));
    await until(() => mediaFiles(server).temp.length === 1, 'the upload to start');
    request.destroy();
    await until(() => mediaFiles(server).temp.length === 0, 'the temporary file to go');
    expect(mediaFiles(server).blobs).toEqual([]);
    await expect(server.store.mediaUsage(ann.session.user.id)).resolves.toBe(0);
  });
});
