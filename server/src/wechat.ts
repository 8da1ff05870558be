import * as v from 'valibot';
import type { WechatConfig } from './config';
import type { Logger } from './logger';

/** How long to wait for WeChat's code2session before answering 502. */
const CODE2SESSION_TIMEOUT_MS = 5000;
/** WeChat allows 100 code2session calls per user per minute: after 45011, a minute is the honest wait. */
export const WECHAT_RATE_LIMIT_RETRY_MS = 60_000;

export type Code2SessionResult =
  { ok: true; openid: string } | { ok: false; reason: 'invalid-code' | 'rate-limited' | 'blocked' | 'unavailable' };

/** Exchanges a `wx.login` code for the user's openid. Server side only: the request carries the app secret. */
export interface WechatClient {
  code2session(code: string): Promise<Code2SessionResult>;
}

const Code2SessionSchema = v.object({
  openid: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
  errcode: v.optional(v.number()),
});

/** WeChat's documented errcodes that are the caller's fault; anything else is WeChat's (or the network's). */
const REASONS: Record<number, Exclude<Code2SessionResult, { ok: true }>['reason']> = {
  40029: 'invalid-code',
  // "code been used": a replayed code is as invalid as a made-up one.
  40163: 'invalid-code',
  45011: 'rate-limited',
  40226: 'blocked',
};

/**
 * Calls `GET {apiBase}/sns/jscode2session`. The URL holds the secret and the code, and the answer holds the
 * session_key: none of them is ever logged, only the errcode or the error's kind.
 */
export function createWechatClient(config: WechatConfig, logger: Logger): WechatClient {
  return {
    async code2session(code) {
      const query = new URLSearchParams({
        appid: config.appId,
        secret: config.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      });
      let body: unknown;
      try {
        const response = await fetch(`${config.apiBase}/sns/jscode2session?${query.toString()}`, {
          signal: AbortSignal.timeout(CODE2SESSION_TIMEOUT_MS),
        });
        if (!response.ok) {
          logger.warn({ status: response.status }, 'wechat code2session answered an HTTP error');
          return { ok: false, reason: 'unavailable' };
        }
        // WeChat sends JSON as text/plain.
        body = JSON.parse(await response.text());
      } catch (error) {
        const { name, cause } = error as { name?: string; cause?: { code?: string } };
        logger.warn({ error: name, cause: cause?.code }, 'wechat code2session failed');
        return { ok: false, reason: 'unavailable' };
      }
      const parsed = v.safeParse(Code2SessionSchema, body);
      if (parsed.success && parsed.output.openid !== undefined && !parsed.output.errcode) {
        return { ok: true, openid: parsed.output.openid };
      }
      const errcode = parsed.success ? parsed.output.errcode : undefined;
      const reason = (errcode !== undefined && REASONS[errcode]) || 'unavailable';
      logger.warn({ errcode }, 'wechat code2session refused');
      return { ok: false, reason };
    },
  };
}
