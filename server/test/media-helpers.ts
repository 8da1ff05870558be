import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { HttpErrorSchema, MEDIA_PATH, MediaUploadResponseSchema } from '@tandem/protocol';
import type { ErrorCode, MediaInfo } from '@tandem/protocol';
import type { TestServer } from './helpers';
import { bearer } from './http-helpers';

/** Uploads and fixtures of the media tests. */

export interface UploadFile {
  bytes: Uint8Array;
  name?: string;
  /** The declared content type, which the server ignores. */
  type?: string;
}

/** `POST /api/media` as `wx.uploadFile` or a browser's FormData sends it: the fields, in order, and the file. */
export function upload(
  server: TestServer,
  token: string | undefined,
  fields: Record<string, string>,
  file: UploadFile | undefined,
  fileFirst = false,
): Promise<Response> {
  const form = new FormData();
  const addFile = () =>
    file &&
    form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name ?? 'f');
  if (fileFirst) addFile();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (!fileFirst) addFile();
  return fetch(`${server.url}${MEDIA_PATH}`, {
    method: 'POST',
    headers: token === undefined ? {} : bearer(token),
    body: form,
  });
}

export async function uploaded(response: Response): Promise<MediaInfo> {
  const body: unknown = await response.json();
  if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return v.parse(MediaUploadResponseSchema, body).media;
}

export async function refusal(response: Response): Promise<[number, ErrorCode]> {
  return [response.status, v.parse(HttpErrorSchema, await response.json()).error.code];
}

/** Every file under the data directory's media/ (blobs, and temporary files in tmp/). */
export function mediaFiles(server: TestServer): { blobs: string[]; temp: string[] } {
  const root = path.join(server.dataDir, 'media');
  const all = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const full = all.map((entry) => path.join(entry.parentPath, entry.name));
  return {
    blobs: full.filter((file) => !file.startsWith(path.join(root, 'tmp'))),
    temp: full.filter((file) => file.startsWith(path.join(root, 'tmp'))),
  };
}

/** A PNG of one colour. */
export const png = (width = 64, height = 48, r = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r, g: 40, b: 40 } } })
    .png()
    .toBuffer();

/** An animated GIF of two 40 x 30 frames. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all([60, 160].map((r) => png(40, 30, r)));
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
}

/** A JPEG as a phone takes it: EXIF orientation 6 (turn 90° to view) and an EXIF note where a location would be. */
export const phonePhoto = () =>
  sharp({ create: { width: 120, height: 60, channels: 3, background: { r: 10, g: 200, b: 10 } } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret-place' } } })
    .toBuffer();

/** MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) behind an ID3v2 header: what file-type knows as mp3. */
export function mp3(frames = 40): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

export const HTML = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
