/**
 * Server benchmark (issue 8): the built Tandem server against a bare in-memory Socket.IO server (bare-server.ts),
 * both driven alternately by the same socket.io-client load from this process, each server's CPU and memory read
 * inside its own process. Scenarios: acked throughput, fan-out to 500 and 1,000 receivers, memory per connection.
 * Prints a side-by-side table with the targets and writes bench-output/server.{json,md} at the repository
 * root.
 *
 * Run with `pnpm --filter @tandem/server bench` (or `pnpm bench` at the root) after
 * `pnpm --filter @tandem/server build`. Knobs: BENCH_ROUNDS, BENCH_WARMUP_MS, BENCH_MEASURE_MS,
 * BENCH_SOCKETS_PER_USER (see scenarios.ts), BENCH_CPU_PROF=<dir> (each server writes V8 CPU profiles there, main
 * and database threads). Tandem's DATA_DIR is a new directory under the system's temporary directory: `TMPDIR=/dev/shm` puts its database on tmpfs, where a commit's fsync costs nothing, to tell the disk's
 * share of a figure from the server's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { markdownTable, rowsAsJson, textTable, writeOutputs } from './report';
import { rows, scenarios, settings } from './scenarios';
import type { Results, Rounds, Scenario } from './scenarios';
import { BUILT_ENTRY, removeDataDirs, startServer } from './servers';
import type { RunningServer } from './servers';
import { round } from './stats';

/** This process holds about 1,000 sockets at once, and so does each server (they inherit the limit). */
const OPEN_FILES_NEEDED = 2048;

function checkOpenFileLimit(): void {
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  if (limit !== 'unlimited' && Number(limit) < OPEN_FILES_NEEDED) {
    throw new Error(`the open file limit is ${limit}; raise it to at least ${OPEN_FILES_NEEDED} (ulimit -n) first`);
  }
}

/** A run that hangs must still end (and kill its servers, see servers.ts). */
const WATCHDOG_MS = 10 * 60 * 1000;

async function main(): Promise<void> {
  if (!fs.existsSync(BUILT_ENTRY)) {
    throw new Error('server/dist/index.js is missing: build it first with `pnpm --filter @tandem/server build`');
  }
  checkOpenFileLimit();
  const loadBefore = os.loadavg();
  const startedAt = Date.now();
  const servers: RunningServer[] = [await startServer('bare'), await startServer('tandem')];
  const rounds: Rounds = { bare: [], tandem: [] };
  try {
    for (const scenario of scenarios) {
      for (let index = 0; index < settings.rounds; index++) {
        // Alternate which server goes first, so neither always runs on a machine the other just warmed.
        const order = index % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const runStartedAt = Date.now();
          const result = await runOn(server, scenario);
          const seconds = round((Date.now() - runStartedAt) / 1000, 1);
          const results = (rounds[server.name][index] ??= {});
          Object.assign(results, { [scenario.key]: result });
          console.log(
            `${scenario.title}, round ${index + 1}, ${server.name} (${seconds} s): ${JSON.stringify(result, rounded)}`,
          );
        }
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    removeDataDirs();
  }

  const table = rows(rounds);
  const machine = {
    cpus: os.cpus().length,
    node: process.version,
    loadAverageBefore: loadBefore.map((load) => round(load, 2)),
    loadAverageAfter: os.loadavg().map((load) => round(load, 2)),
  };
  const header =
    `Server benchmark, median of ${settings.rounds} round(s), ${settings.measureMs / 1000} s measured after ` +
    `${settings.warmupMs / 1000} s warm-up, ${settings.socketsPerUser} sockets per receiving user; ` +
    `${machine.cpus} CPUs, Node ${machine.node}, load average ${machine.loadAverageBefore[0]} before and ` +
    `${machine.loadAverageAfter[0]} after; load generator on the same machine; ${new Date().toISOString()}.`;
  console.log(`\n${header}\n\n${textTable(table)}\n`);
  const files = writeOutputs(
    { settings, machine, durationSeconds: round((Date.now() - startedAt) / 1000), table: rowsAsJson(table), rounds },
    `${header}\n\n${markdownTable(table)}`,
  );
  console.log(`written to ${files.join(' and ')}`);
}

/** Runs the scenario on `server`, or on a new process of the same server when the scenario wants a fresh one. */
async function runOn(server: RunningServer, scenario: Scenario): Promise<Results[keyof Results]> {
  if (!scenario.freshServer) return scenario.run(server);
  const fresh = await startServer(server.name);
  try {
    return await scenario.run(fresh);
  } finally {
    await fresh.stop();
  }
}

/** JSON.stringify replacer: two decimals are plenty in a progress line. */
function rounded(_key: string, value: unknown) {
  return typeof value === 'number' ? round(value, 2) : value;
}

setTimeout(() => {
  console.error(`the benchmark did not finish within ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS).unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
