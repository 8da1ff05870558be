import type { Media, Message } from '@tandem/protocol';
import type { MediaRecord, NewMedia } from '../store/media-types';
import type { Store } from '../store/types';
import { KeyedQueue } from '../tasks';
import type { MediaBlobStore } from './blob-store';
import type { MediaSigner } from './signing';

/** What `createApp` needs for media. */
export interface MediaOptions {
  blobs: MediaBlobStore;
  /** Where uploads are written while they arrive; on the blob store's file system for the file store. */
  tempDir: string;
  /** The HMAC key of media URLs (the same on every node). */
  secret: Uint8Array;
  /** How long a signed media URL works at least. */
  urlTtlMs: number;
}

/** A finished temporary file and the SHA-256 it is stored under. */
export interface PendingBlob {
  hash: string;
  file: string;
}

/**
 * Media on this node: stores uploads, dresses messages with their media and signed URLs, and releases the media of
 * a recalled message. Storing and releasing run one at a time per blob hash, so a release never deletes a blob an
 * upload of the same bytes has just reused (on this node; several nodes sharing one blob store can still race, and
 * then an orphan blob or a missing one is the worst case).
 */
export class MediaService {
  private readonly byHash = new KeyedQueue();

  constructor(
    private readonly store: Store,
    readonly blobs: MediaBlobStore,
    readonly signer: MediaSigner,
  ) {}

  /** What a message carries: the media with URLs signed for the room's members. */
  present(media: MediaRecord): Media {
    const { id, kind, mime, size, width, height, durationMs, name } = media;
    const optional = { width, height, durationMs, name };
    const shown: Media = { id, kind, mime, size, ...this.signer.urls(media) };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) Object.assign(shown, { [key]: value });
    }
    return shown;
  }

  /** Messages of one or more rooms, those with media dressed with it (one read). */
  async withMedia(messages: Message[]): Promise<Message[]> {
    if (messages.length === 0) return messages;
    const keyOf = (roomId: string, senderId: string, clientId: string) => `${roomId}\n${senderId}\n${clientId}`;
    const roomIds = [...new Set(messages.map((message) => message.roomId))];
    const found = new Map<string, MediaRecord>();
    for (const media of await this.store.listMessageMedia(roomIds, [...new Set(messages.map((m) => m.clientId))])) {
      found.set(keyOf(media.roomId, media.ownerId, media.clientId ?? ''), media);
    }
    if (found.size === 0) return messages;
    return messages.map((message) => {
      const media = found.get(keyOf(message.roomId, message.sender.id, message.clientId));
      return media ? { ...message, media: this.present(media) } : message;
    });
  }

  /** Rooms, each last message dressed with its media. */
  async withLastMedia<R extends { lastMessage?: Message | undefined }>(rooms: R[]): Promise<R[]> {
    const last = rooms.flatMap((room) => (room.lastMessage ? [room.lastMessage] : []));
    const dressed = new Map((await this.withMedia(last)).map((message) => [message.id, message]));
    return rooms.map((room) => (room.lastMessage ? { ...room, lastMessage: dressed.get(room.lastMessage.id) } : room));
  }

  /** Moves the blobs into the blob store and records the media. */
  async save(media: NewMedia, blobs: PendingBlob[]): Promise<MediaRecord> {
    return this.byHash.run(media.hash, async () => {
      for (const blob of blobs) await this.blobs.put(blob.hash, blob.file);
      return this.store.createMedia(media);
    });
  }

  /**
   * Forgets a media (the recall of its message calls it) and deletes the blobs nothing else refers to: its URLs
   * answer 404 from then on. False when there was no such media.
   */
  async release(id: string): Promise<boolean> {
    const media = await this.store.findMedia(id);
    if (!media) return false;
    return this.byHash.run(media.hash, async () => {
      const unreferenced = await this.store.deleteMedia(id);
      if (unreferenced === undefined) return false;
      for (const hash of unreferenced) await this.blobs.delete(hash);
      return true;
    });
  }
}
