import WebSocket from 'ws';
import type {
  ConnectSocketOptions,
  MiniProgramCallbackResult,
  MiniProgramCallbacks,
  SocketTask,
  SocketTaskCloseEvent,
  SocketTaskCloseOptions,
  SocketTaskMessage,
  SocketTaskSendOptions,
} from '../../src';

/** WeChat's own cap and errMsg, enforced here independently of the package under test. */
export const WECHAT_MAX_CONCURRENT = 5;
export const WECHAT_EXCEED_ERR_MSG = 'connectSocket:fail exceed max concurrent count';

type Listeners = {
  open: ((result: { header: Record<string, string> }) => void)[];
  message: ((message: SocketTaskMessage) => void)[];
  error: ((result: MiniProgramCallbackResult) => void)[];
  close: ((event: SocketTaskCloseEvent) => void)[];
};

function later(callback: () => void): void {
  setImmediate(callback);
}

function settle(callbacks: MiniProgramCallbacks, ok: boolean, errMsg: string): void {
  later(() => {
    if (ok) callbacks.success?.({ errMsg });
    else callbacks.fail?.({ errMsg });
    callbacks.complete?.({ errMsg });
  });
}

/** A copy of the bytes as an ArrayBuffer of this realm, like WeChat hands binary messages over. */
function toArrayBuffer(data: Buffer): ArrayBuffer {
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  return bytes.buffer;
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** A SocketTask backed by a `ws` client, with WeChat's callback shapes and failure messages. */
export class FakeSocketTask implements SocketTask {
  /** Set on Taro H5 style tasks: a stand-in for the browser WebSocket, whose binaryType starts as 'blob'. */
  readonly ws?: { binaryType: string };
  /** When true, no listener is called any more: WeChat's "onClose never fires after a background close". */
  muted = false;
  closeRequested = false;
  closedEvent: SocketTaskCloseEvent | undefined;
  readonly sentFrames: (string | ArrayBuffer)[] = [];
  private readonly listeners: Listeners = { open: [], message: [], error: [], close: [] };

  constructor(
    readonly options: ConnectSocketOptions,
    private readonly socket: WebSocket,
    h5: boolean,
    private readonly closeLatencyMs: number,
  ) {
    if (h5) this.ws = { binaryType: 'blob' };
    socket.on('open', () => this.emit('open', { header: {} }));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const payload = isBinary ? this.binaryPayload(data) : data.toString('utf8');
      this.emit('message', { data: payload as ArrayBuffer });
    });
    socket.on('error', (error) => this.emit('error', { errMsg: `connectSocket:fail ${error.message}` }));
    socket.on('close', (code, reason) => {
      this.closedEvent = { code, reason: reason.toString() };
      this.emit('close', this.closedEvent);
    });
  }

  /** Still holding one of WeChat's places: not yet fully closed. */
  get isLive(): boolean {
    return this.socket.readyState !== WebSocket.CLOSED;
  }

  onOpen(listener: Listeners['open'][number]): void {
    this.listeners.open.push(listener);
  }

  onMessage(listener: Listeners['message'][number]): void {
    this.listeners.message.push(listener);
  }

  onError(listener: Listeners['error'][number]): void {
    this.listeners.error.push(listener);
  }

  onClose(listener: Listeners['close'][number]): void {
    this.listeners.close.push(listener);
  }

  send(options: SocketTaskSendOptions): void {
    const { data } = options;
    if (this.socket.readyState !== WebSocket.OPEN) {
      return settle(options, false, 'sendSocketMessage:fail WebSocket is not connected');
    }
    if (typeof data !== 'string' && !isArrayBuffer(data)) {
      return settle(options, false, 'sendSocketMessage:fail parameter error: data should be String or ArrayBuffer');
    }
    this.sentFrames.push(data);
    this.socket.send(typeof data === 'string' ? data : Buffer.from(new Uint8Array(data)), (error) => {
      settle(options, !error, error ? `sendSocketMessage:fail ${error.message}` : 'sendSocketMessage:ok');
    });
  }

  close(options: SocketTaskCloseOptions): void {
    if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) {
      return settle(options, false, 'closeSocket:fail WebSocket is not connected');
    }
    this.closeRequested = true;
    settle(options, true, 'closeSocket:ok');
    // The task stays open (and counted) until the close handshake is done, which takes a network round trip.
    setTimeout(() => this.socket.close(options.code ?? 1000, options.reason), this.closeLatencyMs);
  }

  /** The network drops the connection: the task reports it (code 1006). */
  drop(): void {
    this.socket.terminate();
  }

  /** WeChat closes the connection while the app is in the background and tells the task nothing. */
  dieSilently(): void {
    this.muted = true;
    this.socket.terminate();
  }

  private binaryPayload(data: Buffer): ArrayBuffer | Blob {
    const buffer = toArrayBuffer(data);
    return this.ws?.binaryType === 'blob' ? new Blob([buffer]) : buffer;
  }

  private emit<E extends keyof Listeners>(event: E, result: Parameters<Listeners[E][number]>[0]): void {
    if (this.muted) return;
    for (const listener of this.listeners[event]) (listener as (value: typeof result) => void)(result);
  }
}

