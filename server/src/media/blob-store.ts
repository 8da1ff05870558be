import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** A byte range of a blob, both ends included (an HTTP `Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live, named by their SHA-256 (hex): the same bytes are stored once. The files of a data
 * directory now; an S3-compatible bucket can implement the same four methods.
 */
export interface MediaBlobStore {
  /** Stores the finished temporary file `file` as `hash` (it is moved, or removed when the blob exists already). */
  put(hash: string, file: string): Promise<void>;
  get(hash: string, range?: ByteRange): Readable;
  exists(hash: string): Promise<boolean>;
  /** Removes the blob; nothing happens when there is none. */
  delete(hash: string): Promise<void>;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Blobs as files under `root`, fanned out by the hash's first two pairs of digits (`ab/cd/abcd…`) so no directory
 * grows huge. `put` renames within one file system, so a blob appears whole or not at all.
 */
export class FileBlobStore implements MediaBlobStore {
  constructor(private readonly root: string) {}

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a SHA-256 hex digest: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(hash: string, file: string): Promise<void> {
    const target = this.pathOf(hash);
    if (await this.exists(hash)) return fs.promises.rm(file, { force: true });
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(file, target);
  }

  get(hash: string, range?: ByteRange): Readable {
    return fs.createReadStream(this.pathOf(hash), range);
  }

  async exists(hash: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  async delete(hash: string): Promise<void> {
    await fs.promises.rm(this.pathOf(hash), { force: true });
  }
}

/** Blobs in `dataDir/media`, uploads arriving in `dataDir/media/tmp` (the same file system, so storing is a rename). */
export function fileMediaStorage(dataDir: string): { blobs: MediaBlobStore; tempDir: string } {
  const root = path.join(dataDir, 'media');
  const tempDir = path.join(root, 'tmp');
  fs.mkdirSync(tempDir, { recursive: true });
  return { blobs: new FileBlobStore(root), tempDir };
}
