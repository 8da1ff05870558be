import {
  AVATAR_MAX_BYTES,
  PROFILE_AVATAR_PATH,
  PROFILE_PATH,
  ProfileRequestSchema,
  ProfileResponseSchema,
} from '@tandem/protocol';
import type { ProfileResponse, SessionUser } from '@tandem/protocol';
import { deleteJson, postBytes, postJson } from '../../platform/http';
import { pickAvatarFile, readChosenAvatar } from '../../platform/avatar';
import { profilesStore } from '../../stores/profiles';
import { sessionStore } from '../../stores/session';
import { chatServerUrl } from '../current';
import { failure } from '../errors';
import type { Result } from '../errors';
import { bearer, call, join, refused } from './http';

/**
 * The profile intents: the display name and the avatar of the signed-in user (`POST /api/profile`,
 * `POST|DELETE /api/profile/avatar`). A stored change shows here at once; the server tells the user's rooms and its
 * other devices (`user:updated`).
 */

/** Sets the display name others see. */
export async function changeNickname(nickname: string): Promise<Result<SessionUser>> {
  const body = { nickname: nickname.trim() };
  const invalid = refused(ProfileRequestSchema, body);
  if (invalid) return invalid;
  return authorised((token) =>
    call('profile', () => postJson(join(chatServerUrl(), PROFILE_PATH), body, bearer(token)), ProfileResponseSchema),
  );
}

/** Web: opens the file picker and uploads the chosen image; `null` data when nothing was chosen. */
export async function chooseAndUploadAvatar(): Promise<Result<SessionUser | null>> {
  const bytes = await pickAvatarFile();
  return bytes ? uploadAvatar(bytes) : { ok: true, data: null };
}

/** Mini program: uploads the image at the temporary path WeChat's avatar button gave. */
export async function uploadChosenAvatar(path: string): Promise<Result<SessionUser>> {
  let bytes: ArrayBuffer;
  try {
    bytes = await readChosenAvatar(path);
  } catch (error) {
    console.warn('[profile] the chosen avatar cannot be read', error);
    return failure('INVALID_PAYLOAD', 'the chosen image cannot be read');
  }
  return uploadAvatar(bytes);
}

/** Uploads image bytes; the server checks and re-encodes them (refused when they are not an image). */
export function uploadAvatar(bytes: ArrayBuffer): Promise<Result<SessionUser>> {
  if (bytes.byteLength > AVATAR_MAX_BYTES) return Promise.resolve(failure('PAYLOAD_TOO_LARGE', 'image too large'));
  return authorised((token) =>
    call(
      'avatar upload',
      () => postBytes(join(chatServerUrl(), PROFILE_AVATAR_PATH), bytes, bearer(token)),
      ProfileResponseSchema,
    ),
  );
}

export function removeAvatar(): Promise<Result<SessionUser>> {
  return authorised((token) =>
    call(
      'avatar removal',
      () => deleteJson(join(chatServerUrl(), PROFILE_AVATAR_PATH), bearer(token)),
      ProfileResponseSchema,
    ),
  );
}

/** The absolute URL of an avatar path (`User.avatar`), for an image element. */
export function avatarSource(path: string): string {
  return join(chatServerUrl(), path);
}

async function authorised(send: (token: string) => Promise<Result<ProfileResponse>>): Promise<Result<SessionUser>> {
  const { token } = sessionStore.getState();
  if (!token) return failure('UNAUTHORIZED', 'not signed in');
  const result = await send(token);
  if (!result.ok) return result;
  const { user } = result.data;
  sessionStore.getState().profileChanged(user);
  const { id, nickname, avatar } = user;
  profilesStore.getState().updated(avatar === undefined ? { id, nickname } : { id, nickname, avatar });
  return { ok: true, data: user };
}
