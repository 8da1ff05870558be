import type { MediaKind } from '@tandem/protocol';

/**
 * Media metadata (issue 13): what was uploaded, by whom, into which room, and the content hashes of its blobs (the
 * bytes live in a `MediaBlobStore`, media/blob-store.ts). Times are epoch ms.
 */
export interface MediaRecord {
  id: string;
  ownerId: string;
  roomId: string;
  kind: MediaKind;
  mime: string;
  size: number;
  /** SHA-256 (hex) of the stored bytes: the blob's name. */
  hash: string;
  /** Images: SHA-256 of the thumbnail's blob. */
  thumbHash?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  durationMs?: number | undefined;
  name?: string | undefined;
  createdAt: number;
  /** The clientId of the owner's message that carries it; undefined until it is sent. */
  clientId?: string | undefined;
}

export type NewMedia = Omit<MediaRecord, 'clientId'>;

/**
 * A send's claim on a media: the media (now carried by the owner's message `clientId`; the same claim again
 * answers it too), or why not: unknown, another user's or another room's, already carried by another message (or
 * that message already carries another media).
 */
export type MediaClaim = MediaRecord | 'not-found' | 'forbidden' | 'used';

export interface MediaStore {
  createMedia(media: NewMedia): Promise<MediaRecord>;
  findMedia(id: string): Promise<MediaRecord | undefined>;
  /** Ties the media to its owner's message `clientId` in `roomId`, atomically (see `MediaClaim`). */
  claimMedia(id: string, ownerId: string, roomId: string, clientId: string): Promise<MediaClaim>;
  /**
   * The sent media in these rooms of messages of these clientIds: one read for a page or for every room's last
   * message (callers match `roomId`, `ownerId` and `clientId` to each message).
   */
  listMessageMedia(roomIds: string[], clientIds: string[]): Promise<MediaRecord[]>;
  /** Bytes the user has uploaded (the quota counts each upload, even of bytes stored once). */
  mediaUsage(ownerId: string): Promise<number>;
  /**
   * Forgets a media (a recalled message's): resolves with the hashes of its blobs that no other media refers to
   * any more (the caller deletes those blobs), or undefined when there was no such media.
   */
  deleteMedia(id: string): Promise<string[] | undefined>;
}
