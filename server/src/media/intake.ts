import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fromFile } from 'file-type';
import sharp from 'sharp';
import {
  IMAGE_MAX_PIXELS,
  IMAGE_MAX_SIDE,
  MEDIA_IMAGE_TYPES,
  MEDIA_THUMB_SIZE,
  MEDIA_VOICE_TYPES,
  VOICE_MAX_DURATION_MS,
  VOICE_MIN_DURATION_MS,
} from '@tandem/protocol';
import type { MediaKind } from '@tandem/protocol';
import type { PendingBlob } from './service';

/**
 * What an upload becomes, decided from its bytes only (file-type sniffs them; the name and the declared type say
 * nothing): an image is decoded, measured and re-encoded by sharp (upright, no EXIF or other metadata, nothing
 * after the image's end survives), with a WebP thumbnail; a voice message must be mp3 or m4a/AAC; a file may be
 * anything and is only ever served as an attachment.
 */

export interface Received {
  /** The upload as received, with its SHA-256 and size. */
  file: string;
  hash: string;
  size: number;
}

export interface Intake {
  kind: MediaKind;
  mime: string;
  size: number;
  width?: number;
  height?: number;
  durationMs?: number;
  /** The first is the media's own blob; an image's thumbnail follows. */
  blobs: PendingBlob[];
}

export type IntakeResult = { ok: true; intake: Intake } | { ok: false; reason: string };

const IMAGE_TYPES: ReadonlySet<string> = new Set(MEDIA_IMAGE_TYPES);
const VOICE_TYPES: ReadonlySet<string> = new Set(MEDIA_VOICE_TYPES);
const OUTPUT_FORMAT = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' } as const;
const refuse = (reason: string): IntakeResult => ({ ok: false, reason });

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The kind an upload is: the declared one, or an image when its bytes are one, and a file otherwise. */
export async function kindOf(declared: MediaKind | undefined, received: Received): Promise<MediaKind> {
  if (declared !== undefined) return declared;
  const type = await fromFile(received.file);
  return type && IMAGE_TYPES.has(type.mime) ? 'image' : 'file';
}

export async function takeIn(
  kind: MediaKind,
  received: Received,
  durationMs: number | undefined,
): Promise<IntakeResult> {
  const type = await fromFile(received.file);
  const { file, hash, size } = received;
  if (kind === 'file')
    return {
      ok: true,
      intake: { kind, mime: type?.mime ?? 'application/octet-stream', size, blobs: [{ hash, file }] },
    };
  if (kind === 'voice') {
    if (!type || !VOICE_TYPES.has(type.mime)) return refuse('a voice message must be mp3 or m4a/AAC');
    if (durationMs === undefined || durationMs < VOICE_MIN_DURATION_MS || durationMs > VOICE_MAX_DURATION_MS) {
      return refuse(`a voice message needs durationMs from ${VOICE_MIN_DURATION_MS} to ${VOICE_MAX_DURATION_MS}`);
    }
    return { ok: true, intake: { kind, mime: type.mime, size, durationMs, blobs: [{ hash, file }] } };
  }
  if (!type || !IMAGE_TYPES.has(type.mime)) return refuse('not an image (JPEG, PNG, WebP or GIF)');
  return reencodeImage(file, type.mime as keyof typeof OUTPUT_FORMAT);
}

async function reencodeImage(file: string, mime: keyof typeof OUTPUT_FORMAT): Promise<IntakeResult> {
  const animated = mime === 'image/gif' || mime === 'image/webp';
  const open = () => sharp(file, { animated, limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'warning' });
  const output = `${file}.image`;
  const thumb = `${file}.thumb`;
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    const frameHeight = meta.pageHeight ?? meta.height;
    const upright = (meta.orientation ?? 1) >= 5;
    const width = upright ? frameHeight : meta.width;
    const height = upright ? meta.width : frameHeight;
    if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE || width * height > IMAGE_MAX_PIXELS) {
      return refuse(`the image is too large: at most ${IMAGE_MAX_SIDE} pixels a side and ${IMAGE_MAX_PIXELS} in all`);
    }
    const stored = await open().rotate().toFormat(OUTPUT_FORMAT[mime]).toFile(output);
    await sharp(file, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'warning' })
      .rotate()
      .resize(MEDIA_THUMB_SIZE, MEDIA_THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(thumb);
    const blobs = [
      { hash: await sha256OfFile(output), file: output },
      { hash: await sha256OfFile(thumb), file: thumb },
    ];
    return { ok: true, intake: { kind: 'image', mime, size: stored.size, width, height, blobs } };
  } catch (error) {
    await Promise.all([output, thumb].map((path) => fs.promises.rm(path, { force: true })));
    return refuse(`the image cannot be decoded: ${(error as Error).message}`);
  }
}
