import type { SocketOptions } from 'engine.io-client';
import { describeError } from './frames';
import type { ConnectSocket, ConnectSocketOptions, SocketTask } from './types';

/** What every connectSocket call of a transport gets besides its url and callbacks. */
export type TaskDefaults = Omit<ConnectSocketOptions, 'url' | 'success' | 'fail' | 'complete'>;

/** socket.io's own options for one connection, which take precedence over the transport's defaults. */
export type ConnectionOptions = Pick<SocketOptions, 'extraHeaders' | 'protocols'>;

/** The connectSocket options for `url`: the defaults that are set, with socket.io's headers and protocols merged. */
export function buildTaskOptions(url: string, defaults: TaskDefaults, opts: ConnectionOptions): ConnectSocketOptions {
  const { header, protocols, ...rest } = defaults;
  const options: ConnectSocketOptions = { url };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  const mergedHeader = { ...header, ...opts.extraHeaders };
  if (Object.keys(mergedHeader).length > 0) options.header = mergedHeader;
  const mergedProtocols = opts.protocols === undefined ? protocols : [opts.protocols].flat();
  if (mergedProtocols && mergedProtocols.length > 0) options.protocols = mergedProtocols;
  return options;
}

export interface OpenHandlers {
  /** A SocketTask, set to deliver ArrayBuffers. */
  onTask(task: SocketTask): void;
  /** connectSocket failed, threw, rejected, or gave something that is not a SocketTask; may come more than once. */
  onFail(errMsg: string): void;
}

/**
 * Builds the options and calls connectSocket, which may return a SocketTask or a promise of one, and reports the
 * outcome. Options that cannot be built (a query value encodeURIComponent refuses) fail like connectSocket.
 */
export function openSocketTask(
  connectSocket: ConnectSocket,
  buildOptions: () => ConnectSocketOptions,
  handlers: OpenHandlers,
): void {
  const { onTask, onFail } = handlers;
  const adopt = (task: unknown): void => {
    if (!isSocketTask(task)) return onFail(`connectSocket returned ${String(task)}, not a SocketTask`);
    // Taro's H5 SocketTask wraps a browser WebSocket that delivers Blobs unless told otherwise.
    if (task.ws && typeof task.ws.binaryType === 'string') task.ws.binaryType = 'arraybuffer';
    onTask(task);
  };
  try {
    // Called as a plain function, as apps call wx.connectSocket, never as a method of some options object.
    const result = connectSocket({
      ...buildOptions(),
      fail: (result) => onFail(result?.errMsg ?? 'connectSocket:fail'),
    });
    if (isPromiseLike(result)) {
      result.then(adopt, (error: unknown) => onFail(describeError(error)));
    } else {
      adopt(result);
    }
  } catch (error) {
    onFail(describeError(error));
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function isSocketTask(value: unknown): value is SocketTask {
  const task = value as Partial<SocketTask> | undefined;
  return typeof task?.send === 'function' && typeof task.onOpen === 'function' && typeof task.close === 'function';
}
