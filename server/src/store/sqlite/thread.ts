import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Call, FromWorker, Reply, Role, SerializedError, ToWorker, WorkerConfig } from './messages';

type Operations = Record<string, (...args: never[]) => unknown>;

/** Sees each batch a database thread ran: how many calls, and how long it took there (ms). */
export type BatchObserver = (role: Role, calls: number, ms: number) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A store failure from a database thread; handlers turn it into `INTERNAL`. */
export class DatabaseError extends Error {
  readonly code: string | undefined;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = 'DatabaseError';
    this.code = error.code;
  }
}

/** The worker's file next to this one; from TypeScript source (tests, tsx) the worker compiles itself with tsx. */
function spawnWorker(config: WorkerConfig): Worker {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `worker${extension}`);
  if (extension === '.js') return new Worker(file, { workerData: config });
  const source = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
  return new Worker(source, { eval: true, workerData: config, execArgv: [] });
}

/**
 * The main thread's end of one database thread: `call` posts a store method call and resolves with its answer.
 * Calls made in one turn of the event loop travel as one message. If the thread dies, its calls in flight fail and
 * the next call starts a new one.
 */
export class DatabaseThread<O extends Operations> {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private outgoing: Call[] = [];
  private nextId = 1;
  private closed = false;
  /** Set by close() while it waits for the calls in flight. */
  private drained: (() => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly role: Role,
    private readonly onBatch: BatchObserver = () => undefined,
  ) {}

  /** Starts the thread; resolves once its connection is open (and, for the writer, migrated). */
  start(): Promise<void> {
    this.ensureWorker();
    return this.ready as Promise<void>;
  }

  call<K extends keyof O & string>(operation: K, ...args: Parameters<O[K]>): Promise<ReturnType<O[K]>> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const id = this.nextId++;
    if (this.outgoing.length === 0) setImmediate(() => this.flush());
    this.outgoing.push([id, operation, args]);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Lets the calls in flight finish, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.flush();
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    await exited;
  }

  private flush(): void {
    if (this.outgoing.length === 0) return;
    const calls = this.outgoing;
    this.outgoing = [];
    this.ensureWorker().postMessage({ type: 'calls', calls } satisfies ToWorker);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker({ file: this.file, role: this.role });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(new DatabaseError(message.error));
        else {
          this.onBatch(this.role, message.replies.length, message.ms);
          this.settle(message.replies);
        }
      });
      worker.once('error', (error) => {
        reject(error);
        this.failAll(error);
      });
    });
    // A start-up failure surfaces through start(); a call made before it fails on its own.
    this.ready.catch(() => undefined);
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`the ${this.role} database thread exited with code ${code}`));
    });
    return worker;
  }

  private settle(replies: Reply[]): void {
    for (const reply of replies) {
      const entry = this.pending.get(reply[0]);
      if (!entry) continue;
      this.pending.delete(reply[0]);
      if (reply[1]) entry.resolve(reply[2]);
      else entry.reject(new DatabaseError(reply[2]));
    }
    if (this.pending.size === 0) this.drained?.();
  }

  private failAll(error: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
    this.drained?.();
  }
}
