import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toUser } from '../rows';
import type { UserRecord, UserStore } from '../types';
import type { Database } from './schema';

const USER_COLUMNS = ['id', 'nickname', 'token_version', 'created_at'] as const;

/** The user store's methods, one statement each. */
export function userQueries(db: Kysely<Database>): UserStore {
  return {
    async createUser(nickname, createdAt) {
      const id = randomUUID();
      await db.insertInto('users').values({ id, nickname, created_at: createdAt }).execute();
      return { id, nickname, tokenVersion: 0, createdAt };
    },
    async findUser(id) {
      const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findOrCreateWechatUser(openid, nickname, createdAt): Promise<UserRecord> {
      // Racing first sign-ins: the second insert waits for the first to commit, then does nothing.
      await db
        .insertInto('users')
        .values({ id: randomUUID(), nickname, created_at: createdAt, wechat_openid: openid })
        .onConflict((conflict) => conflict.column('wechat_openid').doNothing())
        .execute();
      const row = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('wechat_openid', '=', openid)
        .executeTakeFirst();
      if (!row) throw new Error('findOrCreateWechatUser: the user vanished after its insert');
      return toUser(row);
    },
    async bumpTokenVersion(userId) {
      const row = await db
        .updateTable('users')
        .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
        .where('id', '=', userId)
        .returning('token_version')
        .executeTakeFirst();
      return row?.token_version;
    },
  };
}
