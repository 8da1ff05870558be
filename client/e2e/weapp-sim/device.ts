import { randomBytes } from 'node:crypto';
import type { AsyncOptions } from './callbacks';
import { Listeners, fail, ok, settle } from './callbacks';
import type { Scheduler } from './scheduler';

/** A mid-range iPhone running WeChat 8 in Chinese, base library 3.5. */
const WINDOW = {
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 844,
  statusBarHeight: 47,
  screenTop: 0,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
};
const DEVICE = { brand: 'iPhone', model: 'iPhone 13', system: 'iOS 17.0', platform: 'ios', benchmarkLevel: 1 };
const APP_BASE = {
  SDKVersion: '3.5.8',
  version: '8.0.50',
  language: 'zh_CN',
  theme: 'light',
  fontSizeSetting: 16,
  enableDebug: false,
  host: { env: 'WeChat' },
};
const MENU_BUTTON = { width: 87, height: 32, top: 51, right: 368, bottom: 83, left: 281 };

/** Where and how WeChat opened the app (`wx.getLaunchOptionsSync`). */
export interface LaunchInfo {
  path: string;
  query: Record<string, string>;
  /** 1001: the app list; 1007: a share card in a single chat. */
  scene: number;
}

export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';

/** What the UI APIs were asked to show, for assertions (`showToast`, `showModal`, ...). */
export interface UiCall {
  api: string;
  options: Record<string, unknown>;
}

/**
 * Device, network and UI APIs: system information, `wx.login`, toasts and modals (recorded, never shown),
 * `wx.getNetworkType` / `wx.onNetworkStatusChange` driven by the test, `wx.getUserCryptoManager` (Node's crypto
 * source), `wx.nextTick`, a minimal `wx.createSelectorQuery`, and `wx.canIUse` answering true as a current base
 * library does.
 */
