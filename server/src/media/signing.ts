import { createHmac, timingSafeEqual } from 'node:crypto';
import { MEDIA_PATH } from '@tandem/protocol';
import type { Media } from '@tandem/protocol';
import type { MediaRecord } from '../store/media-types';

export type MediaUrls = Pick<Media, 'url' | 'thumbUrl' | 'expiresAt'>;

/**
 * Signed media URLs: `/api/media/<id>?exp=<epoch s>&sig=<HMAC-SHA256(secret, id.exp)>`, the thumbnail's with
 * `/thumb`. Whoever holds the URL may fetch until `exp`; only members get one (a message delivered to them, or
 * `media:url`). The expiry is rounded up to a bucket of half the TTL, so every member, and every message of one
 * broadcast, gets the same URL (one signature per media per bucket, not per user), and the URL lives between the
 * TTL and one and a half TTLs.
 */
export class MediaSigner {
  private readonly bucketSeconds: number;

  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.bucketSeconds = Math.max(1, Math.floor(ttlMs / 2000));
  }

  private signature(id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${id}.${exp}`).digest('base64url');
  }

  urls(media: Pick<MediaRecord, 'id' | 'thumbHash'>): MediaUrls {
    const earliest = Math.ceil((this.now() + this.ttlMs) / 1000);
    const exp = Math.ceil(earliest / this.bucketSeconds) * this.bucketSeconds;
    const base = `${MEDIA_PATH}/${encodeURIComponent(media.id)}`;
    const query = `?exp=${exp}&sig=${this.signature(media.id, exp)}`;
    const urls: MediaUrls = { url: `${base}${query}`, expiresAt: exp * 1000 };
    if (media.thumbHash !== undefined) urls.thumbUrl = `${base}/thumb${query}`;
    return urls;
  }

  /** True when `sig` is the server's signature of (id, exp) and `exp` has not passed. */
  verify(id: string, exp: string | undefined, sig: string | undefined): boolean {
    if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp)) return false;
    if (Number(exp) * 1000 <= this.now()) return false;
    const expected = Buffer.from(this.signature(id, Number(exp)));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
