import { AppError } from '../errors';
import { requireMember } from './access';
import { defineHandler } from './define';

/** Fresh signed URLs of a media sent in the room, for its members: the URLs a message carries expire in minutes. */
export const mediaUrl = defineHandler('media:url', async ({ roomId, mediaId }, { services, user }) => {
  await requireMember(services.store, roomId, user.id);
  const media = await services.store.findMedia(mediaId);
  // Unsent media is its uploader's alone; another room's is not this room's business.
  const visible = media?.roomId === roomId && (media.clientId !== undefined || media.ownerId === user.id);
  if (!media || !visible) throw new AppError('NOT_FOUND', 'no such media in this room');
  return services.media.signer.urls(media);
});

export const mediaHandlers = [mediaUrl];
