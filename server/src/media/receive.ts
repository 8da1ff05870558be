import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Received } from './intake';

/** The upload passed the largest size its kind allows. */
export class TooLarge extends Error {}

/**
 * Streams an uploaded file into a new temporary file in `tempDir`, hashing (SHA-256) and counting as it goes, never
 * holding it in memory. Past `maxBytes` it stops with `TooLarge`; on that or any failure (the client went away
 * halfway) the temporary file is removed before the promise rejects.
 */
export async function receive(source: Readable, tempDir: string, maxBytes: number): Promise<Received> {
  const file = path.join(tempDir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge(`over ${maxBytes} bytes`));
      hash.update(chunk);
      return done(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, fs.createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await fs.promises.rm(file, { force: true });
    throw error;
  }
  return { file, hash: hash.digest('hex'), size };
}

/** Removes the temporary files of an upload (the received one and what was made from it), whatever happened. */
export async function discard(files: string[]): Promise<void> {
  await Promise.all(files.map((file) => fs.promises.rm(file, { force: true })));
}
