import * as v from 'valibot';

/**
 * Images, files and voice messages (issue 13; docs/protocol.md, "Media"). A client uploads the bytes over HTTP
 * (`POST /api/media`, multipart), then sends `message:send` with the `mediaId` it got back. Messages carry `media`
 * with short-lived signed URLs (`<image src>` in WeChat cannot send a token); `media:url` renews them.
 */

export const MEDIA_KINDS = ['image', 'file', 'voice'] as const;
export const MediaKindSchema = v.picklist(MEDIA_KINDS);
export type MediaKind = v.InferOutput<typeof MediaKindSchema>;

/** What an upload answers: the stored media, before any message carries it. */
export const MediaInfoSchema = v.object({
  id: v.string(),
  kind: MediaKindSchema,
  /** Sniffed from the bytes (images: of the re-encoded image); `application/octet-stream` when not recognised. */
  mime: v.string(),
  /** Bytes as stored (an image's re-encoded size). */
  size: v.number(),
  /** Images only: pixels, upright (EXIF orientation applied). */
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  /** Voice only: as the client measured it, `VOICE_MIN_DURATION_MS`..`VOICE_MAX_DURATION_MS`. */
  durationMs: v.optional(v.number()),
  /** The uploaded file's name (files; for images and voice when the client gave one). */
  name: v.optional(v.string()),
});
export type MediaInfo = v.InferOutput<typeof MediaInfoSchema>;

/** Where a member fetches media: relative URLs on the server, signed and valid until `expiresAt`. */
export const MediaUrlsEntries = {
  url: v.string(),
  /** Images only: a WebP at most `MEDIA_THUMB_SIZE` pixels on its longer side. */
  thumbUrl: v.optional(v.string()),
  /** Epoch ms; past it the URLs answer 403 and `media:url` gives new ones. */
  expiresAt: v.number(),
};

/** `Message.media`: the media and its signed URLs. */
export const MediaSchema = v.object({ ...MediaInfoSchema.entries, ...MediaUrlsEntries });
export type Media = v.InferOutput<typeof MediaSchema>;

/** 200 answer of `POST /api/media`. */
export const MediaUploadResponseSchema = v.object({ media: MediaInfoSchema });
export type MediaUploadResponse = v.InferOutput<typeof MediaUploadResponseSchema>;

/** The server's default caps per kind, in bytes (operators change them: `MEDIA_MAX_*_BYTES`); over one is 413. */
export const MEDIA_MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MEDIA_MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MEDIA_MAX_VOICE_BYTES = 2 * 1024 * 1024;
/** Images larger than this on a side, or with more pixels, are refused (decompression bombs). */
export const IMAGE_MAX_SIDE = 16384;
export const IMAGE_MAX_PIXELS = 50_000_000;
/** The longer side of an image's thumbnail. */
export const MEDIA_THUMB_SIZE = 320;
export const VOICE_MIN_DURATION_MS = 1000;
export const VOICE_MAX_DURATION_MS = 60_000;
/** Image types an image upload may be, sniffed from its bytes. */
export const MEDIA_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
/** Audio types a voice upload may be (WeChat's recorder: mp3; iOS and browsers: m4a/AAC). */
export const MEDIA_VOICE_TYPES = ['audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/aac'] as const;

/**
 * `POST` with `Authorization: Bearer <token>`, `multipart/form-data`: fields `roomId` (send it before the file so
 * a refusal comes before the upload), optional `kind` (`image` | `file` | `voice`; without it an image is an image
 * and anything else a file), `durationMs` (voice, required) and the file in `file` -> `MediaUploadResponse`.
 * `GET /api/media/:id?exp=&sig=` and `GET /api/media/:id/thumb?exp=&sig=` serve it (the URLs of `Media`).
 */
export const MEDIA_PATH = '/api/media';
