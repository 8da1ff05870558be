import type { Logger } from './logger';

/**
 * Runs tasks one after another per key and concurrently across keys. Membership changes go through it (per user,
 * then per room) so a check and the write that depends on it cannot interleave with another's.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}

/** Remembers promises in flight so shutdown can wait for them; a rejection is logged, never unhandled. */
export class TaskTracker {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => this.logger.error({ err: error }, 'task failed'));
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
