import type { SocketTask } from './types';

// Timers exist in every host this runs in (WeChat, browsers, Node) but in no ES lib. Declared here, scoped to this
// module, so src type-checks against ES2022 alone and cannot lean on DOM or Node APIs.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

/** WeChat allows at most 5 SocketTasks at once (base library >= 1.7.0); a 6th `connectSocket` fails. */
export const MAX_SOCKET_TASKS = 5;

/** The errMsg WeChat gives a 6th `connectSocket`, reused so apps handle our refusal and WeChat's the same way. */
export const EXCEED_MAX_CONCURRENT = 'connectSocket:fail exceed max concurrent count';

/** The WebSocket close code for a normal closure; WeChat accepts only 1000 and 3000-4999. */
const NORMAL_CLOSURE = 1000;
/** Reported to the owner when its task is dropped without a close event (no close frame was seen). */
const ABNORMAL_CLOSURE = 1006;

/** How a slot reports its task's events to the transport that owns it. */
export interface SlotOwner {
  onOpen(): void;
  onMessage(data: unknown): void;
  onError(errMsg: string): void;
  onClose(code: number, reason: string): void;
}

type SlotState = 'connecting' | 'open' | 'closing';

interface Waiter {
  owner: SlotOwner;
  closeTimeout: number;
  granted(slot: TaskSlot): void;
  rejected(errMsg: string): void;
}

// Module level on purpose: WeChat's cap is per mini program, so every connection and factory shares one count.
const slots = new Set<TaskSlot>();
const waiters: Waiter[] = [];

/**
 * One of WeChat's 5 SocketTask places. It is taken before `connectSocket` is called and given back only once the
 * task is known to be gone: its onClose fired, closing it failed because it was not connected, `closeTimeout`
 * passed after we asked it to close (WeChat may never fire onClose after a background close), or
 * `closeAllSocketTasks()` dropped it.
 */
export class TaskSlot {
  task: SocketTask | undefined;
  private state: SlotState = 'connecting';
  private owner: SlotOwner | undefined;
  private closeTimer: unknown;

  constructor(
    owner: SlotOwner,
    private readonly closeTimeout: number,
  ) {
    this.owner = owner;
  }

  get isClosing(): boolean {
    return this.state === 'closing';
  }

  attach(task: SocketTask): void {
    this.task = task;
    task.onOpen(() => {
      if (this.state === 'closing') {
        // Closed while connecting: some base libraries ignore close() on a connecting task, so close it again.
        requestClose(task, () => undefined);
        return;
      }
      this.state = 'open';
      this.owner?.onOpen();
    });
    task.onMessage((message) => this.owner?.onMessage(message.data));
    task.onError((result) => this.owner?.onError(result?.errMsg ?? 'SocketTask error'));
    task.onClose((event) => {
      const owner = this.owner;
      this.release();
      owner?.onClose(event?.code ?? ABNORMAL_CLOSURE, event?.reason ?? '');
    });
    if (this.state === 'closing' || !slots.has(this)) requestClose(task, () => undefined);
  }

  /** The owner is done with the task: stop reporting to it, ask the platform to close, free the place later. */
  close(): void {
    this.owner = undefined;
    if (this.state === 'closing' || !slots.has(this)) return;
    const wasOpen = this.state === 'open';
    this.state = 'closing';
    if (this.task) {
      // A close that fails on an open task means it is already gone (e.g. closed silently in the background).
      requestClose(this.task, () => wasOpen && this.release());
    }
    this.closeTimer = setTimeout(() => this.release(), this.closeTimeout);
  }

  /** Drop the task now and tell its owner it closed, whether or not the platform ever reports it. */
  forceClose(reason: string): void {
    const owner = this.owner;
    this.close();
    this.release();
    owner?.onClose(ABNORMAL_CLOSURE, reason);
  }

  /** Gives the place back: the task is gone, or the platform never created it (connectSocket failed). */
  release(): void {
    this.owner = undefined;
    clearTimeout(this.closeTimer);
    if (slots.delete(this)) grantWaiters();
  }
}

function requestClose(task: SocketTask, onFail: () => void): void {
  try {
    task.close({ code: NORMAL_CLOSURE, fail: onFail });
  } catch {
    onFail();
  }
}

/**
 * Asks for a place for a new SocketTask. Granted at once while fewer than 5 are held; while all 5 are held and some
 * are closing, the request waits for one of them to go (at most their `closeTimeout`); while all 5 are held by live
 * connections it is rejected with WeChat's own errMsg, so socket.io retries with its reconnection backoff.
 * Returns a function that withdraws a request still waiting.
 */
export function requestSlot(
  owner: SlotOwner,
  closeTimeout: number,
  granted: (slot: TaskSlot) => void,
  rejected: (errMsg: string) => void,
): () => void {
  const waiter: Waiter = { owner, closeTimeout, granted, rejected };
  waiters.push(waiter);
  grantWaiters();
  return () => {
    const index = waiters.indexOf(waiter);
    if (index !== -1) waiters.splice(index, 1);
  };
}

function grantWaiters(): void {
  while (waiters.length > 0) {
    if (slots.size < MAX_SOCKET_TASKS) {
      const waiter = waiters.shift()!;
      const slot = new TaskSlot(waiter.owner, waiter.closeTimeout);
      slots.add(slot);
      waiter.granted(slot);
    } else if (![...slots].some((slot) => slot.isClosing)) {
      waiters.shift()!.rejected(`${EXCEED_MAX_CONCURRENT} (${MAX_SOCKET_TASKS} SocketTasks in use)`);
    } else {
      return;
    }
  }
}

/**
 * Closes every SocketTask opened through this package and reports each as closed to its connection, so socket.io
 * reconnects at once instead of waiting for a ping timeout. For tasks WeChat closed without firing onClose (after
 * the app was in the background). Returns how many tasks were dropped.
 */
export function closeAllSocketTasks(reason = 'closeAllSocketTasks()'): number {
  const dropped = [...slots];
  for (const slot of dropped) slot.forceClose(reason);
  return dropped.length;
}

/** SocketTasks this package holds: connecting, open, or asked to close and not yet confirmed closed. */
export function getLiveSocketTaskCount(): number {
  return slots.size;
}
