import { fromBuffer } from 'file-type';
import sharp from 'sharp';
import { AVATAR_SIZE, AVATAR_UPLOAD_TYPES } from '@tandem/protocol';

/**
 * Turns an uploaded avatar into what the server stores: the type is sniffed from the bytes (file-type; the
 * client's content-type says nothing), then sharp decodes it, turns it upright (EXIF orientation), cover-crops it
 * to a square and encodes WebP without any metadata (no EXIF location leaves the server). Never the uploaded bytes.
 */

export type AvatarResult = { ok: true; webp: Buffer } | { ok: false; reason: string };

/** A decompression bomb (a tiny file of a huge image) is refused before it is decoded: 40 megapixels at most. */
const MAX_INPUT_PIXELS = 40_000_000;
const WEBP_QUALITY = 82;

const accepted: ReadonlySet<string> = new Set(AVATAR_UPLOAD_TYPES);

export async function reencodeAvatar(bytes: Buffer): Promise<AvatarResult> {
  const type = await fromBuffer(bytes);
  if (!type || !accepted.has(type.mime)) return { ok: false, reason: 'not an image (JPEG, PNG, WebP or GIF)' };
  try {
    const webp = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: WEBP_QUALITY })
      .toBuffer();
    return { ok: true, webp };
  } catch (error) {
    return { ok: false, reason: `the image cannot be decoded: ${(error as Error).message}` };
  }
}
