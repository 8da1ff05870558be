/**
 * A small stand-in for `@tarojs/taro` with the APIs src/platform uses: in-memory storage, network and app
 * lifecycle events tests can fire, system language, and `request` over node's fetch (for the real server).
 */

import WebSocket from 'ws';

type Listener<T> = (value: T) => void;

interface NetworkResult {
  isConnected: boolean;
  networkType: string;
}

// Held on globalThis so an "app restart" (jest.resetModules and a fresh import) still finds what was stored.
const globalState = globalThis as { __taroStubStorage?: Map<string, unknown> };
const storage = (globalState.__taroStubStorage ??= new Map<string, unknown>());
const networkListeners = new Set<Listener<NetworkResult>>();
const showListeners = new Set<Listener<unknown>>();
const hideListeners = new Set<Listener<unknown>>();
const socketCloseListeners = new Set<Listener<unknown>>();
const state = { networkType: 'wifi', language: 'zh_CN', loginCodes: 0, loginFails: false };

interface RequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
}

const Taro = {
  getStorageSync(key: string): unknown {
    return storage.has(key) ? storage.get(key) : '';
  },
  setStorageSync(key: string, value: unknown): void {
    storage.set(key, value);
  },
  removeStorageSync(key: string): void {
    storage.delete(key);
  },
  getStorageInfoSync() {
    return { keys: [...storage.keys()], currentSize: 0, limitSize: 10240 };
  },
  async getNetworkType() {
    return { networkType: state.networkType, errMsg: 'getNetworkType:ok' };
  },
  onNetworkStatusChange(listener: Listener<NetworkResult>) {
    networkListeners.add(listener);
  },
  offNetworkStatusChange(listener: Listener<NetworkResult>) {
    networkListeners.delete(listener);
  },
  onAppShow(listener: Listener<unknown>) {
    showListeners.add(listener);
  },
  offAppShow(listener: Listener<unknown>) {
    showListeners.delete(listener);
  },
  onAppHide(listener: Listener<unknown>) {
    hideListeners.add(listener);
  },
  offAppHide(listener: Listener<unknown>) {
    hideListeners.delete(listener);
  },
  onSocketClose(listener: Listener<unknown>) {
    socketCloseListeners.add(listener);
  },
  getAppBaseInfo() {
    return { language: state.language };
  },
  getSystemInfoSync() {
    return { language: state.language };
  },
  async request({ url, method = 'GET', data, header = {} }: RequestOptions) {
    const response = await fetch(url, {
      method,
      headers: header,
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: Taro hands the text through.
    }
    return { statusCode: response.status, data: body, header: {}, errMsg: 'request:ok' };
  },
  /** Like WeChat's: resolves to a SocketTask; here backed by the `ws` package. */
  async connectSocket({ url }: { url: string }) {
    return createSocketTask(url);
  },
  getUserCryptoManager() {
    return {
      getRandomValues({
        length,
        success,
      }: {
        length: number;
        success: (result: { randomValues: ArrayBuffer }) => void;
      }) {
        const bytes = new Uint8Array(length);
        globalThis.crypto.getRandomValues(bytes);
        setTimeout(() => success({ randomValues: bytes.buffer }), 0);
      },
    };
  },
  /** Like wx.login: a fresh code each call (`stub-code-<n>`), or a failure when the test says so. */
  async login() {
    if (state.loginFails) throw { errMsg: 'login:fail network error' };
    state.loginCodes += 1;
    return { code: `stub-code-${state.loginCodes}`, errMsg: 'login:ok' };
  },
  async setNavigationBarTitle() {
    return { errMsg: 'setNavigationBarTitle:ok' };
  },
};

export default Taro;

/** A mini program SocketTask over `ws`: the callback-style API the mp transport drives. */
function createSocketTask(url: string) {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  let opened = false;
  return {
    send({ data, fail }: { data: string | ArrayBuffer; fail?: (result: { errMsg: string }) => void }) {
      ws.send(data, (error) => {
        if (error) fail?.({ errMsg: `sendSocketMessage:fail ${error.message}` });
      });
    },
    close({ code, reason }: { code?: number; reason?: string } = {}) {
      ws.close(code ?? 1000, reason);
    },
    onOpen(listener: (result: unknown) => void) {
      ws.on('open', () => {
        opened = true;
        listener({});
      });
    },
    onMessage(listener: (message: { data: string | ArrayBuffer }) => void) {
      ws.on('message', (data: Buffer | ArrayBuffer, isBinary: boolean) => {
        listener({ data: isBinary ? (data as ArrayBuffer) : data.toString() });
      });
    },
    onError(listener: (result: { errMsg: string }) => void) {
      ws.on('error', (error: Error) => listener({ errMsg: error.message }));
    },
    onClose(listener: (event: { code: number; reason: string }) => void) {
      ws.on('close', (code: number, reason: Buffer) => listener({ code, reason: reason.toString() }));
    },
    get readyState() {
      return opened ? ws.readyState : 0;
    },
  };
}

export function useDidShow(): void {}
export function useDidHide(): void {}

/** Test controls of the stand-in. */
export const taroStub = {
  storage,
  setNetwork(isConnected: boolean, networkType = isConnected ? 'wifi' : 'none') {
    state.networkType = networkType;
    for (const listener of [...networkListeners]) listener({ isConnected, networkType });
  },
  showApp() {
    for (const listener of [...showListeners]) listener({});
  },
  hideApp() {
    for (const listener of [...hideListeners]) listener({});
  },
  closeSystemSocket() {
    for (const listener of [...socketCloseListeners]) listener({ code: 1006 });
  },
  setLanguage(language: string) {
    state.language = language;
  },
  failLogin(fails: boolean) {
    state.loginFails = fails;
  },
  listenerCounts() {
    return { network: networkListeners.size, show: showListeners.size, hide: hideListeners.size };
  },
  reset() {
    storage.clear();
    networkListeners.clear();
    showListeners.clear();
    hideListeners.clear();
    socketCloseListeners.clear();
    state.networkType = 'wifi';
    state.language = 'zh_CN';
    state.loginFails = false;
  },
};