/** What WeChat returns alongside a refused connectSocket: a task that never opens. */
class RefusedSocketTask implements SocketTask {
  onOpen(): void {}
  onMessage(): void {}
  onError(): void {}
  onClose(): void {}
  send(options: SocketTaskSendOptions): void {
    settle(options, false, 'sendSocketMessage:fail WebSocket is not connected');
  }
  close(options: SocketTaskCloseOptions): void {
    settle(options, false, 'closeSocket:fail WebSocket is not connected');
  }
}

/**
 * A stand-in for `wx.connectSocket` (and `Taro.connectSocket`) over real WebSockets. It enforces WeChat's cap of 5
 * tasks that are not yet fully closed and records what the package under test asked of it.
 */
export class FakeWx {
  readonly calls: ConnectSocketOptions[] = [];
  readonly tasks: FakeSocketTask[] = [];
  /** connectSocket calls refused because 5 tasks were live. */
  rejected = 0;
  /** The most tasks live at once. */
  maxLive = 0;
  /** For each accepted call: how many earlier tasks were still live with no close() asked of them. */
  readonly untouchedAtConnect: number[] = [];

  constructor(private readonly style: { h5?: boolean; closeLatencyMs?: number } = {}) {}

  get liveCount(): number {
    return this.tasks.filter((task) => task.isLive).length;
  }

  /** Like `wx.connectSocket`: returns the task at once, reports failures through `fail`. */
  readonly connectSocket = (options: ConnectSocketOptions): SocketTask => {
    this.calls.push(options);
    if (!/^wss?:\/\//.test(options.url)) throw new Error(`connectSocket:fail invalid url "${options.url}"`);
    if (this.liveCount >= WECHAT_MAX_CONCURRENT) {
      this.rejected += 1;
      settle(options, false, WECHAT_EXCEED_ERR_MSG);
      return new RefusedSocketTask();
    }
    this.untouchedAtConnect.push(this.tasks.filter((task) => task.isLive && !task.closeRequested).length);
    const socket = new WebSocket(options.url, options.protocols ?? [], {
      headers: options.header,
      perMessageDeflate: options.perMessageDeflate ?? false,
      handshakeTimeout: options.timeout,
    });
    const task = new FakeSocketTask(options, socket, this.style.h5 ?? false, this.style.closeLatencyMs ?? 0);
    this.tasks.push(task);
    this.maxLive = Math.max(this.maxLive, this.liveCount);
    settle(options, true, 'connectSocket:ok');
    return task;
  };

  /** Like `Taro.connectSocket`: resolves to the task, rejects (and calls `fail`) when WeChat refuses. */
  readonly connectSocketAsync = (options: ConnectSocketOptions): Promise<SocketTask> =>
    new Promise((resolve, reject) => {
      let refused = false;
      const task = this.connectSocket({
        ...options,
        fail: (result) => {
          refused = true;
          options.fail?.(result);
          reject(result);
        },
      });
      later(() => {
        if (!refused) resolve(task);
      });
    });

  /** Open a task directly, outside the package: another SDK using up WeChat's places. */
  openDirect(url: string): Promise<SocketTask> {
    return new Promise((resolve, reject) => {
      const task = this.connectSocket({ url, fail: reject });
      task.onOpen(() => resolve(task));
    });
  }
}
