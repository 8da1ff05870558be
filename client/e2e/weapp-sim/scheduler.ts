/**
 * The mini program's JS thread as seen from outside: its timers and every callback the host delivers into it.
 *
 * WeChat suspends a backgrounded mini program's JS about 5 s after it is hidden: timers stop and host events wait
 * until it is shown again. `suspend()`/`resume()` model that: pending timers keep their remaining time and queued
 * deliveries run in order on resume. Every callback runs through `run()`, so an uncaught error in app code is
 * recorded (like WeChat's `onError`) instead of vanishing, and tests can fail on it.
 */

type Callback = (...args: unknown[]) => unknown;

interface Timer {
  callback: Callback;
  args: unknown[];
  /** Interval length for `setInterval`, undefined for `setTimeout`. */
  interval: number | undefined;
  /** Epoch ms at which it fires; while suspended, the time left instead. */
  due: number;
  handle: NodeJS.Timeout | undefined;
}

export class Scheduler {
  readonly errors: unknown[] = [];
  private readonly timers = new Map<number, Timer>();
  private readonly queued: (() => void)[] = [];
  private nextId = 1;
  private suspended = false;
  private disposed = false;
  private readonly errorListeners: ((error: unknown) => void)[] = [];

  get isSuspended(): boolean {
    return this.suspended;
  }

  onError(listener: (error: unknown) => void): void {
    this.errorListeners.push(listener);
  }

  /** Runs host-to-app code now, or on resume while suspended. Errors are recorded, never rethrown. */
  deliver(fn: () => void): void {
    if (this.disposed) return;
    if (this.suspended) this.queued.push(fn);
    else this.run(fn);
  }

  /** Runs a callback into app code, recording what it throws. */
  run<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.errors.push(error);
      for (const listener of this.errorListeners) listener(error);
      return undefined;
    }
  }

  /** The timer functions given to the mini program: numeric ids, like WeChat's JS core. */
  globals() {
    return {
      setTimeout: (callback: Callback, ms?: number, ...args: unknown[]) => this.add(callback, ms, args, false),
      setInterval: (callback: Callback, ms?: number, ...args: unknown[]) => this.add(callback, ms, args, true),
      clearTimeout: (id?: number) => this.clear(id),
      clearInterval: (id?: number) => this.clear(id),
    };
  }

  suspend(): void {
    if (this.suspended || this.disposed) return;
    this.suspended = true;
    const now = Date.now();
    for (const timer of this.timers.values()) {
      clearTimeout(timer.handle);
      timer.handle = undefined;
      timer.due = Math.max(0, timer.due - now);
    }
  }

  resume(): void {
    if (!this.suspended || this.disposed) return;
    this.suspended = false;
    const now = Date.now();
    for (const [id, timer] of this.timers) {
      timer.due += now;
      this.arm(id, timer);
    }
    for (const fn of this.queued.splice(0)) this.run(fn);
  }

  /** Cancels everything; the mini program never runs again. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer.handle);
    this.timers.clear();
    this.queued.length = 0;
  }

  private add(callback: Callback, ms: number | undefined, args: unknown[], repeat: boolean): number {
    if (typeof callback !== 'function') throw new TypeError('The callback provided as parameter 1 is not a function');
    const id = this.nextId++;
    if (this.disposed) return id;
    const delay = Math.max(0, Number(ms) || 0);
    const timer: Timer = { callback, args, interval: repeat ? delay : undefined, due: 0, handle: undefined };
    timer.due = this.suspended ? delay : Date.now() + delay;
    this.timers.set(id, timer);
    if (!this.suspended) this.arm(id, timer);
    return id;
  }

  private arm(id: number, timer: Timer): void {
    timer.handle = setTimeout(() => this.fire(id), Math.max(0, timer.due - Date.now()));
  }

  private fire(id: number): void {
    const timer = this.timers.get(id);
    if (!timer || this.suspended) return;
    if (timer.interval === undefined) this.timers.delete(id);
    else {
      timer.due = Date.now() + timer.interval;
      this.arm(id, timer);
    }
    this.run(() => timer.callback(...timer.args));
  }

  private clear(id: number | undefined): void {
    if (id === undefined) return;
    const timer = this.timers.get(id);
    if (!timer) return;
    clearTimeout(timer.handle);
    this.timers.delete(id);
  }
}
