/** What the main thread and a database thread say to each other (see thread.ts and worker.ts). */

export type Role = 'reader' | 'writer';

export interface WorkerConfig {
  file: string;
  role: Role;
}

/** One store method call: `[id, operation, arguments]`. */
export type Call = [id: number, operation: string, args: unknown[]];

/** One answer: `[id, true, value]` or `[id, false, error]`. */
export type Reply = [id: number, ok: true, value: unknown] | [id: number, ok: false, error: SerializedError];

export interface SerializedError {
  message: string;
  /** SQLite's error code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_FOREIGNKEY`, ...) when there is one. */
  code?: string | undefined;
}

export type ToWorker = { type: 'calls'; calls: Call[] } | { type: 'close' };
export type FromWorker =
  { type: 'ready' } | { type: 'failed'; error: SerializedError } | { type: 'replies'; replies: Reply[]; ms: number };
