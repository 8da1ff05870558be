import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { DEVICE_SESSION_PATH, DeviceSessionRequestSchema } from '@tandem/protocol';
import { describeIssues } from '../errors';
import type { Store } from '../store/types';
import type { WechatClient } from '../wechat';
import type { SessionKit } from './session-kit';
import { sendError } from './reply';

interface DeviceAccountDeps {
  store: Store;
  now: () => number;
  /** Undefined when WeChat sign-in is not configured: only then are device accounts offered. */
  wechat: WechatClient | undefined;
}

/** What the database keeps of a credential: its SHA-256, so a copy of the database signs no one in. */
const credentialHash = (credential: string) => createHash('sha256').update(credential, 'utf8').digest('hex');

/**
 * `POST /api/session/device`: a mini program's device account, where WeChat sign-in is not configured. The client
 * made the credential and keeps it; its first use with a nickname creates the user, later uses sign the same user
 * in. Registered inside the session routes' scope, so the per-address sign-in limit applies before the body is read.
 */
export function deviceAccountRoutes(scope: FastifyInstance, deps: DeviceAccountDeps, kit: SessionKit): void {
  scope.post(DEVICE_SESSION_PATH, async (request, reply) => {
    // A deployment with WeChat sign-in wants WeChat identity: a secret in one phone's storage is weaker.
    if (deps.wechat) return sendError(reply, 403, 'FORBIDDEN', 'this server signs in with WeChat');
    const parsed = v.safeParse(DeviceSessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const { credential, nickname, device } = parsed.output;
    const hash = credentialHash(credential);
    if (await kit.accountLimited(reply, `device:${hash}`)) return reply;
    const user =
      nickname === undefined
        ? await deps.store.findDeviceUser(hash)
        : await deps.store.findOrCreateDeviceUser(hash, nickname, deps.now());
    if (!user)
      return sendError(reply, 404, 'NOT_FOUND', 'no account has this credential: send a nickname to create one');
    return kit.startSession(request, reply, user, device);
  });
}
