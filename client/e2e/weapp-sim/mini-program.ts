import { Device } from './device';
import type { LaunchInfo, NetworkType } from './device';
import { Gestures } from './gestures';
import { createModuleSystem } from './loader';
import type { ModuleSystem } from './loader';
import { codeInjectedAtLaunch, readAppJson } from './package-files';
import { PageHost } from './pages';
import { ProfileMedia } from './profile-media';
import type { PageInstance } from './pages';
import { RequestHub } from './request';
import { Scheduler } from './scheduler';
import { SocketHub } from './sockets';
import { createStorageApis } from './storage';
import type { StorageBackend } from './storage';
import { Templates } from './templates';
import { pageView } from './view';
import type { ViewNode } from './view';
import { AppEvents, createWx } from './wx';
import { captureErrors } from './errors';
import { createConsole, watchRendering } from './host';
import type { Hosts } from './routing';

export interface LaunchOptions {
  /** The built package, e.g. client/dist/weapp. */
  root: string;
  /** Storage that survives relaunches; a fresh one by default. */
  storage?: StorageBackend;
  /** After `hide()`: when WeChat closes the app's sockets (and fails its requests), and when it suspends its JS. */
  background?: { closeSocketsAfterMs?: number; suspendAfterMs?: number };
  /** Host mapping for the simulated network (see routing.ts). */
  hosts?: Hosts;
  /** Print the app's console output as it happens (it is always kept in `consoleLines`). */
  verbose?: boolean;
  /**
   * Where WeChat opens the app, as a tapped share card does: a page and its query such as
   * `/pages/chat/index?roomId=..&invite=..` (the path an `onShareAppMessage` returned). App.json's first page
   * by default.
   */
  launchUrl?: string;
}

/**
 * A launched mini program: the unmodified weapp bundle running in a JS context that has only WeChat's globals,
 * with its `wx` APIs backed by real sockets, HTTP and in-memory storage, its pages on a page stack, and a user
 * who taps and types through Taro's own event handler. See e2e/README.md for what is and is not simulated.
 */
export class MiniProgram {
  readonly scheduler = new Scheduler();
  readonly unknownWx = new Set<string>();
  readonly consoleLines: string[] = [];
  readonly storage: StorageBackend;
  readonly templates: Templates;
  readonly sockets: SocketHub;
  readonly requests: RequestHub;
  readonly device: Device;
  readonly pages: PageHost;
  readonly gestures: Gestures;
  /** WeChat's privacy gate and the avatar a user picks (profile-media.ts). */
  readonly profileMedia: ProfileMedia;
  readonly appEvents = new AppEvents();
  private readonly modules: ModuleSystem;
  private readonly components = new Map<string, unknown>();
  private readonly backgroundTimers: NodeJS.Timeout[] = [];
  private readonly renderWatch = watchRendering();
  private readonly launchedAt = Date.now();
  private app: Record<string, unknown> | undefined;
  private disposeHooks: (() => void)[] = [];
  hidden = false;
  /** Size in UTF-8 bytes of every setData payload since launch (or the last `resetSetDataSizes`), in order. */
  setDataSizes: number[] = [];

  private constructor(private readonly options: LaunchOptions) {
    const appJson = readAppJson(options.root);
    const { entry } = appJson;
    this.storage = options.storage ?? new Map();
    this.templates = Templates.load(options.root);
    this.modules = createModuleSystem(options.root, {
      ...this.scheduler.globals(),
      console: createConsole(this.consoleLines, options.verbose ?? false),
      App: (config: Record<string, unknown>) => this.registerApp(config),
      Page: (config: Record<string, unknown>) => this.pages.register(this.executingRoute('Page'), config),
      Component: (config: unknown) => this.components.set(this.executingRoute('Component'), config),
      getApp: () => this.app,
      getCurrentPages: () => [...this.pages.stack],
    });
    const { realm } = this.modules;
    const launch = launchInfo(options.launchUrl, entry);
    this.device = new Device(this.scheduler, launch);
    this.sockets = new SocketHub(this.scheduler, realm, () => this.device.online, options.hosts ?? {});
    this.requests = new RequestHub(this.scheduler, realm, () => this.device.online, options.hosts ?? {});
    this.pages = new PageHost(appJson.pages, {
      scheduler: this.scheduler,
      realmJSON: realm.JSON,
      loadPage: (route) => this.modules.require(`${route}.js`),
      rendered: (page, bytes) => {
        this.setDataSizes.push(bytes);
        this.rendered(page);
      },
    });
    this.gestures = new Gestures({
      scheduler: this.scheduler,
      page: () => this.page,
      timeStamp: () => Date.now() - this.launchedAt,
      current: (node) => this.nodeBySid(node.raw.sid),
      openType: (openType, button, answer) => this.buttonOpenType(openType, button, answer),
    });
    this.profileMedia = new ProfileMedia(this.scheduler, realm);
    this.modules.context.wx = createWx(
      {
        ...createStorageApis(this.storage, this.scheduler, realm.JSON),
        ...this.sockets.apis(),
        request: this.requests.request,
        ...this.device.apis(),
        ...this.pages.apis(),
        ...this.appEvents.apis(),
        ...this.profileMedia.apis(),
      },
      this.unknownWx,
    );
    this.boot(codeInjectedAtLaunch(options.root, appJson), launch);
  }

