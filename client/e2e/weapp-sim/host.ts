import { format } from 'node:util';

/** WeChat's console: log/info/warn/error/debug and friends, kept in `lines` and printed only when verbose. */
export function createConsole(lines: string[], verbose: boolean) {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      const line = `[${level}] ${format(...args)}`;
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
      if (verbose) process.stderr.write(`weapp ${line}\n`);
    };
  const noop = () => undefined;
  return {
    log: write('log'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    trace: write('trace'),
    table: write('table'),
    group: write('group'),
    groupCollapsed: write('group'),
    groupEnd: noop,
    time: noop,
    timeEnd: noop,
    assert: (condition: unknown, ...args: unknown[]) => (condition ? undefined : write('assert')(...args)),
  };
}

/** Lets waiters wake up on the next setData instead of only on a poll. */
export function watchRendering() {
  let waiters: (() => void)[] = [];
  return {
    notify() {
      const current = waiters;
      waiters = [];
      for (const wake of current) wake();
    },
    next(maxMs: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, maxMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        waiters.push(done);
      });
    },
    dispose() {
      this.notify();
    },
  };
}
