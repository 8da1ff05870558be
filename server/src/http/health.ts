import type { FastifyInstance } from 'fastify';
import { HEALTH_PATH } from '@tandem/protocol';
import type { Store } from '../store/types';

export const READY_PATH = '/readyz';

/** How long readiness waits for the database; a probe that hangs tells an orchestrator nothing. */
const READY_TIMEOUT_MS = 3000;

/**
 * What a failed readiness check answers: the names of the checks that failed. The reasons go to the log only: the
 * route is public, and a driver's message may name hosts and databases.
 */
export interface ReadinessFailure {
  ok: false;
  failed: 'database'[];
}

/**
 * Liveness and readiness, apart. `/healthz` answers while the process runs and touches nothing: restarting a node
 * because its database is away would not bring the database back. `/readyz` answers 200 only when the database
 * answers a cheap read, and 503 naming what failed otherwise, so a balancer stops sending clients to the node.
 */
export function healthRoutes(app: FastifyInstance, store: Store): void {
  app.get(HEALTH_PATH, async () => ({ ok: true }));
  app.get(READY_PATH, async (request, reply) => {
    const reason = await databaseProblem(store);
    if (reason === undefined) return reply.header('cache-control', 'no-store').send({ ok: true });
    request.log.warn({ reason }, 'not ready: the database does not answer');
    const body: ReadinessFailure = { ok: false, failed: ['database'] };
    return reply.code(503).header('cache-control', 'no-store').send(body);
  });
}

/** Undefined when the store answered its ping in time; the reason otherwise. */
async function databaseProblem(store: Store): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  const ping = store.ping().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message || error.name : String(error)),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
