/**
 * Type-level checks, run by `pnpm typecheck`: the platform functions this package is documented to take are
 * assignable to its ConnectSocket type. The declarations below copy the shapes of @tarojs/taro 4.2 and
 * miniprogram-api-typings, which this package deliberately does not depend on.
 */
import { createMiniProgramTransport } from '../../src';
import type { ConnectSocket } from '../../src';

interface CallbackResult {
  errMsg: string;
}

interface Callbacks {
  complete?: (res: CallbackResult) => void;
  fail?: (res: CallbackResult) => void;
  success?: (res: CallbackResult) => void;
}

/** Taro.SocketTask and WechatMiniprogram.SocketTask, as declared upstream. */
interface PlatformSocketTask {
  close(option: Callbacks & { code?: number; reason?: string }): void;
  onClose(callback: (result: { code: number; reason: string }) => void): void;
  onError(callback: (result: CallbackResult) => void): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Taro's own default
  onMessage<T = any>(callback: (result: { data: T }) => void): void;
  onOpen(callback: (result: { header: Record<string, unknown> }) => void): void;
  send(option: Callbacks & { data: string | ArrayBuffer }): void;
}

interface TaroSocketTask extends PlatformSocketTask {
  readonly socketTaskId: number;
  readonly readyState: number;
  readonly ws: { binaryType: 'blob' | 'arraybuffer' };
}

interface TaroConnectSocketOption extends Callbacks {
  url: string;
  header?: Record<string, unknown>;
  protocols?: string[];
  tcpNoDelay?: boolean;
}

interface WxConnectSocketOption extends TaroConnectSocketOption {
  perMessageDeflate?: boolean;
  timeout?: number;
  forceCellularNetwork?: boolean;
}

declare const Taro: { connectSocket(option: TaroConnectSocketOption): Promise<TaroSocketTask> };
declare const wx: { connectSocket(option: WxConnectSocketOption): PlatformSocketTask };

export const fromTaro: ConnectSocket = Taro.connectSocket;
export const fromWx: ConnectSocket = wx.connectSocket;
export const transport = createMiniProgramTransport({ connectSocket: wx.connectSocket, perMessageDeflate: false });

// @ts-expect-error a function that returns no SocketTask is not a connectSocket
export const notConnectSocket: ConnectSocket = (option: { url: string }) => option.url;

// @ts-expect-error header values are strings
createMiniProgramTransport({ connectSocket: wx.connectSocket, header: { retries: 3 } });
