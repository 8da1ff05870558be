/**
 * Preloaded (`node --expose-gc --require probe.cjs ...`) into each server the benchmark starts, so the built server
 * and the bare one are measured the same way without touching their code. Over the IPC channel it answers
 * `{ type: 'usage', gc }` with the process's CPU time (all threads, microseconds) and resident memory, after a full
 * garbage collection when `gc` is true. Plain CommonJS: it runs before any TypeScript loader.
 */
'use strict';

if (process.send) {
  process.on('message', (request) => {
    if (!request || request.type !== 'usage') return;
    if (request.gc && typeof global.gc === 'function') {
      // Twice: the first pass can leave objects that only the second finds unreachable (weak callbacks).
      global.gc();
      global.gc();
    }
    const cpu = process.cpuUsage();
    process.send({ type: 'usage', id: request.id, cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss });
  });
  // The channel must not keep the server alive once it has closed its listeners after SIGTERM.
  if (process.channel) process.channel.unref();
}