  static launch(options: LaunchOptions): MiniProgram {
    return new MiniProgram(options);
  }

  /** What `getApp()` returns inside the mini program. */
  get appInstance(): Record<string, unknown> | undefined {
    return this.app;
  }

  /** The page on top of the stack. */
  get page(): PageInstance {
    const page = this.pages.current;
    if (!page) throw new Error('no page is open');
    return page;
  }

  /** What the top page renders now. */
  view(): ViewNode {
    return pageView(this.page.data, this.templates);
  }

  tap(node: ViewNode): void {
    this.gestures.tap(node);
  }

  type(node: ViewNode, text: string): Promise<void> {
    return this.gestures.type(node, text);
  }

  /** What WeChat does for a tapped button's `open-type` that the app listens to; others do nothing here. */
  private buttonOpenType(openType: string, button: ViewNode, answer: (type: string, detail: object) => void): void {
    if (openType === 'agreePrivacyAuthorization') {
      this.profileMedia.agreeButtonTapped(button.id);
      answer('agreeprivacyauthorization', {});
    } else if (openType === 'chooseAvatar') {
      this.profileMedia.chooseAvatar((outcome) => {
        if ('path' in outcome) answer('chooseavatar', { avatarUrl: outcome.path });
        else this.consoleLines.push(`[wx] ${outcome.refused}`);
      });
    }
  }

  confirm(node: ViewNode): void {
    this.gestures.confirm(node);
  }

  /** A scroll-view event as WeChat's view thread sends it: `scroll` (with scrollTop...), `scrolltoupper`, `scrolltolower`. */
  scrollEvent(node: ViewNode, type: 'scroll' | 'scrolltoupper' | 'scrolltolower', detail: object = {}): void {
    this.gestures.scrollEvent(node, type, detail);
  }

  /** The keyboard opens to `height` px (or closes with 0). */
  setKeyboardHeight(height: number): void {
    this.device.setKeyboardHeight(height);
  }

  resetSetDataSizes(): void {
    this.setDataSizes = [];
  }

