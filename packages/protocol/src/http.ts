import * as v from 'valibot';
import { UserSchema } from './entities';
import { NICKNAME_MAX_LENGTH } from './limits';
import { trimmedText } from './requests';
import { ErrorBodySchema } from './errors';

/** `POST /api/session` body: signs in with a nickname. */
export const SessionRequestSchema = v.object({ nickname: trimmedText(NICKNAME_MAX_LENGTH) });
export type SessionRequest = v.InferInput<typeof SessionRequestSchema>;

/** `POST /api/session/wechat` body: a `wx.login` code. */
export const WechatSessionRequestSchema = v.object({
  code: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  nickname: v.optional(trimmedText(NICKNAME_MAX_LENGTH)),
});
export type WechatSessionRequest = v.InferInput<typeof WechatSessionRequestSchema>;

/** 200 answer of every sign-in route. `expiresAt` is epoch milliseconds. */
export const SessionResponseSchema = v.object({
  token: v.string(),
  user: UserSchema,
  expiresAt: v.number(),
});
export type SessionResponse = v.InferOutput<typeof SessionResponseSchema>;

/** Body of every HTTP error answer. */
export const HttpErrorSchema = v.object({ error: ErrorBodySchema });
export type HttpError = v.InferOutput<typeof HttpErrorSchema>;

export const HEALTH_PATH = '/healthz';
export const SESSION_PATH = '/api/session';
