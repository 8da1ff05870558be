import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import { userKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';
import type { RequestContext } from './define';

/**
 * Blocks and reports (issue 12). A block follows the account: the answer is the list as it is now, and the user's
 * other devices hear it as `blocks:updated`; the client hides the blocked people's messages.
 */
async function answerBlocks({ services, socket, user }: RequestContext, changed: boolean) {
  const users = await services.store.listBlocked(user.id);
  if (changed) services.io.to(userKey(user.id)).except(socket.id).emit('blocks:updated', { users });
  return { users };
}

export const blockUser = defineHandler('user:block', async ({ userId }, context) => {
  const { services, user } = context;
  if (userId === user.id) throw new AppError('INVALID_PAYLOAD', 'you cannot block yourself');
  if (!(await services.store.findUser(userId))) throw new AppError('NOT_FOUND', 'no such user');
  return answerBlocks(context, await services.store.blockUser(user.id, userId, services.now()));
});

export const unblockUser = defineHandler('user:unblock', async ({ userId }, context) =>
  answerBlocks(context, await context.services.store.unblockUser(context.user.id, userId)),
);

export const listBlocks = defineHandler('user:blocks', (_payload, context) => answerBlocks(context, false));

/** Refuses a direct message or conversation between two people when either has blocked the other. */
export const blockedBetween = () => new AppError('FORBIDDEN', 'one of you has blocked the other');

export const reportMessage = defineHandler('message:report', async ({ roomId, messageId, reason }, context) => {
  const { services, user } = context;
  await requireMember(services.store, roomId, user.id);
  const report = await services.store.reportMessage({
    id: randomUUID(),
    roomId,
    messageId,
    reporterId: user.id,
    reason,
    createdAt: services.now(),
  });
  if (!report) throw new AppError('NOT_FOUND', 'no such message in this room');
  services.logger.info({ reportId: report.id, roomId, messageId, reporterId: user.id }, 'message reported');
  return { reportId: report.id };
});

export const safetyHandlers = [blockUser, unblockUser, listBlocks, reportMessage];
