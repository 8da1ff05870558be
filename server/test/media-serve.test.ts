import { roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';
import { HTML, mp3, png, upload, uploaded } from './media-helpers';

let server: TestServer;
afterEach(async () => {
  // A keep-alive connection whose last answer was a file stream can still count as busy when Socket.IO closes the
  // HTTP server, which then waits for the keep-alive timeout; the answers here are all complete by now.
  server?.app.app.server.closeAllConnections();
  await server?.close();
});

const TTL_MS = 60_000;
/** How far the server's clock is ahead of the real one. */
let skew = 0;

/** A member's message with the media of `file`, and the URLs it carries. */
const sent = async (fields: Record<string, string>, file: { bytes: Uint8Array; name?: string }) => {
  server = await startServer({ mediaUrlTtlMs: TTL_MS, now: () => Date.now() + skew });
  const ann = await server.client('ann');
  const roomId = await roomWith(ann);
  const media = await uploaded(await upload(server, ann.session.token, { roomId, ...fields }, file));
  const ack = await new Promise<{ ok: boolean; data?: { message: { media?: { url: string; thumbUrl?: string } } } }>(
    (resolve) => ann.emit('message:send', { roomId, clientId: 'c', mediaId: media.id }, resolve as never),
  );
  const urls = ack.data?.message.media;
  if (!urls) throw new Error('the message carries no media');
  return urls;
};
const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.url}${url}`, { headers });

beforeEach(() => {
  skew = 0;
});

describe('GET /api/media/:id', () => {
  it('serves an image inline with nosniff, a sandboxing policy and immutable caching', async () => {
    const { url } = await sent({}, { bytes: await png() });
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('serves a file as an attachment under its name, encoded per RFC 5987, never as HTML', async () => {
    const { url } = await sent({ kind: 'file' }, { bytes: HTML, name: '季度报告(终) v2.html' });
    const response = await get(url);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="____(_) v2.html"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A%28%E7%BB%88%29%20v2.html`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(HTML);
  });

  it('serves byte ranges of a voice message (206) inline, and refuses a range past its end (416)', async () => {
    const voice = mp3();
    const { url } = await sent({ kind: 'voice', durationMs: '5000' }, { bytes: voice });
    const whole = await get(url);
    expect([whole.status, whole.headers.get('content-type'), whole.headers.get('accept-ranges')]).toEqual([
      200,
      'audio/mpeg',
      'bytes',
    ]);
    const part = await get(url, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${voice.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(voice.subarray(10, 20));
    const tail = await get(url, { range: 'bytes=-5' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(voice.subarray(voice.length - 5));
    expect((await get(url, { range: `bytes=${voice.length}-` })).status).toBe(416);
  });

  it('refuses a tampered URL and an expired one with 403', async () => {
    const { url, thumbUrl } = await sent({}, { bytes: await png() });
    expect((await get(thumbUrl ?? '')).status).toBe(200);
    const sig = new URL(url, server.url).searchParams.get('sig') ?? '';
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect((await get(url.replace(sig, flipped))).status).toBe(403);
    expect((await get(url.replace(/exp=(\d+)/, (_, exp: string) => `exp=${Number(exp) + 60}`))).status).toBe(403);
    expect((await get(url.replace(/\?.*$/, ''))).status).toBe(403);
    expect((await get(url)).status).toBe(200);
    skew += TTL_MS * 1.5 + 1000;
    expect((await get(url)).status).toBe(403);
    expect((await get(thumbUrl ?? '')).status).toBe(403);
  });
});
