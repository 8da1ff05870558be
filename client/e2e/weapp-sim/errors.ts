import vm from 'node:vm';
import type { Scheduler } from './scheduler';
import type { AppEvents } from './wx';

interface ErrorSinks {
  scheduler: Scheduler;
  appEvents: AppEvents;
  consoleLines: string[];
  app(): Record<string, unknown> | undefined;
  /** The mini program realm's Promise, to tell its rejections from the test's own. */
  realmPromise: PromiseConstructor;
}

const describeError = (error: unknown) => (error as Error)?.stack ?? String(error);

/**
 * WeChat's error reporting: an uncaught error in app code reaches `App.onError` and `wx.onError`, an unhandled
 * rejection `wx.onUnhandledRejection`. Both are also kept in `scheduler.errors` so tests can fail on them.
 * Returns the function that stops listening.
 */
export function captureErrors(sinks: ErrorSinks): () => void {
  const { scheduler, appEvents, consoleLines } = sinks;
  scheduler.onError((error) => {
    const message = describeError(error);
    consoleLines.push(`[uncaught] ${message}`);
    const app = sinks.app();
    const onError = app?.onError;
    if (typeof onError === 'function') {
      try {
        onError.call(app, message);
      } catch {
        // An onError that throws must not loop back into itself.
      }
    }
    appEvents.error.emit(scheduler, message);
  });

  const onRejection = (reason: unknown, promise: Promise<unknown>) => {
    if (!(promise instanceof sinks.realmPromise)) return;
    scheduler.errors.push(reason);
    consoleLines.push(`[unhandled rejection] ${describeError(reason)}`);
    appEvents.unhandledRejection.emit(scheduler, { reason, promise });
  };
  // The real process: under jest, the global `process` is a sandbox copy whose events never fire. (Jest also
  // fails the running test on an unhandled rejection; this adds which realm it came from to `problems()`.)
  const realProcess = vm.runInThisContext('process') as NodeJS.Process;
  realProcess.on('unhandledRejection', onRejection);
  return () => realProcess.off('unhandledRejection', onRejection);
}
