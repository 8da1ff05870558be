import type { FastifyInstance } from 'fastify';
import { HEALTH_PATH } from '@tandem/protocol';

export const READY_PATH = '/readyz';

/** How long readiness waits for each dependency; a probe that hangs tells an orchestrator nothing. */
const READY_TIMEOUT_MS = 3000;

/** What readiness checks: the database always, Redis when several nodes share it. */
export interface ReadinessChecks {
  database: () => Promise<void>;
  redis?: (() => Promise<void>) | undefined;
}

type CheckName = keyof ReadinessChecks;

/**
 * What a failed readiness check answers: the names of the checks that failed. The reasons go to the log only: the
 * route is public, and a driver's message may name hosts and databases.
 */
export interface ReadinessFailure {
  ok: false;
  failed: CheckName[];
}

/**
 * Liveness and readiness, apart. `/healthz` answers while the process runs and touches nothing: restarting a node
 * because its database is away would not bring the database back. `/readyz` answers 200 only when the database (and
 * Redis, when configured) answers a cheap request, and 503 naming what failed otherwise, so a balancer stops sending
 * clients to the node.
 */
export function healthRoutes(app: FastifyInstance, checks: ReadinessChecks): void {
  app.get(HEALTH_PATH, async () => ({ ok: true }));
  app.get(READY_PATH, async (request, reply) => {
    const names = (['database', 'redis'] as const).filter((name) => checks[name] !== undefined);
    const reasons = await Promise.all(names.map((name) => problemOf(checks[name]!)));
    const failed = names.filter((_name, index) => reasons[index] !== undefined);
    if (failed.length === 0) return reply.header('cache-control', 'no-store').send({ ok: true });
    const logged = Object.fromEntries(failed.map((name) => [name, reasons[names.indexOf(name)]]));
    request.log.warn({ reasons: logged }, `not ready: ${failed.join(' and ')} do not answer`);
    const body: ReadinessFailure = { ok: false, failed };
    return reply.code(503).header('cache-control', 'no-store').send(body);
  });
}

/** Undefined when the check answered in time; the reason otherwise. */
async function problemOf(check: () => Promise<void>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  const ping = check().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message || error.name : String(error)),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
