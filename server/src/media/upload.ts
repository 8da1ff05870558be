import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { ID_MAX_LENGTH, MEDIA_PATH, MediaKindSchema } from '@tandem/protocol';
import type { ErrorCode, MediaKind, MediaUploadResponse } from '@tandem/protocol';
import { authenticateSession, bearerToken } from '../auth';
import type { TokenService } from '../auth';
import type { MediaLimits } from '../config';
import type { RateLimits } from '../rate-limits';
import type { Store, UserRecord } from '../store/types';
import { TOKEN_REFUSED, sendError, sendRateLimited, sendUnauthorized } from '../http/reply';
import { kindOf, takeIn } from './intake';
import type { Received } from './intake';
import { TooLarge, discard, receive } from './receive';
import type { MediaService } from './service';

export interface MediaUploadDeps {
  store: Store;
  tokens: TokenService;
  now: () => number;
  rateLimits: RateLimits;
  media: MediaService;
  mediaLimits: MediaLimits;
  /** Where uploads are written while they arrive: on the blob store's file system, so storing one is a rename. */
  mediaTempDir: string;
}

/** A refusal with its HTTP status, thrown from deep in an upload and answered once. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const FieldsSchema = v.object({
  roomId: v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX_LENGTH)),
  kind: v.optional(MediaKindSchema),
  durationMs: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number))),
});
type Fields = Partial<Record<'roomId' | 'kind' | 'durationMs', string>>;
const FIELD_NAMES: ReadonlySet<string> = new Set(['roomId', 'kind', 'durationMs']);

/** The file's name as the client gave it: no path, no control characters, at most 255 characters. */
const cleanName = (name: string | undefined) => {
  const base = [...((name ?? '').split(/[/\\]/).pop() ?? '')]
    .filter((character) => character >= ' ' && character !== '\u007f')
    .join('')
    .trim();
  return base === '' ? undefined : base.slice(0, 255);
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The media upload's signed-in user, set by its onRequest hook. */
    mediaUser?: UserRecord;
  }
}

/**
 * `POST /api/media` (see @tandem/protocol's media.ts). The token and the per-user limit are checked before the body
 * is read; a `roomId` sent before the file is checked before the file is read. The file streams to a temporary file,
 * which is stored by its hash or removed: nothing is left half-stored, whatever happens to the request.
 */
export async function mediaUploadRoutes(scope: FastifyInstance, deps: MediaUploadDeps): Promise<void> {
  const limits = deps.mediaLimits;
  const capOf = (kind: MediaKind | undefined) =>
    kind === 'image' ? limits.maxImageBytes : kind === 'voice' ? limits.maxVoiceBytes : limits.maxFileBytes;
  const largest = Math.max(limits.maxFileBytes, limits.maxImageBytes, limits.maxVoiceBytes);
  await scope.register(fastifyMultipart, {
    limits: { fields: 8, fieldSize: 256, files: 1, parts: 10, fileSize: largest + 1, headerPairs: 100 },
  });

  scope.addHook('onRequest', async (request, reply) => {
    const signedIn = await authenticateSession(deps, bearerToken(request.headers.authorization));
    if (!signedIn) return sendUnauthorized(reply, TOKEN_REFUSED);
    const verdict = await deps.rateLimits.consume('mediaUpload', signedIn.user.id);
    if (!verdict.allowed) return sendRateLimited(reply, verdict.retryAfterMs, 'too many uploads, slow down');
    request.mediaUser = signedIn.user;
  });

  const requireMember = async (roomId: string, user: UserRecord) => {
    if (!(await deps.store.isMember(roomId, user.id))) {
      throw new Refusal(403, 'FORBIDDEN', 'you are not a member of this room');
    }
  };
  const parseFields = (fields: Fields) => {
    const parsed = v.safeParse(FieldsSchema, fields);
    if (!parsed.success)
      throw new Refusal(400, 'INVALID_PAYLOAD', 'give roomId, and kind and durationMs if any, right');
    return parsed.output;
  };

  /** Reads the parts in order; the file is received once, with the cap of its kind when the kind came first. */
  const readParts = async (request: FastifyRequest, user: UserRecord, temp: string[]) => {
    const fields: Fields = {};
    let received: (Received & { name: string | undefined }) | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (FIELD_NAMES.has(part.fieldname)) fields[part.fieldname as keyof Fields] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file' || received) {
        part.file.resume();
        continue;
      }
      const known = fields.roomId === undefined ? undefined : parseFields(fields);
      if (known) await requireMember(known.roomId, user);
      const file = await receive(part.file, deps.mediaTempDir, capOf(known?.kind));
      temp.push(file.file);
      received = { ...file, name: cleanName(part.filename) };
    }
    if (!received) throw new Refusal(400, 'INVALID_PAYLOAD', 'send the file in the multipart field "file"');
    return { fields: parseFields(fields), received };
  };

  const upload = async (request: FastifyRequest, user: UserRecord, temp: string[]): Promise<MediaUploadResponse> => {
    const { fields, received } = await readParts(request, user, temp);
    await requireMember(fields.roomId, user);
    const kind = await kindOf(fields.kind, received);
    if (received.size > capOf(kind))
      throw new Refusal(413, 'PAYLOAD_TOO_LARGE', `a ${kind} may be ${capOf(kind)} bytes at most`);
    const result = await takeIn(kind, received, fields.durationMs);
    if (!result.ok) throw new Refusal(400, 'INVALID_PAYLOAD', result.reason);
    const { intake } = result;
    temp.push(...intake.blobs.map((blob) => blob.file));
    if ((await deps.store.mediaUsage(user.id)) + intake.size > limits.quotaBytes) {
      throw new Refusal(413, 'PAYLOAD_TOO_LARGE', `over your storage quota of ${limits.quotaBytes} bytes`);
    }
    const [blob, thumb] = intake.blobs;
    if (!blob) throw new Error('an intake always has a blob');
    const saved = await deps.media.save(
      {
        id: randomUUID(),
        ownerId: user.id,
        roomId: fields.roomId,
        kind,
        mime: intake.mime,
        size: intake.size,
        hash: blob.hash,
        thumbHash: thumb?.hash,
        width: intake.width,
        height: intake.height,
        durationMs: intake.durationMs,
        name: received.name,
        createdAt: deps.now(),
      },
      intake.blobs,
    );
    const { url: _url, thumbUrl: _thumbUrl, expiresAt: _expiresAt, ...media } = deps.media.present(saved);
    return { media };
  };

  /** Temporary files are gone before the answer leaves: a client that sees it sees nothing left behind. */
  scope.post(MEDIA_PATH, async (request, reply: FastifyReply) => {
    if (!request.isMultipart()) return sendError(reply, 400, 'INVALID_PAYLOAD', 'send multipart/form-data');
    const temp: string[] = [];
    let body: MediaUploadResponse;
    try {
      body = await upload(request, request.mediaUser as UserRecord, temp);
    } catch (error) {
      await discard(temp);
      if (error instanceof Refusal) return sendError(reply, error.status, error.code, error.message);
      if (error instanceof TooLarge || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'the file is larger than its kind allows');
      }
      throw error;
    }
    await discard(temp);
    return reply.header('cache-control', 'no-store').send(body);
  });
}
