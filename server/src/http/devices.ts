import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { SESSIONS_PATH, SESSION_SIGN_OUT_PATH, SIGN_OUT_PATH, SessionIdSchema } from '@tandem/protocol';
import type { SessionListResponse, SessionSignOutResponse } from '@tandem/protocol';
import { authenticateSession, bearerToken } from '../auth';
import type { Authenticated, TokenService } from '../auth';
import type { Store } from '../store/types';
import { TOKEN_REFUSED, sendError, sendUnauthorized } from './reply';

export interface DeviceDeps {
  store: Store;
  tokens: TokenService;
  /** Sends the live sockets of one session `session:ended` (`signed_out`) and disconnects them, on every node. */
  disconnectSession(sessionId: string): void;
}

const ParamsSchema = v.object({ id: SessionIdSchema });
const NO_SUCH_SESSION = 'no such session';

/**
 * Devices: the user's sessions (`GET /api/sessions`), signing one of them out (`POST /api/sessions/:id/signout`) and
 * signing this one out (`POST /api/session/signout`). Ending a session deletes it, so its tokens are refused at
 * once, then its sockets are told and dropped; the user's other sessions go on.
 */
export function deviceRoutes(app: FastifyInstance, deps: DeviceDeps): void {
  const authenticated = async (request: FastifyRequest, reply: FastifyReply) => {
    const signedIn = await authenticateSession(deps, bearerToken(request.headers.authorization));
    if (!signedIn) await sendUnauthorized(reply, TOKEN_REFUSED);
    return signedIn;
  };
  const end = async (reply: FastifyReply, { user }: Authenticated, sessionId: string) => {
    // Committed before the sockets drop: a reconnect with the session's token is refused at its handshake.
    if (!(await deps.store.endSession(user.id, sessionId))) return false;
    deps.disconnectSession(sessionId);
    const body: SessionSignOutResponse = {};
    await reply.header('cache-control', 'no-store').send(body);
    return true;
  };

  app.get(SESSIONS_PATH, async (request, reply) => {
    const signedIn = await authenticated(request, reply);
    if (!signedIn) return reply;
    const sessions = await deps.store.listSessions(signedIn.user.id);
    const body: SessionListResponse = {
      sessions: sessions.map(({ id, device, createdAt, lastSeenAt, address }) => ({
        id,
        device,
        createdAt,
        lastSeenAt,
        address,
        current: id === signedIn.session?.id,
      })),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.post(SESSION_SIGN_OUT_PATH, async (request, reply) => {
    const signedIn = await authenticated(request, reply);
    if (!signedIn) return reply;
    const params = v.safeParse(ParamsSchema, request.params);
    // Another user's session is answered like one that never existed.
    if (!params.success || !(await end(reply, signedIn, params.output.id))) {
      return sendError(reply, 404, 'NOT_FOUND', NO_SUCH_SESSION);
    }
    return reply;
  });

  app.post(SIGN_OUT_PATH, async (request, reply) => {
    const signedIn = await authenticated(request, reply);
    if (!signedIn) return reply;
    // A token of no session (issued before sessions existed) has nothing to end; it expires on its own.
    if (signedIn.session && (await end(reply, signedIn, signedIn.session.id))) return reply;
    const body: SessionSignOutResponse = {};
    return reply.header('cache-control', 'no-store').send(body);
  });
}
