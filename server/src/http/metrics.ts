import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics';
import { errorCodeOf, sendError, sendUnauthorized } from './reply';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteDeps {
  metrics: Metrics;
  /** The bearer token a scraper must send; without it the route answers 404 (metrics are not public). */
  token: string | undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * True when the Authorization header carries `token` as a bearer token. Compared in constant time over digests, so
 * neither the token's characters nor its length leak through timing.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const presented = match?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}

/**
 * `GET /metrics` in Prometheus' text format for holders of METRICS_TOKEN, and the counting of rejected HTTP requests
 * (every error answer goes through reply.ts, which remembers its code).
 */
export function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): void {
  const { metrics, token } = deps;
  app.addHook('onResponse', async (_request, reply) => {
    const code = errorCodeOf(reply);
    if (code !== undefined) metrics.rejected('http', code);
  });
  app.get(METRICS_PATH, async (request, reply) => {
    if (token === undefined) return sendError(reply, 404, 'NOT_FOUND', 'not found');
    if (!bearerMatches(request.headers.authorization, token)) {
      return sendUnauthorized(reply, 'metrics need the METRICS_TOKEN bearer token');
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
