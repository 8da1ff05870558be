import * as v from 'valibot';
import { SessionUserSchema } from './accounts';
import { NICKNAME_MAX_LENGTH } from './limits';
import { trimmedText } from './requests';

/** The signed-in user's own profile: display name and avatar (see docs/protocol.md, "Profile"). */

/** `POST /api/profile` body: the new display name (trimmed, 1-`NICKNAME_MAX_LENGTH`). */
export const ProfileRequestSchema = v.object({
  nickname: trimmedText(NICKNAME_MAX_LENGTH),
});
export type ProfileRequest = v.InferInput<typeof ProfileRequestSchema>;

/** 200 answer of every profile write: the user as it is now. */
export const ProfileResponseSchema = v.object({ user: SessionUserSchema });
export type ProfileResponse = v.InferOutput<typeof ProfileResponseSchema>;

/** Largest avatar upload the server reads, in bytes (a larger one is 413 `PAYLOAD_TOO_LARGE`). */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/** The edge of the square image the server stores and serves (WebP). */
export const AVATAR_SIZE = 256;
/** Image types an upload may be, sniffed from its bytes (not from its content-type). */
export const AVATAR_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

/** `POST` with `Authorization: Bearer <token>`: `ProfileRequest` -> `ProfileResponse`. */
export const PROFILE_PATH = '/api/profile';
/**
 * `POST` with `Authorization: Bearer <token>` and the image's raw bytes as the body (`application/octet-stream` or
 * `image/*`) -> `ProfileResponse`; `DELETE` removes the avatar -> `ProfileResponse`.
 */
export const PROFILE_AVATAR_PATH = '/api/profile/avatar';
/** `GET /api/avatars/:userId` -> `image/webp` (public; 404 `NOT_FOUND` when the user has no avatar). */
export const AVATARS_PATH = '/api/avatars';

/** The `avatar` URL of a user's avatar at a version: a new version is a new URL, so caches never show a stale one. */
export const avatarUrl = (userId: string, version: number) =>
  `${AVATARS_PATH}/${encodeURIComponent(userId)}?v=${version}`;
