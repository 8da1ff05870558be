import type { MediaKind } from '@tandem/protocol';
import type { MediaRecord } from './media-types';

/** The media row both SQL backends select (sqlite/media.ts, postgres/media.ts) and its mapping. */
export interface MediaRow {
  id: string;
  owner_id: string;
  room_id: string;
  kind: MediaKind;
  mime: string;
  size: number;
  hash: string;
  thumb_hash: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  name: string | null;
  created_at: number;
  client_id: string | null;
}

export function toMedia(row: MediaRow): MediaRecord {
  const media: MediaRecord = {
    id: row.id,
    ownerId: row.owner_id,
    roomId: row.room_id,
    kind: row.kind,
    mime: row.mime,
    size: Number(row.size),
    hash: row.hash,
    createdAt: Number(row.created_at),
  };
  if (row.thumb_hash !== null) media.thumbHash = row.thumb_hash;
  if (row.width !== null) media.width = Number(row.width);
  if (row.height !== null) media.height = Number(row.height);
  if (row.duration_ms !== null) media.durationMs = Number(row.duration_ms);
  if (row.name !== null) media.name = row.name;
  if (row.client_id !== null) media.clientId = row.client_id;
  return media;
}

/** The columns of a new media, in the order both backends insert them. */
export const mediaValues = (media: Omit<MediaRecord, 'clientId'>) => ({
  id: media.id,
  owner_id: media.ownerId,
  room_id: media.roomId,
  kind: media.kind,
  mime: media.mime,
  size: media.size,
  hash: media.hash,
  thumb_hash: media.thumbHash ?? null,
  width: media.width ?? null,
  height: media.height ?? null,
  duration_ms: media.durationMs ?? null,
  name: media.name ?? null,
  created_at: media.createdAt,
});

/** Why a claim found nothing to update: the media as it is decides (see `MediaClaim`). */
export function refusedClaim(found: MediaRecord | undefined, ownerId: string, roomId: string, clientId: string) {
  if (!found) return 'not-found' as const;
  if (found.ownerId !== ownerId || found.roomId !== roomId) return 'forbidden' as const;
  return found.clientId === clientId ? found : ('used' as const);
}
