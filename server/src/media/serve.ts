import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { ID_MAX_LENGTH, MEDIA_PATH } from '@tandem/protocol';
import { sendError } from '../http/reply';
import type { Store } from '../store/types';
import type { ByteRange } from './blob-store';
import type { MediaService } from './service';

export interface MediaServeDeps {
  store: Store;
  media: MediaService;
}

const ParamsSchema = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX_LENGTH)) });
const QuerySchema = v.object({ exp: v.optional(v.string()), sig: v.optional(v.string()) });
/** The bytes behind a media id never change; the URL's signature only says who may ask. */
const IMMUTABLE = 'private, max-age=31536000, immutable';
/** Served inline: what an `<img>` or `<audio>` shows. Everything else is an attachment, whatever it is. */
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/(mpeg|mp4|x-m4a|aac))$/;

/** `Content-Disposition: attachment` with the name in ASCII and, for any other script, RFC 5987's `filename*`. */
export function attachment(name: string | undefined): string {
  if (name === undefined) return 'attachment';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range within `size`; undefined for none, 'bad' for one not satisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'bad' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'bad';
  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  const range =
    first === ''
      ? { start: Math.max(0, size - Number(last)), end: size - 1 }
      : { start: Number(first), end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
  return range.start > range.end || range.start >= size ? 'bad' : range;
}

/**
 * `GET /api/media/:id` and `GET /api/media/:id/thumb` with the signed `exp` and `sig` of `Media.url`: 403 when the
 * signature is wrong or expired, 404 when the media is gone (its message recalled). `nosniff` (helmet, every answer),
 * a sandboxing CSP, inline only for images and audio, single byte ranges (206) for seeking in voice messages.
 */
export function mediaServeRoutes(app: FastifyInstance, deps: MediaServeDeps): void {
  const serve = async (
    params: unknown,
    query: unknown,
    range: string | undefined,
    reply: FastifyReply,
    thumb: boolean,
  ) => {
    const id = v.safeParse(ParamsSchema, params);
    const signed = v.safeParse(QuerySchema, query);
    if (
      !id.success ||
      !signed.success ||
      !deps.media.signer.verify(id.output.id, signed.output.exp, signed.output.sig)
    ) {
      return sendError(reply, 403, 'FORBIDDEN', 'the media URL is invalid or expired: ask media:url for a new one');
    }
    const media = await deps.store.findMedia(id.output.id);
    const hash = thumb ? media?.thumbHash : media?.hash;
    if (!media || hash === undefined) return sendError(reply, 404, 'NOT_FOUND', 'no such media');
    const size = thumb ? undefined : media.size;
    const mime = thumb ? 'image/webp' : media.mime;
    void reply
      .header('cache-control', IMMUTABLE)
      .header('etag', `"${hash}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'cross-origin')
      .type(INLINE.test(mime) && media.kind !== 'file' ? mime : 'application/octet-stream');
    if (!INLINE.test(mime) || media.kind === 'file') void reply.header('content-disposition', attachment(media.name));
    if (size === undefined) return reply.send(deps.media.blobs.get(hash));
    void reply.header('accept-ranges', 'bytes');
    const wanted = parseRange(range, size);
    if (wanted === 'bad') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (wanted === undefined) return reply.header('content-length', size).send(deps.media.blobs.get(hash));
    return reply
      .code(206)
      .header('content-range', `bytes ${wanted.start}-${wanted.end}/${size}`)
      .header('content-length', wanted.end - wanted.start + 1)
      .send(deps.media.blobs.get(hash, wanted));
  };
  app.get(`${MEDIA_PATH}/:id`, (request, reply) =>
    serve(request.params, request.query, request.headers.range, reply, false),
  );
  app.get(`${MEDIA_PATH}/:id/thumb`, (request, reply) =>
    serve(request.params, request.query, request.headers.range, reply, true),
  );
}
