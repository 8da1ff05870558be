import type { Scheduler } from './scheduler';

/** The `success` / `fail` / `complete` triple every asynchronous wx API takes. */
export interface AsyncOptions {
  success?: (result: unknown) => void;
  fail?: (result: unknown) => void;
  complete?: (result: unknown) => void;
}

/** Calls `success` or `fail`, then `complete`, on a later turn, as WeChat does. */
export function settle(
  scheduler: Scheduler,
  options: AsyncOptions | undefined,
  outcome: { ok: true; result: Record<string, unknown> } | { ok: false; errMsg: string },
): void {
  setTimeout(() => settleNow(scheduler, options, outcome), 0);
}

export function settleNow(
  scheduler: Scheduler,
  options: AsyncOptions | undefined,
  outcome: { ok: true; result: Record<string, unknown> } | { ok: false; errMsg: string },
): void {
  scheduler.deliver(() => {
    const result = outcome.ok ? outcome.result : { errMsg: outcome.errMsg };
    try {
      if (outcome.ok) options?.success?.(result);
      else options?.fail?.(result);
    } finally {
      options?.complete?.(result);
    }
  });
}

/** `name:ok` success payload. */
export function ok(api: string, extra: Record<string, unknown> = {}): { ok: true; result: Record<string, unknown> } {
  return { ok: true, result: { errMsg: `${api}:ok`, ...extra } };
}

export function fail(api: string, reason: string): { ok: false; errMsg: string } {
  return { ok: false, errMsg: `${api}:fail ${reason}` };
}

/** A list of `wx.onX` listeners with its `wx.offX` counterpart. */
export class Listeners<T> {
  private readonly list: ((value: T) => void)[] = [];

  on = (listener: (value: T) => void): void => {
    if (typeof listener === 'function') this.list.push(listener);
  };

  off = (listener?: (value: T) => void): void => {
    if (listener === undefined) this.list.length = 0;
    else {
      const index = this.list.indexOf(listener);
      if (index >= 0) this.list.splice(index, 1);
    }
  };

  get size(): number {
    return this.list.length;
  }

  emit(scheduler: Scheduler, value: T): void {
    for (const listener of [...this.list]) scheduler.deliver(() => listener(value));
  }
}
