import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Call, FromWorker, Reply, SerializedError, ToWorker, WorkerConfig } from './messages';
import { migrate } from './migrations';
import { readOperations, writeOperations } from './operations';
import { directRoomWrites } from './direct-rooms';
import { safetyReads, safetyWrites } from './safety';
import { searchReads } from './search';
import { messageChangeReads, messageChangeWrites } from './message-changes';
import { mediaReads, mediaWrites } from './media';
import { signInLinkReads, signInLinkWrites } from './signin-links';
import { configureConnection, prepareStatements } from './statements';

/**
 * A database thread: it owns one SQLite connection, so the event loop never waits for the disk or a lock.
 *
 * The writer does group commit: every call that arrived while it was busy (committing, fsyncing, waiting for a lock
 * held by another process) runs in one `BEGIN IMMEDIATE` transaction with one fsync, each call in its own savepoint,
 * and the replies go back only after the COMMIT. Calls run in arrival order, so seqs follow the order of the sends.
 * The reader answers reads on its own connection, which WAL never blocks behind a writer.
 */

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');
const { file, role } = workerData as WorkerConfig;

const serialize = (error: unknown): SerializedError => ({
  message: error instanceof Error ? error.message : String(error),
  code: (error as { code?: unknown }).code === undefined ? undefined : String((error as { code?: unknown }).code),
});

const post = (message: FromWorker) => port.postMessage(message);

function open() {
  const db = new Database(file);
  configureConnection(db);
  if (role === 'writer') migrate(db);
  const statements = prepareStatements(db);
  const operations: Record<string, (...args: never[]) => unknown> =
    role === 'writer'
      ? {
          ...writeOperations(db, statements),
          ...signInLinkWrites(db),
          ...directRoomWrites(db, statements),
          ...safetyWrites(db, statements),
          ...messageChangeWrites(db, statements),
          ...mediaWrites(db),
        }
      : {
          ...readOperations(statements),
          ...signInLinkReads(db),
          ...safetyReads(db),
          ...searchReads(db),
          ...messageChangeReads(statements),
          ...mediaReads(db),
        };
  return { db, operations };
}

let opened: ReturnType<typeof open>;
try {
  opened = open();
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: serialize(error) });
  process.exit(1);
}
const { db, operations } = opened;

function run([id, operation, args]: Call): Reply {
  try {
    const method = operations[operation];
    if (!method) throw new Error(`unknown store operation ${operation}`);
    return [id, true, method(...(args as never[]))];
  } catch (error) {
    return [id, false, serialize(error)];
  }
}

/** One transaction for the whole batch; a failed BEGIN or COMMIT fails every call in it. */
const runBatch = db.transaction((calls: Call[]): Reply[] => calls.map(run));

function answer(calls: Call[]): Reply[] {
  if (role === 'reader') return calls.map(run);
  try {
    return runBatch.immediate(calls);
  } catch (error) {
    const failure = serialize(error);
    return calls.map(([id]) => [id, false, failure]);
  }
}

let queue: Call[] = [];
function flush(): void {
  const calls = queue;
  queue = [];
  const started = performance.now();
  const replies = answer(calls);
  post({ type: 'replies', replies, ms: performance.now() - started });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  // Collect what arrives in this turn of the loop; the batch runs once the pending messages are read.
  if (queue.length === 0) setImmediate(flush);
  queue.push(...message.calls);
});