export class Device {
  readonly ui: UiCall[] = [];
  networkType: NetworkType = 'wifi';
  private readonly networkListeners = new Listeners<{ isConnected: boolean; networkType: NetworkType }>();
  private readonly keyboardListeners = new Listeners<{ height: number; duration: number }>();
  private loginCount = 0;
  /** What `wx.setClipboardData` last copied. */
  clipboard: string | undefined;
  /** What the camera sees at the next `wx.scanCode`, in order; with none left, the user closes the scanner. */
  readonly scans: string[] = [];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly launch: LaunchInfo,
  ) {}

  get online(): boolean {
    return this.networkType !== 'none';
  }

  /** The on-screen keyboard opens (height > 0) or closes (0): `wx.onKeyboardHeightChange` listeners hear it. */
  setKeyboardHeight(height: number): void {
    this.keyboardListeners.emit(this.scheduler, { height, duration: 0.25 });
  }

  setNetwork(networkType: NetworkType): void {
    if (networkType === this.networkType) return;
    this.networkType = networkType;
    this.networkListeners.emit(this.scheduler, { isConnected: this.online, networkType });
  }

  apis() {
    const record =
      (api: string) =>
      (options: AsyncOptions & Record<string, unknown> = {}) => {
        this.ui.push({ api, options: { ...options } });
        settle(this.scheduler, options, ok(api, api === 'showModal' ? { confirm: true, cancel: false } : {}));
      };
    const launchOptions = () => ({
      path: this.launch.path,
      query: { ...this.launch.query },
      scene: this.launch.scene,
      referrerInfo: {},
      apiCategory: 'default',
    });
    return {
      getSystemInfoSync: () => ({ ...WINDOW, ...DEVICE, ...APP_BASE }),
      getSystemInfo: (options: AsyncOptions) =>
        settle(this.scheduler, options, ok('getSystemInfo', { ...WINDOW, ...DEVICE, ...APP_BASE })),
      getWindowInfo: () => ({ ...WINDOW }),
      getDeviceInfo: () => ({ ...DEVICE, abi: 'arm64', deviceAbi: 'arm64', cpuType: 'apple' }),
      getAppBaseInfo: () => ({ ...APP_BASE }),
      getSystemSetting: () => ({
        bluetoothEnabled: false,
        locationEnabled: false,
        wifiEnabled: true,
        deviceOrientation: 'portrait',
      }),
      getAppAuthorizeSetting: () => ({ albumAuthorized: 'not determined', notificationAuthorized: 'authorized' }),
      getMenuButtonBoundingClientRect: () => ({ ...MENU_BUTTON }),
      getLaunchOptionsSync: launchOptions,
      getEnterOptionsSync: launchOptions,
      getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
      canIUse: () => true,
      login: (options: AsyncOptions) =>
        settle(this.scheduler, options, ok('login', { code: `sim-code-${++this.loginCount}` })),
      scanCode: (options: AsyncOptions & Record<string, unknown>) => {
        this.ui.push({ api: 'scanCode', options: { ...options } });
        const result = this.scans.shift();
        settle(
          this.scheduler,
          options,
          result === undefined
            ? fail('scanCode', 'cancel')
            : ok('scanCode', { result, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '' }),
        );
      },
      getUserCryptoManager: () => ({
        getRandomValues: (options: AsyncOptions & { length: number }) => {
          const bytes = randomBytes(options.length);
          const randomValues = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
          settle(this.scheduler, options, ok('getRandomValues', { randomValues }));
        },
      }),
      getNetworkType: (options: AsyncOptions) =>
        settle(this.scheduler, options, ok('getNetworkType', { networkType: this.networkType, signalStrength: 0 })),
      onNetworkStatusChange: this.networkListeners.on,
      onKeyboardHeightChange: this.keyboardListeners.on,
      offKeyboardHeightChange: this.keyboardListeners.off,
      offNetworkStatusChange: this.networkListeners.off,
      nextTick: (fn: () => void) => setTimeout(() => this.scheduler.deliver(fn), 0),
      setClipboardData: (options: AsyncOptions & { data?: unknown }) => {
        this.ui.push({ api: 'setClipboardData', options: { ...options } });
        this.clipboard = String(options.data ?? '');
        settle(this.scheduler, options, ok('setClipboardData'));
      },
      showToast: record('showToast'),
      hideToast: record('hideToast'),
      showLoading: record('showLoading'),
      hideLoading: record('hideLoading'),
      showModal: record('showModal'),
      setNavigationBarTitle: record('setNavigationBarTitle'),
      stopPullDownRefresh: record('stopPullDownRefresh'),
      pageScrollTo: record('pageScrollTo'),
      vibrateShort: record('vibrateShort'),
      createSelectorQuery: () => selectorQuery(this.scheduler),
    };
  }
}

/** Enough of SelectorQuery for layout probes: every node measures 0x0 at the origin. */
function selectorQuery(scheduler: Scheduler) {
  const results: unknown[] = [];
  const callbacks: ((value: unknown) => void)[] = [];
  const nodesRef = (all: boolean) => {
    const field = (value: unknown) => (callback?: (value: unknown) => void) => {
      results.push(all ? [] : value);
      callbacks.push(callback ?? (() => undefined));
      return query;
    };
    const rect = { id: '', dataset: {}, left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 };
    return {
      boundingClientRect: field(rect),
      scrollOffset: field({ id: '', dataset: {}, scrollLeft: 0, scrollTop: 0, scrollWidth: 0, scrollHeight: 0 }),
      fields: (_fields: object, callback?: (value: unknown) => void) => field(rect)(callback),
      node: field(null),
      context: field(null),
    };
  };
  const query = {
    in: () => query,
    select: () => nodesRef(false),
    selectAll: () => nodesRef(true),
    selectViewport: () => nodesRef(false),
    exec: (callback?: (results: unknown[]) => void) => {
      setTimeout(() => {
        scheduler.deliver(() => {
          results.forEach((value, i) => callbacks[i]?.(value));
          callback?.(results);
        });
      }, 0);
    },
  };
  return query;
}
