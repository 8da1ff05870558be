import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CONFIG_PATH, PROTOCOL_VERSION } from '@tandem/protocol';
import type { ClientConfig } from '@tandem/protocol';
import { deviceRoutes } from './devices';
import { healthRoutes } from './health';
import { metricsRoutes } from './metrics';
import type { MetricsRouteDeps } from './metrics';
import { sendError } from './reply';
import { securityHeaders } from './security';
import { avatarRoutes, profileRoutes } from './profile';
import type { ProfileDeps } from './profile';
import { sessionRoutes } from './session';
import type { SessionDeps } from './session';
import { mediaServeRoutes, mediaUploadRoutes } from '../media';
import type { MediaUploadDeps } from '../media';
import { signInLinkRoutes } from './signin-links';
import type { SignInLinkDeps } from './signin-links';

export interface HttpDeps extends SessionDeps, SignInLinkDeps, ProfileDeps, MetricsRouteDeps, MediaUploadDeps {
  /** Directory of the built H5 app; served at `/` when it holds an index.html. */
  webRoot?: string | undefined;
  allowedOrigins: '*' | string[];
  /** Given when several nodes share Redis: readiness checks it too. */
  pingRedis?: (() => Promise<void>) | undefined;
}

const NOT_BUILT_PAGE =
  'Tandem server is running, but the web app is not built.\n' +
  'Build it with `pnpm build` at the repository root, or point WEB_ROOT at a built H5 app.\n';

/** Paths the web app never owns: an unknown one is a JSON 404, not the SPA's index.html. */
const isApiPath = (url: string) => url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io');

export function registerHttpRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
    // Malformed JSON, an unsupported content type, a `__proto__` key: all a bad payload to the client.
    if (status >= 400 && status < 500) return sendError(reply, 400, 'INVALID_PAYLOAD', error.message);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'INTERNAL', 'internal error');
  });
  acceptEmptyJsonBodies(app);
  securityHeaders(app, { webRoot: deps.webRoot, allowedOrigins: deps.allowedOrigins });

  healthRoutes(app, { database: () => deps.store.ping(), redis: deps.pingRedis });
  metricsRoutes(app, { metrics: deps.metrics, token: deps.token });
  app.get(CONFIG_PATH, async (_request, reply) => {
    const body: ClientConfig = { wechatSignIn: deps.wechat !== undefined, protocolVersion: PROTOCOL_VERSION };
    return reply.header('cache-control', 'no-cache').send(body);
  });
  void app.register(sessionRoutes, deps);
  deviceRoutes(app, deps);
  signInLinkRoutes(app, deps);
  void app.register(profileRoutes, deps);
  avatarRoutes(app, deps);
  void app.register(mediaUploadRoutes, deps);
  mediaServeRoutes(app, deps);

  const webRoot = deps.webRoot;
  if (webRoot !== undefined && fs.existsSync(path.join(webRoot, 'index.html'))) {
    void app.register(fastifyStatic, { root: webRoot });
    // Client-side routes of the single-page app resolve to its index.html.
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' || isApiPath(request.url)) return sendError(reply, 404, 'NOT_FOUND', 'not found');
      return reply.sendFile('index.html');
    });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(NOT_BUILT_PAGE));
    app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'NOT_FOUND', 'not found'));
  }
}

/**
 * Fastify's JSON parser (prototype-poisoning keys refused) that reads an empty body as no body: `wx.request` sends
 * `content-type: application/json` even for a POST without data, such as a token refresh.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}
