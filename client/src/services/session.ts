import { SESSION_PATH } from '@tandem/protocol';
import type { ErrorBody, SessionResponse } from '@tandem/protocol';
import { postJson } from '../platform/http';
import { failure } from './request';
import type { Result } from './request';

/** Signs in with a nickname over HTTP (`POST /api/session`); the token then authenticates the socket. */
export async function requestSession(serverUrl: string, nickname: string): Promise<Result<SessionResponse>> {
  let response;
  try {
    response = await postJson(`${serverUrl.replace(/\/+$/, '')}${SESSION_PATH}`, { nickname });
  } catch (error) {
    console.warn('[session] sign-in request failed', error);
    return failure('OFFLINE', 'the server could not be reached');
  }
  if (response.status === 200 && isSession(response.body)) return { ok: true, data: response.body };
  const error = errorOf(response.body);
  if (error) return { ok: false, error };
  console.error(`[session] unexpected answer ${response.status}`, response.body);
  return failure('INTERNAL', `unexpected answer (${response.status})`);
}

function isSession(body: unknown): body is SessionResponse {
  if (typeof body !== 'object' || body === null) return false;
  const { token, user } = body as Partial<SessionResponse>;
  return typeof token === 'string' && typeof user?.id === 'string' && typeof user.nickname === 'string';
}

function errorOf(body: unknown): ErrorBody | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const { error } = body as { error: Partial<ErrorBody> };
  return typeof error?.code === 'string' && typeof error.message === 'string' ? (error as ErrorBody) : null;
}
