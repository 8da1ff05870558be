import * as v from 'valibot';
import { NICKNAME_MAX_LENGTH } from './limits';
import { trimmedText } from './requests';
import { DeviceLabelSchema } from './sessions';

/**
 * Device accounts: where WeChat sign-in is not configured, a mini program is one person through a secret it made
 * and keeps in its storage. The server keeps only the secret's SHA-256, so its database cannot sign anyone in.
 */

/** 256 random bits as 64 lowercase hex characters: nothing else is a credential. */
export const DEVICE_CREDENTIAL_BYTES = 32;
const CREDENTIAL_PATTERN = new RegExp(`^[0-9a-f]{${DEVICE_CREDENTIAL_BYTES * 2}}$`);

export const DeviceCredentialSchema = v.pipe(
  v.string(),
  v.regex(CREDENTIAL_PATTERN, `must be ${DEVICE_CREDENTIAL_BYTES * 2} lowercase hex characters`),
);

/**
 * `POST /api/session/device` body. `nickname` names the user when the credential is new (a new credential without
 * one is 404 `NOT_FOUND`, so a client never creates a nameless user); later sign-ins keep the stored name.
 */
export const DeviceSessionRequestSchema = v.object({
  credential: DeviceCredentialSchema,
  nickname: v.optional(trimmedText(NICKNAME_MAX_LENGTH)),
  device: v.optional(DeviceLabelSchema),
});
export type DeviceSessionRequest = v.InferInput<typeof DeviceSessionRequestSchema>;

/**
 * `POST`: `DeviceSessionRequest` -> `SessionResponse`. 404 `NOT_FOUND` for an unknown credential without a nickname;
 * 403 `FORBIDDEN` when the server signs in with WeChat (`ClientConfig.wechatSignIn`).
 */
export const DEVICE_SESSION_PATH = '/api/session/device';
