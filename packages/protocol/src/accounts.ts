import * as v from 'valibot';
import { UserSchema } from './entities';
import {
  NICKNAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from './limits';
import { trimmedText, wellFormedString } from './requests';
import { DeviceLabelSchema } from './sessions';

/**
 * Accounts with a username and a password (web), beside nickname guests and WeChat users. A username is unique in
 * any letter case and is not the display name: `nickname` stays the name others see.
 */

const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9_.-]{${USERNAME_MIN_LENGTH},${USERNAME_MAX_LENGTH}}$`);

export const UsernameSchema = v.pipe(
  v.string(),
  v.regex(
    USERNAME_PATTERN,
    `must be ${USERNAME_MIN_LENGTH}-${USERNAME_MAX_LENGTH} letters, digits, underscores, dots or hyphens`,
  ),
);

const codePoints = (text: string) => [...text].length;

export const PasswordSchema = v.pipe(
  wellFormedString(),
  v.check(
    (password) => codePoints(password) >= PASSWORD_MIN_LENGTH && codePoints(password) <= PASSWORD_MAX_LENGTH,
    `must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`,
  ),
);

/** `POST /api/accounts` body: a new account; `nickname` defaults to the username. */
export const AccountRequestSchema = v.object({
  username: UsernameSchema,
  password: PasswordSchema,
  nickname: v.optional(trimmedText(NICKNAME_MAX_LENGTH)),
  device: v.optional(DeviceLabelSchema),
});
export type AccountRequest = v.InferInput<typeof AccountRequestSchema>;

/**
 * `POST /api/session/password` body. Only the shape is checked: a username or password that no account could have
 * is answered like a wrong one (401), so the answer never tells what exists.
 */
export const PasswordSessionRequestSchema = v.object({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(USERNAME_MAX_LENGTH * 4)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(PASSWORD_MAX_LENGTH * 4)),
  device: v.optional(DeviceLabelSchema),
});
export type PasswordSessionRequest = v.InferInput<typeof PasswordSessionRequestSchema>;

/** `POST /api/accounts/claim` body (with the guest's bearer token): the guest account gets a username and password. */
export const ClaimAccountRequestSchema = v.object({
  username: UsernameSchema,
  password: PasswordSchema,
});
export type ClaimAccountRequest = v.InferInput<typeof ClaimAccountRequestSchema>;

/** The signed-in user in a session answer: `username` only for accounts that have one (not guests, not WeChat). */
export const SessionUserSchema = v.object({
  ...UserSchema.entries,
  username: v.optional(v.string()),
});
export type SessionUser = v.InferOutput<typeof SessionUserSchema>;

/** `POST`: `AccountRequest` -> `SessionResponse`; 409 `CONFLICT` when the username is taken in any letter case. */
export const ACCOUNTS_PATH = '/api/accounts';
/** `POST`: `PasswordSessionRequest` -> `SessionResponse`; 401 `UNAUTHORIZED`, same body, for any wrong pair. */
export const PASSWORD_SESSION_PATH = '/api/session/password';
/** `POST` with `Authorization: Bearer <guest token>`: `ClaimAccountRequest` -> `SessionResponse`. */
export const CLAIM_ACCOUNT_PATH = '/api/accounts/claim';