  /** Polls `probe` against the app after every render and every 25 ms until it returns a truthy value. */
  async waitFor<T>(
    probe: () => T | undefined | null | false,
    what: string | (() => string),
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let value: T | undefined | null | false;
      try {
        value = this.pages.current ? probe() : undefined;
      } catch {
        value = undefined;
      }
      if (value) return value;
      if (Date.now() > deadline) {
        const subject = typeof what === 'function' ? what() : what;
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${subject}\n${this.describe()}`);
      }
      await this.renderWatch.next(25);
    }
  }

  /** The app goes to the background: page onHide, App.onHide, wx.onAppHide; later sockets close, JS freezes. */
  hide(): void {
    if (this.hidden) return;
    this.hidden = true;
    this.pages.callCurrent('onHide');
    this.callApp('onHide');
    this.appEvents.hide.emit(this.scheduler, { reason: 0 });
    const { closeSocketsAfterMs = 5_000, suspendAfterMs = 5_000 } = this.options.background ?? {};
    this.backgroundTimers.push(
      setTimeout(() => {
        this.sockets.closeAllSilently();
        this.requests.interruptAll();
      }, closeSocketsAfterMs),
      setTimeout(() => this.scheduler.suspend(), suspendAfterMs),
    );
  }

  /** Back to the foreground: JS resumes, App.onShow, wx.onAppShow, page onShow. */
  show(): void {
    if (!this.hidden) return;
    for (const timer of this.backgroundTimers.splice(0)) clearTimeout(timer);
    this.scheduler.resume();
    this.hidden = false;
    const options = { path: this.page.route, query: {}, scene: 1001, referrerInfo: {} };
    this.callApp('onShow', options);
    this.appEvents.show.emit(this.scheduler, options);
    this.pages.callCurrent('onShow');
  }

  /** Changes the network; 'none' drops every open socket first, as losing the link does. */
  setNetwork(type: NetworkType): void {
    if (type === 'none') this.sockets.dropAll();
    this.device.setNetwork(type);
  }

  /** Errors thrown by app code so far, plus wx names it reached for that the simulation lacks. */
  problems(): string[] {
    return [
      ...this.scheduler.errors.map((error) => `uncaught: ${(error as Error)?.stack ?? String(error)}`),
      ...[...this.unknownWx].map((name) => `wx.${name} is not simulated (the app or Taro read it)`),
    ];
  }

  /** Current page, its rendered tree and the app's last console lines, for failure messages. */
  describe(): string {
    const page = this.pages.current;
    const tree = page ? pageView(page.data, this.templates).dump() : '(no page)';
    return [`page: ${page?.route ?? '-'}`, tree, 'console (last 30):', ...this.consoleLines.slice(-30)].join('\n');
  }

  dispose(): void {
    for (const timer of this.backgroundTimers.splice(0)) clearTimeout(timer);
    this.scheduler.dispose();
    this.sockets.closeAllSilently();
    this.requests.interruptAll();
    for (const hook of this.disposeHooks.splice(0)) hook();
    this.renderWatch.dispose();
  }

  private boot(injected: string[], { path, query, scene }: LaunchInfo): void {
    this.disposeHooks.push(
      captureErrors({
        scheduler: this.scheduler,
        appEvents: this.appEvents,
        consoleLines: this.consoleLines,
        app: () => this.app,
        realmPromise: this.modules.realm.Promise,
      }),
    );
    this.modules.require('app.js');
    if (!this.app) throw new Error('app.js did not call App()');
    for (const file of injected) this.modules.require(file);
    const launch = { path, query: { ...query }, scene, referrerInfo: {} };
    this.callApp('onLaunch', launch);
    this.callApp('onShow', launch);
    this.appEvents.show.emit(this.scheduler, launch);
    const search = Object.entries(query).map(([key, value]) => `${key}=${value}`);
    this.pages.launch(`/${path}${search.length ? `?${search.join('&')}` : ''}`);
  }

  private registerApp(config: Record<string, unknown>): void {
    if (this.app) throw new Error('App() called twice');
    this.app = config;
  }

  private callApp(lifecycle: string, ...args: unknown[]): void {
    const fn = this.app?.[lifecycle];
    if (typeof fn === 'function') this.scheduler.run(() => fn.apply(this.app, args));
  }

  private executingRoute(api: string): string {
    const file = this.modules.currentFile;
    if (!file) throw new Error(`${api}() called outside of a package file`);
    return file.replace(/\.js$/, '');
  }

  private rendered(page: PageInstance): void {
    const customWrapper = pageView(page.data, this.templates).find((node) => node.tag === 'custom-wrapper');
    if (customWrapper) throw new Error('the page renders a custom-wrapper: instantiate it in weapp-sim before testing');
    this.renderWatch.notify();
  }

  private nodeBySid(sid: string): ViewNode {
    const node = this.view().find((candidate) => candidate.raw.sid === sid);
    if (!node) throw new Error(`element ${sid} is no longer rendered`);
    return node;
  }
}

/** The launch of a tapped share card (scene 1007) for `url`, or of the app list (1001) at the first page. */
function launchInfo(url: string | undefined, entry: string): LaunchInfo {
  if (url === undefined) return { path: entry, query: {}, scene: 1001 };
  const [path = '', search = ''] = url.replace(/^\//, '').split('?');
  const query: Record<string, string> = {};
  for (const pair of search.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    query[key] = value; // As written: WeChat does not decode the query it hands over.
  }
  return { path, query, scene: 1007 };
}
