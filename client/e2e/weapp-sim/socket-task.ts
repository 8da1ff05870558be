import WebSocket from 'ws';
import type { AsyncOptions } from './callbacks';
import { fail, ok, settle } from './callbacks';
import type { ModuleSystem } from './loader';
import type { Scheduler } from './scheduler';

export interface ConnectSocketOptions extends AsyncOptions {
  url: string;
  header?: Record<string, string>;
  protocols?: string[];
  tcpNoDelay?: boolean;
  perMessageDeflate?: boolean;
  timeout?: number;
}

type Listener<T> = (result: T) => void;

/** What the hub needs to know when a task changes state. */
export interface TaskObserver {
  onOpened(task: SocketTask): void;
  onClosed(task: SocketTask, result: { code: number; reason: string }, silent: boolean): void;
}

const READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * WeChat's SocketTask over a real `ws` connection: `onOpen({ header })`, `onMessage({ data })` with a string or an
 * ArrayBuffer (made in the mini program's realm), `onClose({ code, reason })`, `onError({ errMsg })`, `send` and
 * `close` with success/fail/complete. `send` accepts only a string or an ArrayBuffer, as on a device.
 */
export class SocketTask {
  readonly CONNECTING = READY_STATE.CONNECTING;
  readonly OPEN = READY_STATE.OPEN;
  readonly CLOSING = READY_STATE.CLOSING;
  readonly CLOSED = READY_STATE.CLOSED;
  readyState: number = READY_STATE.CONNECTING;

  /** For tests: when it was created and how it ended. */
  readonly createdAt = Date.now();
  closedAt: number | undefined;
  closeResult: { code: number; reason: string; silent: boolean } | undefined;

  private readonly openListeners: Listener<{ header: Record<string, string>; profile: object }>[] = [];
  private readonly messageListeners: Listener<{ data: string | ArrayBuffer }>[] = [];
  private readonly closeListeners: Listener<{ code: number; reason: string }>[] = [];
  private readonly errorListeners: Listener<{ errMsg: string }>[] = [];
  private ws: WebSocket | undefined;
  private silentClose = false;

  constructor(
    readonly url: string,
    private readonly scheduler: Scheduler,
    private readonly realm: ModuleSystem['realm'],
    private readonly observer: TaskObserver,
  ) {}

  onOpen = (listener: Listener<{ header: Record<string, string>; profile: object }>) =>
    this.add(this.openListeners, listener);
  onMessage = (listener: Listener<{ data: string | ArrayBuffer }>) => this.add(this.messageListeners, listener);
  onClose = (listener: Listener<{ code: number; reason: string }>) => this.add(this.closeListeners, listener);
  onError = (listener: Listener<{ errMsg: string }>) => this.add(this.errorListeners, listener);

  send = (options: AsyncOptions & { data: unknown }): void => {
    const data = options?.data;
    if (this.readyState !== READY_STATE.OPEN || !this.ws) {
      settle(this.scheduler, options, fail('SocketTask.send', 'SocketTask.readyState is not OPEN'));
      return;
    }
    const isBuffer = Object.prototype.toString.call(data) === '[object ArrayBuffer]';
    if (typeof data !== 'string' && !isBuffer) {
      settle(
        this.scheduler,
        options,
        fail('SocketTask.send', 'parameter error: parameter.data should be String/ArrayBuffer'),
      );
      return;
    }
    const payload = typeof data === 'string' ? data : Buffer.from(new Uint8Array(data as ArrayBuffer));
    this.ws.send(payload, { binary: typeof data !== 'string' }, (error) => {
      settle(this.scheduler, options, error ? fail('SocketTask.send', error.message) : ok('SocketTask.send'));
    });
  };

  close = (options: AsyncOptions & { code?: number; reason?: string } = {}): void => {
    const code = options.code ?? 1000;
    if (this.readyState === READY_STATE.CLOSED || !this.ws) {
      settle(this.scheduler, options, ok('SocketTask.close'));
      return;
    }
    try {
      this.ws.close(code, options.reason ?? '');
    } catch (error) {
      settle(this.scheduler, options, fail('SocketTask.close', (error as Error).message));
      return;
    }
    if (this.readyState !== READY_STATE.CLOSED) this.readyState = READY_STATE.CLOSING;
    settle(this.scheduler, options, ok('SocketTask.close'));
  };

  /** Opens the connection (called by the hub once the task may exist). */
  connect(options: ConnectSocketOptions): void {
    const headers = { ...options.header };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'referer') delete headers[name];
    const ws = new WebSocket(options.url, options.protocols ?? [], {
      headers,
      perMessageDeflate: options.perMessageDeflate ?? false,
      handshakeTimeout: options.timeout,
    });
    this.ws = ws;
    let responseHeaders: Record<string, string> = {};
    ws.on('upgrade', (response) => {
      responseHeaders = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
    });
    ws.on('open', () => {
      if (this.silentClose) return;
      this.readyState = READY_STATE.OPEN;
      this.observer.onOpened(this);
      this.emit(this.openListeners, { header: responseHeaders, profile: {} });
    });
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (this.silentClose) return;
      this.emit(this.messageListeners, { data: isBinary ? this.toRealmBuffer(raw) : raw.toString('utf8') });
    });
    ws.on('error', (error) => {
      if (this.silentClose) return;
      this.emit(this.errorListeners, { errMsg: error.message });
    });
    ws.on('close', (code, reason) => this.finish({ code, reason: reason.toString('utf8') }));
  }

  /** The network went away under the task: the socket dies and the task reports it. */
  drop(errMsg: string): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    this.emit(this.errorListeners, { errMsg });
    this.ws?.terminate();
  }

  /** The connection cannot even start (no network): error, then close with 1006, on a later turn. */
  refuse(errMsg: string): void {
    setTimeout(() => {
      this.emit(this.errorListeners, { errMsg });
      this.finish({ code: 1006, reason: '' });
    }, 0);
  }

  /** WeChat closing a backgrounded app's sockets: no task callback fires, only the global `wx.onSocketClose`. */
  closeSilently(): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    this.silentClose = true;
    this.ws?.terminate();
  }

  private finish(result: { code: number; reason: string }): void {
    if (this.readyState === READY_STATE.CLOSED) return;
    this.readyState = READY_STATE.CLOSED;
    this.closedAt = Date.now();
    this.closeResult = { ...result, silent: this.silentClose };
    this.observer.onClosed(this, result, this.silentClose);
    if (!this.silentClose) this.emit(this.closeListeners, result);
  }

  private add<T>(list: Listener<T>[], listener: Listener<T>): void {
    if (typeof listener === 'function') list.push(listener);
  }

  private emit<T>(list: Listener<T>[], value: T): void {
    for (const listener of [...list]) this.scheduler.deliver(() => listener(value));
  }

  private toRealmBuffer(raw: Buffer): ArrayBuffer {
    const buffer = new this.realm.ArrayBuffer(raw.length);
    new this.realm.Uint8Array(buffer).set(raw);
    return buffer;
  }
}
