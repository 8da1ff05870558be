/**
 * The small part of the mini program socket API this package relies on. `wx.connectSocket`, `Taro.connectSocket`
 * and their SocketTasks satisfy these shapes, so neither @tarojs/taro nor miniprogram-api-typings is needed.
 */

/** What mini program API callbacks receive, e.g. `{ errMsg: 'connectSocket:fail exceed max concurrent count' }`. */
export interface MiniProgramCallbackResult {
  errMsg: string;
}

export interface MiniProgramCallbacks {
  success?: (result: MiniProgramCallbackResult) => void;
  fail?: (result: MiniProgramCallbackResult) => void;
  complete?: (result: MiniProgramCallbackResult) => void;
}

/** The options of `wx.connectSocket`. */
export interface ConnectSocketOptions extends MiniProgramCallbacks {
  /** `wss://` on real devices; the domain must be on the mini program's socket whitelist. */
  url: string;
  /** Extra handshake headers. WeChat refuses `Referer`. */
  header?: Record<string, string>;
  protocols?: string[];
  tcpNoDelay?: boolean;
  perMessageDeflate?: boolean;
  /** Connection timeout in milliseconds. */
  timeout?: number;
  forceCellularNetwork?: boolean;
}

export interface SocketTaskSendOptions extends MiniProgramCallbacks {
  data: string | ArrayBuffer;
}

export interface SocketTaskCloseOptions extends MiniProgramCallbacks {
  /** 1000, or 3000-4999. */
  code?: number;
  /** At most 123 bytes of UTF-8. */
  reason?: string;
}

export interface SocketTaskMessage {
  data: string | ArrayBuffer;
}

export interface SocketTaskCloseEvent {
  code: number;
  reason: string;
}

/** A mini program SocketTask, as returned by `wx.connectSocket` (or resolved by `Taro.connectSocket`). */
export interface SocketTask {
  send(options: SocketTaskSendOptions): void;
  close(options: SocketTaskCloseOptions): void;
  onOpen(listener: (result: unknown) => void): void;
  onMessage(listener: (message: SocketTaskMessage) => void): void;
  /** WeChat passes `{ errMsg }`; Taro's H5 task passes the browser's error Event. */
  onError(listener: (result: Partial<MiniProgramCallbackResult> | undefined) => void): void;
  onClose(listener: (event: SocketTaskCloseEvent) => void): void;
  /** Only on Taro's H5 SocketTask: the browser WebSocket it wraps. */
  readonly ws?: { binaryType: string };
}

/** `wx.connectSocket`, `Taro.connectSocket`, or anything that returns a SocketTask or a promise of one. */
export type ConnectSocket = (options: ConnectSocketOptions) => SocketTask | PromiseLike<SocketTask>;
