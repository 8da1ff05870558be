import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { HEALTH_PATH, SESSION_PATH, SessionRequestSchema } from '@tandem/protocol';
import type { ErrorCode, HttpError, SessionResponse } from '@tandem/protocol';
import type { TokenService } from './auth';
import { describeIssues } from './errors';
import type { Store } from './store/types';

export interface HttpDeps {
  store: Store;
  tokens: TokenService;
  now: () => number;
  /** Directory of the built H5 app; served at `/` when it holds an index.html. */
  webRoot?: string | undefined;
}

const NOT_BUILT_PAGE =
  'Tandem server is running, but the web app is not built.\n' +
  'Build it with `pnpm build` at the repository root, or point WEB_ROOT at a built H5 app.\n';

const httpError = (code: ErrorCode, message: string): HttpError => ({ error: { code, message } });

function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string) {
  return reply.code(status).send(httpError(code, message));
}

/** Paths the web app never owns: an unknown one is a JSON 404, not the SPA's index.html. */
const isApiPath = (url: string) => url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io');

export function registerHttpRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
    // Malformed JSON, an empty body, an unsupported content type: all a bad payload to the client.
    if (status >= 400 && status < 500) return sendError(reply, 400, 'INVALID_PAYLOAD', error.message);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'INTERNAL', 'internal error');
  });

  app.get(HEALTH_PATH, async () => ({ ok: true }));

  app.post(SESSION_PATH, async (request, reply) => {
    const parsed = v.safeParse(SessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    // Each sign-in is a new user: the nickname is a display name, not an account.
    const user = await deps.store.createUser(parsed.output.nickname, deps.now());
    const { token, expiresAt } = await deps.tokens.issue(user);
    const body: SessionResponse = { token, user: { id: user.id, nickname: user.nickname }, expiresAt };
    return reply.header('cache-control', 'no-store').send(body);
  });

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
