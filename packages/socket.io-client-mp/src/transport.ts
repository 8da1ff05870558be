import { Transport, nextTick } from 'engine.io-client';
import type { SocketOptions, TransportCtor } from 'engine.io-client';
import { decodePacket, encodePacket } from 'engine.io-parser';
import type { Packet } from 'engine.io-parser';
import { buildTaskOptions, openSocketTask } from './connect';
import type { TaskDefaults } from './connect';
import { describeError, toSocketTaskFrame } from './frames';
import { requestSlot } from './task-registry';
import type { SlotOwner, TaskSlot } from './task-registry';
import type { ConnectSocket, SocketTask } from './types';

export interface MiniProgramTransportOptions {
  /** `Taro.connectSocket`, `wx.connectSocket`, or any function returning a SocketTask or a promise of one. */
  connectSocket: ConnectSocket;
  /** Handshake headers for every connection; socket.io's `extraHeaders` are merged over them. */
  header?: Record<string, string>;
  /** Subprotocols; socket.io's `protocols` option takes precedence. */
  protocols?: string[];
  tcpNoDelay?: boolean;
  /** Default false: compression costs the server about 9x memory per connection. */
  perMessageDeflate?: boolean;
  /** connectSocket's connection timeout, in milliseconds. */
  timeout?: number;
  forceCellularNetwork?: boolean;
  /**
   * How long a task asked to close may go without an onClose before its place among WeChat's 5 is given back
   * (WeChat may never fire onClose after a background close). Default 3000 ms.
   */
  closeTimeout?: number;
}

const DEFAULT_CLOSE_TIMEOUT = 3000;

interface TransportConfig {
  connectSocket: ConnectSocket;
  defaults: TaskDefaults;
  closeTimeout: number;
}

/**
 * Creates an engine.io-client transport class that runs over mini program SocketTasks. Pass it to the official
 * socket.io-client: `io(url, { transports: [createMiniProgramTransport({ connectSocket: wx.connectSocket })] })`.
 */
export function createMiniProgramTransport(options: MiniProgramTransportOptions): TransportCtor {
  const { connectSocket, closeTimeout = DEFAULT_CLOSE_TIMEOUT, perMessageDeflate = false, ...defaults } = options;
  if (typeof connectSocket !== 'function') {
    throw new TypeError('createMiniProgramTransport: `connectSocket` must be a function such as wx.connectSocket');
  }
  const config: TransportConfig = { connectSocket, closeTimeout, defaults: { ...defaults, perMessageDeflate } };
  return class extends MiniProgramTransport {
    constructor(opts: SocketOptions) {
      super(opts, config);
    }
  };
}

class MiniProgramTransport extends Transport {
  private slot: TaskSlot | undefined;
  private withdrawRequest: (() => void) | undefined;
  /** The server's first frame is the Engine.IO handshake: until it arrives, the connection attempt is not over. */
  private heardFromServer = false;
  private readonly owner: SlotOwner = {
    onOpen: () => {
      if (this.readyState === 'opening') this.onOpen();
    },
    onMessage: (data) => {
      this.heardFromServer = true;
      this.onData(data);
    },
    onError: (errMsg) => this.onError('websocket error', errMsg),
    onClose: (code, reason) => {
      this.slot = undefined;
      if (this.readyState === 'opening' || !this.heardFromServer) {
        // engine.io learns of a failed connection attempt from an error, not a close: on a close before the
        // handshake, socket.io would wait for its connect timeout (10 s or more) before trying again.
        const before = this.readyState === 'opening' ? 'it opened' : 'the Engine.IO handshake';
        this.onError(
          'websocket error',
          `SocketTask closed before ${before} (code ${code}${reason ? `, ${reason}` : ''})`,
        );
      } else {
        this.onClose({ description: 'websocket connection closed', context: { code, reason } });
      }
    },
  };

  constructor(
    opts: SocketOptions,
    private readonly config: TransportConfig,
  ) {
    super(opts);
  }

  // The server accepts a connection whose `transport` query is one it knows: this is its websocket transport.
  override get name(): string {
    return 'websocket';
  }

  protected override doOpen(): void {
    this.withdrawRequest = requestSlot(
      this.owner,
      this.config.closeTimeout,
      (slot) => this.connect(slot),
      (errMsg) => this.deferError('connectSocket failed', errMsg),
    );
  }

  protected override doClose(): void {
    this.withdrawRequest?.();
    this.withdrawRequest = undefined;
    this.slot?.close();
    this.slot = undefined;
  }

  /** engine.io's base class silently drops packets sent while not open; a mini program needs to know. */
  override send(packets: Packet[]): void {
    if (this.readyState === 'open') {
      this.write(packets);
    } else {
      this.deferError('websocket not open', `cannot send ${packets.length} packet(s): transport is ${this.readyState}`);
    }
  }

  protected override write(packets: Packet[]): void {
    this.writable = false;
    const task = this.slot?.task;
    packets.forEach((packet, index) => {
      encodePacket(packet, this.supportsBinary, (data) => {
        this.sendFrame(task, data);
        if (index === packets.length - 1) {
          // Like engine.io's own WebSocket transport: a frame handed over counts as written. SocketTask callbacks
          // may never come while the app is suspended; a failed send is reported as a transport error instead.
          nextTick(() => {
            if (this.readyState !== 'open') return;
            this.writable = true;
            this.emitReserved('drain');
          }, this.setTimeoutFn);
        }
      });
    });
  }

  /** SocketTasks carry ArrayBuffers, never Node Buffers or Blobs, whatever engine.io's default for the platform. */
  protected override onData(data: unknown): void {
    this.onPacket(decodePacket(data, 'arraybuffer'));
  }

  private sendFrame(task: SocketTask | undefined, data: unknown): void {
    const frame = toSocketTaskFrame(data);
    if (!task) return this.deferError('websocket not open', 'no SocketTask');
    if (frame === undefined) return this.deferError('websocket send failed', `cannot send ${typeof data} frames`);
    try {
      task.send({ data: frame, fail: (result) => this.deferError('websocket send failed', result?.errMsg) });
    } catch (error) {
      this.deferError('websocket send failed', describeError(error));
    }
  }

  private connect(slot: TaskSlot): void {
    this.withdrawRequest = undefined;
    this.slot = slot;
    let failed = false;
    const fail = (errMsg: string): void => {
      if (failed) return;
      failed = true;
      slot.release();
      if (this.slot === slot) this.slot = undefined;
      this.deferError('connectSocket failed', errMsg);
    };
    const { connectSocket, defaults } = this.config;
    openSocketTask(connectSocket, () => buildTaskOptions(this.uri(), defaults, this.opts), {
      onTask: (task) => slot.attach(task),
      onFail: fail,
    });
  }

  private uri(): string {
    const query: Record<string, unknown> = { ...this.query };
    if (this.opts.timestampRequests) {
      query[this.opts.timestampParam ?? 't'] = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    }
    if (!this.supportsBinary) query.b64 = 1;
    return this.createUri(this.opts.secure ? 'wss' : 'ws', query);
  }

  /**
   * Errors are reported on a later tick: engine.io opens a transport before listening to it, and a failure
   * inside a SocketTask callback should not re-enter engine.io while it is mid-flush.
   */
  private deferError(reason: string, description: unknown): void {
    nextTick(() => this.onError(reason, description), this.setTimeoutFn);
  }
}
