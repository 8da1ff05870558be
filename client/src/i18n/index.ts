import { getSystemLanguage } from '../platform/system';
import { en } from './en';
import { zhCN } from './zh-CN';
import type { MessageKey } from './zh-CN';

/** The one table of UI strings (zh-CN by default, en), and the formatting of times and days around them. */

export type { MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Chinese systems and unknown languages get zh-CN (the default); English ones get en. */
export function localeFor(systemLanguage: string): Locale {
  return /^en\b|^en[-_]/i.test(systemLanguage) ? 'en' : 'zh-CN';
}

let locale: Locale = localeFor(getSystemLanguage());

export function getLocale(): Locale {
  return locale;
}

export function setLocale(next: Locale): void {
  locale = next;
}

/** The UI string for `key` in the current locale, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[locale][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** The message for an error code, falling back to the generic server error. */
export function errorText(code: string): string {
  const key = `error.${code}` as MessageKey;
  return key in zhCN ? t(key) : t('error.INTERNAL');
}

/** What the server's WeChat sign-in answers mean, by HTTP status (see docs/protocol.md). */
const WECHAT_ERRORS: Record<number, MessageKey> = {
  401: 'wechat.invalidCode',
  403: 'wechat.blocked',
  429: 'wechat.rateLimited',
  501: 'wechat.notConfigured',
  502: 'wechat.unavailable',
};

/** The message for a failed WeChat sign-in. */
export function wechatErrorText(error: { code: string; status?: number }): string {
  const key = error.status === undefined ? undefined : WECHAT_ERRORS[error.status];
  if (key) return t(key);
  return error.code === 'LOGIN_FAILED' ? t('wechat.loginFailed') : errorText(error.code);
}

/** Clock time for a message: HH:MM today, otherwise MM-DD HH:MM. */
export function formatTime(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return new Date(now).toDateString() === date.toDateString()
    ? time
    : `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

/** A calendar day in local time, `YYYY-M-D`: equal for two times on the same day. */
export function dayKey(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** A day separator: today, yesterday, the weekday within the last week, otherwise the full date. */
export function formatDay(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const midnight = (time: number) => {
    const day = new Date(time);
    return new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  };
  const daysAgo = Math.round((midnight(now) - midnight(epochMs)) / 86_400_000);
  if (daysAgo === 0) return t('chat.today');
  if (daysAgo === 1) return t('chat.yesterday');
  if (daysAgo > 1 && daysAgo < 7) return t(`chat.weekday${date.getDay()}` as MessageKey);
  return t('chat.fullDate', {
    year: date.getFullYear(),
    month: t(`chat.month${date.getMonth() + 1}` as MessageKey),
    day: date.getDate(),
  });
}

/** Clock time only (HH:MM), for a message under a day separator. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
