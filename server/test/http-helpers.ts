import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** POSTs JSON (or nothing) with extra headers. */
export function post(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers: { ...headers } };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json', ...headers };
    init.body = JSON.stringify(body);
  }
  return fetch(url, init);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What the fake answers to one code2session call: a JSON body, or a dropped connection. */
export type FakeAnswer = { status?: number; body: unknown } | 'drop';

export interface FakeWechat {
  /** The API base URL to configure as WECHAT_API_BASE. */
  url: string;
  /** The query of every call received, in order. */
  calls: URLSearchParams[];
  close(): Promise<void>;
}

/** A local stand-in for WeChat's `GET /sns/jscode2session`, answering with `answer(js_code)`. */
export async function startFakeWechat(answer: (code: string) => FakeAnswer): Promise<FakeWechat> {
  const calls: URLSearchParams[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname !== '/sns/jscode2session') {
      response.writeHead(404).end();
      return;
    }
    calls.push(url.searchParams);
    const result = answer(url.searchParams.get('js_code') ?? '');
    if (result === 'drop') {
      request.socket.destroy();
      return;
    }
    // WeChat answers JSON as text/plain.
    response.writeHead(result.status ?? 200, { 'content-type': 'text/plain' }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
