import * as v from 'valibot';
import {
  ACCOUNTS_PATH,
  AccountRequestSchema,
  CLAIM_ACCOUNT_PATH,
  ClaimAccountRequestSchema,
  PASSWORD_SESSION_PATH,
  PasswordSessionRequestSchema,
  ClientConfigSchema,
  CONFIG_PATH,
  HttpErrorSchema,
  REFRESH_SESSION_PATH,
  SESSION_PATH,
  SESSIONS_PATH,
  SessionListResponseSchema,
  SessionRequestSchema,
  SessionResponseSchema,
  SessionSignOutResponseSchema,
  SIGN_OUT_ALL_PATH,
  SIGN_OUT_PATH,
  sessionSignOutPath,
  SignOutAllResponseSchema,
  WECHAT_SESSION_PATH,
  WechatSessionRequestSchema,
} from '@tandem/protocol';
import type {
  AccountRequest,
  ClaimAccountRequest,
  ClientConfig,
  PasswordSessionRequest,
  SessionListResponse,
  SessionResponse,
  SessionSignOutResponse,
  SignOutAllResponse,
} from '@tandem/protocol';
import { deviceLabel } from '../../platform/device';
import { getJson, postJson } from '../../platform/http';
import type { HttpResponse } from '../../platform/http';
import { failure } from '../errors';
import type { ClientErrorCode, Result } from '../errors';

/**
 * The HTTP half of the protocol: sign-in (nickname or WeChat), token refresh, sign out everywhere, and the
 * server's public config. Bodies are checked with the protocol's schemas both ways; every answer comes back as a
 * `Result`, and errors carry the HTTP status.
 */

export const join = (serverUrl: string, path: string) => `${serverUrl.replace(/\/+$/, '')}${path}`;
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** A sign-in body with this platform's session label, when it has one (see platform/device.ts). */
const withDevice = <T extends object>(body: T): T => (deviceLabel ? { ...body, device: deviceLabel } : body);

