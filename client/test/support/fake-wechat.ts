import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for WeChat's `GET /sns/jscode2session` on a free port, for a server started with
 * `WECHAT_API_BASE` pointing at it (see `wechatEnv`). Like WeChat, it answers JSON as text/plain, refuses a code
 * it has seen before (40163), and maps every accepted code to one openid, so each sign-in is the same user.
 * Codes that start with `invalid`, `blocked`, `busy` or `broken` get 40029, 40226, 45011 or an HTTP 500.
 */
export interface FakeWechat {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The codes it was asked about, in order. */
  codes: string[];
  close(): Promise<void>;
}

export const FAKE_APP_ID = 'wx-test-app';
export const FAKE_APP_SECRET = 'test-secret';
export const FAKE_OPENID = 'o-fake-user';

const REFUSALS: Array<[prefix: string, errcode: number]> = [
  ['invalid', 40029],
  ['blocked', 40226],
  ['busy', 45011],
];

export async function startFakeWechat(): Promise<FakeWechat> {
  const codes: string[] = [];
  const accepted = new Set<string>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const code = url.searchParams.get('js_code') ?? '';
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') return answer(404, { errcode: -1, errmsg: 'not found' });
    codes.push(code);
    const credentialsOk =
      url.searchParams.get('appid') === FAKE_APP_ID && url.searchParams.get('secret') === FAKE_APP_SECRET;
    if (!credentialsOk) return answer(200, { errcode: 40013, errmsg: 'invalid appid' });
    if (code.startsWith('broken')) return answer(500, { errmsg: 'system error' });
    const refusal = REFUSALS.find(([prefix]) => code.startsWith(prefix));
    if (refusal) return answer(200, { errcode: refusal[1], errmsg: 'refused' });
    if (accepted.has(code)) return answer(200, { errcode: 40163, errmsg: 'code been used' });
    accepted.add(code);
    return answer(200, { openid: FAKE_OPENID, session_key: 'not-a-real-key' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    codes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The server's environment for WeChat sign-in against the fake (names from server/src/config.ts). */
export function wechatEnv(fake: FakeWechat): Record<string, string> {
  return { WECHAT_APP_ID: FAKE_APP_ID, WECHAT_APP_SECRET: FAKE_APP_SECRET, WECHAT_API_BASE: fake.url };
}
