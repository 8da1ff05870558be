import type { AsyncOptions } from './callbacks';
import { Listeners, fail, ok, settle } from './callbacks';
import type { ModuleSystem } from './loader';
import type { Scheduler } from './scheduler';
import { routeUrl } from './routing';
import type { Hosts } from './routing';

export interface RequestOptions extends AsyncOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
  dataType?: string;
  responseType?: 'text' | 'arraybuffer';
}

/** WeChat adds this Referer to every request; the app cannot change it. */
export const WECHAT_REFERER = 'https://servicewechat.com/touristappid/devtools/page-frame.html';
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * `wx.request` over Node's fetch. Like WeChat: any HTTP status is a `success` (`{ statusCode, data, header }`),
 * `fail` is only for network errors, timeouts, aborts and a backgrounded app (`request:fail interrupted`); an
 * object body is sent as JSON unless the content type says form, and a JSON answer arrives parsed.
 */
export class RequestHub {
  readonly log: { method: string; url: string; statusCode?: number; errMsg?: string }[] = [];
  maxConcurrent = 0;
  private readonly inFlight = new Set<AbortController>();
  private readonly interrupted = new WeakSet<AbortController>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly realm: ModuleSystem['realm'],
    private readonly isOnline: () => boolean,
    private readonly hosts: Hosts,
  ) {}

  /** Fails every unfinished request with `request:fail interrupted` (app in the background). */
  interruptAll(): void {
    for (const controller of this.inFlight) {
      this.interrupted.add(controller);
      controller.abort();
    }
  }

  request = (options: RequestOptions) => {
    const controller = new AbortController();
    const headersReceived = new Listeners<{ header: Record<string, string> }>();
    const task = {
      abort: () => controller.abort(),
      onHeadersReceived: headersReceived.on,
      offHeadersReceived: headersReceived.off,
    };
    void this.run(options, controller, headersReceived);
    return task;
  };

  private async run(
    options: RequestOptions,
    controller: AbortController,
    onHeaders: Listeners<{ header: Record<string, string> }>,
  ) {
    const method = (options.method ?? 'GET').toUpperCase();
    const entry: (typeof this.log)[number] = { method, url: options.url };
    this.log.push(entry);
    const finish = (outcome: Parameters<typeof settle>[2]) => {
      if (!outcome.ok) entry.errMsg = outcome.errMsg;
      settle(this.scheduler, options, outcome);
    };
    if (!/^https?:\/\//.test(options.url)) return finish(fail('request', `invalid url "${options.url}"`));
    if (!this.isOnline()) return finish(fail('request', 'network is down'));

    this.inFlight.add(controller);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight.size);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeout ?? DEFAULT_TIMEOUT_MS);
    try {
      const { url, body, headers } = encode(method, options);
      const response = await fetch(routeUrl(url, this.hosts), { method, body, headers, signal: controller.signal });
      const header = Object.fromEntries(response.headers.entries());
      onHeaders.emit(this.scheduler, { header });
      const raw = Buffer.from(await response.arrayBuffer());
      entry.statusCode = response.status;
      finish(ok('request', { statusCode: response.status, header, cookies: [], data: this.decode(raw, options) }));
    } catch (error) {
      if (this.interrupted.has(controller)) finish(fail('request', 'interrupted'));
      else if (controller.signal.aborted) finish(fail('request', timedOut ? 'timeout' : 'abort'));
      else finish(fail('request', (error as Error).message));
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private decode(raw: Buffer, options: RequestOptions): unknown {
    if (options.responseType === 'arraybuffer') {
      const buffer = new this.realm.ArrayBuffer(raw.length);
      new this.realm.Uint8Array(buffer).set(raw);
      return buffer;
    }
    const text = raw.toString('utf8');
    if ((options.dataType ?? 'json') !== 'json') return text;
    try {
      return this.realm.JSON.parse(text);
    } catch {
      return text;
    }
  }
}

function encode(method: string, options: RequestOptions) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.header ?? {})) {
    if (name.toLowerCase() !== 'referer') headers[name] = String(value);
  }
  const contentTypeKey = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
  const contentType = contentTypeKey ? headers[contentTypeKey]! : 'application/json';
  if (!contentTypeKey) headers['content-type'] = contentType;
  headers['referer'] = WECHAT_REFERER;
  const data = options.data;
  let url = options.url;
  let body: string | ArrayBuffer | undefined;
  if (method === 'GET' || method === 'HEAD') {
    if (data && typeof data === 'object') url += (url.includes('?') ? '&' : '?') + formEncode(data);
    else if (typeof data === 'string' && data) url += (url.includes('?') ? '&' : '?') + data;
  } else if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
    body = Uint8Array.from(new Uint8Array(data as ArrayBuffer)).buffer;
  } else if (data && typeof data === 'object') {
    body = contentType.includes('x-www-form-urlencoded') ? formEncode(data) : JSON.stringify(data);
  } else if (data !== undefined) {
    body = String(data);
  }
  return { url, body, headers };
}

function formEncode(data: object): string {
  return Object.entries(data)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}
