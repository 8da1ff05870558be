import {
  CONFIG_PATH,
  REFRESH_SESSION_PATH,
  SESSION_PATH,
  SIGN_OUT_ALL_PATH,
  WECHAT_SESSION_PATH,
} from '@tandem/protocol';
import type { ClientConfig, ErrorBody, SessionResponse } from '@tandem/protocol';
import { getJson, postJson } from '../platform/http';
import type { HttpResponse } from '../platform/http';
import { failure } from './request';
import type { ClientErrorCode, Result } from './request';

/**
 * The HTTP half of the protocol: sign-in (nickname or WeChat), token refresh, sign out everywhere, and the
 * server's public config. Every answer comes back as a `Result`; errors carry the HTTP status.
 */

const join = (serverUrl: string, path: string) => `${serverUrl.replace(/\/+$/, '')}${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs in with a nickname (`POST /api/session`): each sign-in is a new user. */
export function requestSession(serverUrl: string, nickname: string): Promise<Result<SessionResponse>> {
  return call('sign-in', () => postJson(join(serverUrl, SESSION_PATH), { nickname }), isSession);
}

/** Signs in with a `wx.login` code (`POST /api/session/wechat`); `nickname` names a first-time user. */
export function requestWechatSession(
  serverUrl: string,
  code: string,
  nickname?: string,
): Promise<Result<SessionResponse>> {
  const body = nickname ? { code, nickname } : { code };
  return call('wechat sign-in', () => postJson(join(serverUrl, WECHAT_SESSION_PATH), body), isSession);
}

/** A fresh token for the signed-in user; `UNAUTHORIZED` (401) when this one was revoked or expired. */
export function refreshSession(serverUrl: string, token: string): Promise<Result<SessionResponse>> {
  return call('refresh', () => postJson(join(serverUrl, REFRESH_SESSION_PATH), {}, bearer(token)), isSession);
}

/** Revokes every token of the user, on every device (their sockets are disconnected by the server). */
export function requestSignOutAll(serverUrl: string, token: string): Promise<Result<unknown>> {
  return call('sign-out everywhere', () => postJson(join(serverUrl, SIGN_OUT_ALL_PATH), {}, bearer(token)), isObject);
}

/** `GET /api/config`: whether the server offers WeChat sign-in. */
export function fetchClientConfig(serverUrl: string): Promise<Result<ClientConfig>> {
  return call('config', () => getJson(join(serverUrl, CONFIG_PATH)), isClientConfig);
}

async function call<T>(
  what: string,
  send: () => Promise<HttpResponse>,
  isAnswer: (body: unknown) => body is T,
): Promise<Result<T>> {
  let response: HttpResponse;
  try {
    response = await send();
  } catch (error) {
    console.warn(`[session] ${what} request failed`, error);
    return failure('OFFLINE', 'the server could not be reached');
  }
  if (response.status === 200 && isAnswer(response.body)) return { ok: true, data: response.body };
  const error = errorOf(response.body);
  if (error) return { ok: false, error: { ...error, status: response.status } };
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

function isObject(body: unknown): body is object {
  return typeof body === 'object' && body !== null;
}

function isSession(body: unknown): body is SessionResponse {
  if (!isObject(body)) return false;
  const { token, user, expiresAt } = body as Partial<SessionResponse>;
  return (
    typeof token === 'string' &&
    typeof expiresAt === 'number' &&
    typeof user?.id === 'string' &&
    typeof user.nickname === 'string'
  );
}

function isClientConfig(body: unknown): body is ClientConfig {
  return isObject(body) && typeof (body as Partial<ClientConfig>).wechatSignIn === 'boolean';
}

function errorOf(body: unknown): ErrorBody | null {
  if (!isObject(body) || !('error' in body)) return null;
  const { error } = body as { error: Partial<ErrorBody> };
  return typeof error?.code === 'string' && typeof error.message === 'string' ? (error as ErrorBody) : null;
}