/** Signs in with a nickname (`POST /api/session`): each sign-in is a new user. */
export function requestSession(serverUrl: string, nickname: string): Promise<Result<SessionResponse>> {
  const body = withDevice({ nickname });
  const invalid = refused(SessionRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  return call('sign-in', () => postJson(join(serverUrl, SESSION_PATH), body), SessionResponseSchema);
}

/** Signs in with a `wx.login` code (`POST /api/session/wechat`); `nickname` names a first-time user. */
export function requestWechatSession(
  serverUrl: string,
  code: string,
  nickname?: string,
): Promise<Result<SessionResponse>> {
  const body = withDevice(nickname ? { code, nickname } : { code });
  const invalid = refused(WechatSessionRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  return call('wechat sign-in', () => postJson(join(serverUrl, WECHAT_SESSION_PATH), body), SessionResponseSchema);
}

/** Creates an account (`POST /api/accounts`); `CONFLICT` (409) when the username is taken. */
export function requestAccount(serverUrl: string, request: AccountRequest): Promise<Result<SessionResponse>> {
  const body = withDevice(request);
  const invalid = refused(AccountRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  return call('sign-up', () => postJson(join(serverUrl, ACCOUNTS_PATH), body), SessionResponseSchema);
}

/** Signs in with a username and password (`POST /api/session/password`); any wrong pair is `UNAUTHORIZED`. */
export function requestPasswordSession(
  serverUrl: string,
  request: PasswordSessionRequest,
): Promise<Result<SessionResponse>> {
  const body = withDevice(request);
  const invalid = refused(PasswordSessionRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  return call('password sign-in', () => postJson(join(serverUrl, PASSWORD_SESSION_PATH), body), SessionResponseSchema);
}

/** Gives the signed-in guest a username and password (`POST /api/accounts/claim`). */
export function requestClaim(
  serverUrl: string,
  token: string,
  body: ClaimAccountRequest,
): Promise<Result<SessionResponse>> {
  const invalid = refused(ClaimAccountRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  const send = () => postJson(join(serverUrl, CLAIM_ACCOUNT_PATH), body, bearer(token));
  return call('account claim', send, SessionResponseSchema);
}

/** A fresh token for the signed-in user; `UNAUTHORIZED` (401) when this one was revoked or expired. */
export function refreshSession(serverUrl: string, token: string): Promise<Result<SessionResponse>> {
  const send = () => postJson(join(serverUrl, REFRESH_SESSION_PATH), {}, bearer(token));
  return call('refresh', send, SessionResponseSchema);
}

/** Revokes every token of the user, on every device (their sockets are disconnected by the server). */
export function requestSignOutAll(serverUrl: string, token: string): Promise<Result<SignOutAllResponse>> {
  const send = () => postJson(join(serverUrl, SIGN_OUT_ALL_PATH), {}, bearer(token));
  return call('sign-out everywhere', send, SignOutAllResponseSchema);
}

/** The user's sessions (devices), newest first (`GET /api/sessions`). */
export function requestSessionList(serverUrl: string, token: string): Promise<Result<SessionListResponse>> {
  return call('session list', () => getJson(join(serverUrl, SESSIONS_PATH), bearer(token)), SessionListResponseSchema);
}

/** Ends one session of the user (`POST /api/sessions/:id/signout`); `NOT_FOUND` (404) when it is not one of them. */
export function requestSessionSignOut(
  serverUrl: string,
  token: string,
  sessionId: string,
): Promise<Result<SessionSignOutResponse>> {
  const send = () => postJson(join(serverUrl, sessionSignOutPath(sessionId)), {}, bearer(token));
  return call('session sign-out', send, SessionSignOutResponseSchema);
}

/** Ends this token's own session (`POST /api/session/signout`). */
export function requestSignOut(serverUrl: string, token: string): Promise<Result<SessionSignOutResponse>> {
  const send = () => postJson(join(serverUrl, SIGN_OUT_PATH), {}, bearer(token));
  return call('sign-out', send, SessionSignOutResponseSchema);
}

/** `GET /api/config`: whether the server offers WeChat sign-in. */
export function fetchClientConfig(serverUrl: string): Promise<Result<ClientConfig>> {
  return call('config', () => getJson(join(serverUrl, CONFIG_PATH)), ClientConfigSchema);
}

/** An outgoing body the server would refuse: answered here as the server would, without a request. */
export function refused(
  schema: v.GenericSchema,
  body: unknown,
): { ok: false; error: { code: 'INVALID_PAYLOAD'; message: string } } | null {
  const checked = v.safeParse(schema, body);
  return checked.success
    ? null
    : { ok: false, error: { code: 'INVALID_PAYLOAD', message: v.summarize(checked.issues) } };
}

export async function call<T extends v.GenericSchema>(
  what: string,
  send: () => Promise<HttpResponse>,
  answer: T,
): Promise<Result<v.InferOutput<T>>> {
  let response: HttpResponse;
  try {
    response = await send();
  } catch (error) {
    console.warn(`[session] ${what} request failed`, error);
    return failure('OFFLINE', 'the server could not be reached');
  }
  if (response.status === 200) {
    const parsed = v.safeParse(answer, response.body);
    if (parsed.success) return { ok: true, data: parsed.output };
  }
  const error = v.safeParse(HttpErrorSchema, response.body);
  if (error.success && response.status !== 200) {
    return { ok: false, error: { ...error.output.error, status: response.status } };
  }
  console.error(`[session] unexpected ${what} answer ${response.status}`, response.body);
  const code = fallbackCode(response.status);
  return { ok: false, error: { code, message: `unexpected answer (${response.status})`, status: response.status } };
}

/** A proxy's own error page has no protocol body: its status still says what happened. */
function fallbackCode(status: number): ClientErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}
