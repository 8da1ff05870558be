import type { AsyncOptions } from './callbacks';
import { fail, ok, settle } from './callbacks';
import { applySetData } from './data-tree';
import type { Scheduler } from './scheduler';

/** A page as WeChat builds it from a `Page(config)` call: the config's members plus the framework's own. */
export interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
  [member: string]: unknown;
}

/** WeChat's page stack limit. */
export const MAX_PAGE_STACK = 10;

type NavigationOptions = AsyncOptions & { url?: string; delta?: number };

export interface PageHostDeps {
  scheduler: Scheduler;
  realmJSON: JSON;
  /** Makes sure the page's code ran (it calls `Page()`), for lazily injected pages. */
  loadPage(route: string): void;
  /** Called after every setData, with the page it changed and the payload's size in UTF-8 bytes. */
  rendered(page: PageInstance, bytes: number): void;
}

/**
 * `Page()` registrations, the page stack and the navigation APIs. Opening a page instantiates its config and
 * runs onLoad(query) -> onShow -> onReady; navigateTo hides the page below, navigateBack / redirectTo / reLaunch
 * unload the pages they remove, as WeChat does.
 */
export class PageHost {
  readonly stack: PageInstance[] = [];
  private readonly configs = new Map<string, Record<string, unknown>>();
  private webviewId = 0;

  constructor(
    private readonly pages: readonly string[],
    private readonly deps: PageHostDeps,
  ) {}

  register(route: string, config: Record<string, unknown>): void {
    if (!this.pages.includes(route)) throw new Error(`Page() called in "${route}", which app.json does not list`);
    this.configs.set(route, config);
  }

  get current(): PageInstance | undefined {
    return this.stack[this.stack.length - 1];
  }

  apis() {
    return {
      navigateTo: (o: NavigationOptions) => this.navigate('navigateTo', o, () => this.push(this.resolve(o.url))),
      redirectTo: (o: NavigationOptions) => this.navigate('redirectTo', o, () => this.replace(o.url, 1)),
      reLaunch: (o: NavigationOptions) => this.navigate('reLaunch', o, () => this.replace(o.url, this.stack.length)),
      switchTab: (o: NavigationOptions) => this.navigate('switchTab', o, () => this.replace(o.url, this.stack.length)),
      navigateBack: (o: NavigationOptions = {}) => this.navigate('navigateBack', o, () => this.back(o.delta ?? 1)),
    };
  }

  /** Opens the first page at launch. */
  launch(url: string): void {
    this.push(this.resolve(url));
  }

  /** Lifecycle of the page on top of the stack (app show/hide). */
  callCurrent(lifecycle: 'onShow' | 'onHide'): void {
    const page = this.current;
    if (page) this.call(page, lifecycle);
  }

  private navigate(api: string, options: NavigationOptions, action: () => void): void {
    setTimeout(() => {
      this.deps.scheduler.deliver(() => {
        let error: string | undefined;
        try {
          action();
        } catch (e) {
          error = (e as Error).message;
        }
        settle(this.deps.scheduler, options, error ? fail(api, error) : ok(api));
      });
    }, 0);
  }

  private push({ route, query }: { route: string; query: Record<string, string> }): void {
    if (this.stack.length >= MAX_PAGE_STACK) throw new Error('webview count limit exceed');
    this.deps.loadPage(route);
    const config = this.configs.get(route);
    if (!config) throw new Error(`page "${route}" has not been registered yet.`);
    const below = this.current;
    if (below) this.call(below, 'onHide');
    const page = this.instantiate(route, config, query);
    this.stack.push(page);
    this.call(page, 'onLoad', query);
    this.call(page, 'onShow');
    setTimeout(() => this.deps.scheduler.deliver(() => this.stack.includes(page) && this.call(page, 'onReady')), 0);
  }

  /** Unloads `count` pages from the top, then opens `url` (checked first, so a bad url changes nothing). */
  private replace(url: string | undefined, count: number): void {
    const target = this.resolve(url);
    this.pop(count);
    this.push(target);
  }

  private back(delta: number): void {
    if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.');
    this.pop(Math.min(delta, this.stack.length - 1));
    this.callCurrent('onShow');
  }

  private pop(count: number): void {
    for (let i = 0; i < count; i++) {
      const page = this.stack.pop();
      if (page) this.call(page, 'onUnload');
    }
  }

  private call(page: PageInstance, lifecycle: string, ...args: unknown[]): void {
    const fn = page[lifecycle];
    if (typeof fn === 'function') this.deps.scheduler.run(() => fn.apply(page, args));
  }

  private resolve(url: string | undefined): { route: string; query: Record<string, string> } {
    if (!url) throw new Error('parameter error: parameter.url should be String');
    const [pathPart = '', search = ''] = url.split('?');
    const base = this.current ? this.current.route.split('/').slice(0, -1) : [];
    const parts = pathPart.startsWith('/') ? [] : base;
    for (const segment of pathPart.split('/')) {
      if (segment === '..') parts.pop();
      else if (segment && segment !== '.') parts.push(segment);
    }
    const route = parts.join('/');
    if (!this.pages.includes(route)) throw new Error(`page "${route}" is not found`);
    const query: Record<string, string> = {};
    for (const pair of search.split('&').filter(Boolean)) {
      const [key = '', value = ''] = pair.split('=');
      query[key] = value; // WeChat hands the query over as written, without decoding.
    }
    return { route, query };
  }

  private instantiate(route: string, config: Record<string, unknown>, query: Record<string, string>): PageInstance {
    const { realmJSON, scheduler, rendered } = this.deps;
    const page = {} as PageInstance;
    for (const [key, value] of Object.entries(config)) {
      page[key] = key === 'data' ? realmJSON.parse(JSON.stringify(value ?? {})) : value;
    }
    page.data ??= realmJSON.parse('{}') as Record<string, unknown>;
    const webviewId = ++this.webviewId;
    Object.assign(page, {
      route,
      __route__: route,
      is: route,
      options: query,
      __wxWebviewId__: webviewId,
      __wxExparserNodeId__: `page-${webviewId}`,
      getPageId: () => `pageId:${webviewId}`,
      selectComponent: () => null,
      selectAllComponents: () => [],
      setData(patch: Record<string, unknown>, callback?: () => void) {
        // Measured before applying, as WeChat serialises the payload to send it to the view thread.
        const bytes = Buffer.byteLength(JSON.stringify(patch) ?? '');
        applySetData(page.data, patch, realmJSON);
        rendered(page, bytes);
        if (typeof callback === 'function') setTimeout(() => scheduler.deliver(() => callback.call(page)), 0);
      },
    });
    return page;
  }
}
