import * as v from 'valibot';
import { SessionUserSchema } from './accounts';
import { NICKNAME_MAX_LENGTH, PROTOCOL_VERSION } from './limits';
import { trimmedText } from './requests';
import { ErrorBodySchema } from './errors';
import { DeviceLabelSchema } from './sessions';

/**
 * `POST /api/session` body: signs in with a nickname. Every sign-in body takes an optional `device`, the label of
 * the session it starts (trimmed, at most `DEVICE_LABEL_MAX_LENGTH`); without it the server derives one from the
 * User-Agent.
 */
export const SessionRequestSchema = v.object({
  nickname: trimmedText(NICKNAME_MAX_LENGTH),
  device: v.optional(DeviceLabelSchema),
});
export type SessionRequest = v.InferInput<typeof SessionRequestSchema>;

/**
 * `POST /api/session/wechat` body: a `wx.login` code. `nickname` names the user on its first WeChat sign-in
 * (default `WECHAT_DEFAULT_NICKNAME`); later sign-ins of the same WeChat user keep the stored name.
 */
export const WechatSessionRequestSchema = v.object({
  code: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  nickname: v.optional(trimmedText(NICKNAME_MAX_LENGTH)),
  device: v.optional(DeviceLabelSchema),
});
export type WechatSessionRequest = v.InferInput<typeof WechatSessionRequestSchema>;

/** The nickname of a WeChat user whose first sign-in gave none (WeChat's own name for an anonymous user). */
export const WECHAT_DEFAULT_NICKNAME = '微信用户';

/** 200 answer of every sign-in route and of `POST /api/session/refresh`. `expiresAt` is epoch milliseconds. */
export const SessionResponseSchema = v.object({
  token: v.string(),
  user: SessionUserSchema,
  expiresAt: v.number(),
});
export type SessionResponse = v.InferOutput<typeof SessionResponseSchema>;

/** Body of every HTTP error answer. */
export const HttpErrorSchema = v.object({ error: ErrorBodySchema });
export type HttpError = v.InferOutput<typeof HttpErrorSchema>;

/** `GET /api/config`: public facts a client needs before signing in. Holds no secret. */
export const ClientConfigSchema = v.object({
  /** Whether `POST /api/session/wechat` is configured; otherwise a mini program signs in with a nickname. */
  wechatSignIn: v.boolean(),
  protocolVersion: v.literal(PROTOCOL_VERSION),
});
export type ClientConfig = v.InferOutput<typeof ClientConfigSchema>;

/** 200 answer of `POST /api/session/signout-all`. */
export const SignOutAllResponseSchema = v.object({});
export type SignOutAllResponse = v.InferOutput<typeof SignOutAllResponseSchema>;

export const HEALTH_PATH = '/healthz';
/** `GET`: `ClientConfig`. */
export const CONFIG_PATH = '/api/config';
/** `POST`: `SessionRequest` -> `SessionResponse`. */
export const SESSION_PATH = '/api/session';
/** `POST`: `WechatSessionRequest` -> `SessionResponse`. */
export const WECHAT_SESSION_PATH = '/api/session/wechat';
/** `POST` with `Authorization: Bearer <token>` -> `SessionResponse` with a fresh token. */
export const REFRESH_SESSION_PATH = '/api/session/refresh';
/** `POST` with `Authorization: Bearer <token>` -> `{}`: every token of the user stops working. */
export const SIGN_OUT_ALL_PATH = '/api/session/signout-all';
