import Taro from '@tarojs/taro';

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** Sends a request and returns the status and parsed body; throws only when no answer came (network error). */
async function send(
  url: string,
  method: 'GET' | 'POST' | 'DELETE',
  body: unknown,
  headers: Record<string, string>,
  timeout = 15_000,
): Promise<HttpResponse> {
  const response = await Taro.request<unknown>({
    url,
    method,
    data: body,
    header: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    dataType: 'json',
    timeout,
  });
  return { status: response.statusCode, body: response.data };
}

/** POSTs JSON (with extra headers such as `authorization`); `timeoutMs` for a long-poll held open by the server. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs?: number,
): Promise<HttpResponse> {
  return send(url, 'POST', body, headers, timeoutMs);
}

export function getJson(url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return send(url, 'GET', undefined, headers);
}

/** DELETE without a body. */
export function deleteJson(url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return send(url, 'DELETE', undefined, headers);
}

/**
 * POSTs raw bytes (`application/octet-stream`): `wx.request` and Taro's web request both send an ArrayBuffer body as
 * it is. The answer is JSON.
 */
export function postBytes(
  url: string,
  bytes: ArrayBuffer,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return send(url, 'POST', bytes, { 'content-type': 'application/octet-stream', ...headers });
}
