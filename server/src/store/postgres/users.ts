import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { toUser } from '../rows';
import type { ClaimResult, UserRecord, UserStore } from '../types';
import type { Database } from './schema';

const USER_COLUMNS = ['id', 'nickname', 'token_version', 'created_at', 'username', 'avatar_version'] as const;

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** The user store's methods, one statement each (a claim that finds nothing to update reads why). */
export function userQueries(db: Kysely<Database>): UserStore {
  const findDeviceUser = async (hash: string) => {
    const row = await db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('device_credential_hash', '=', hash)
      .executeTakeFirst();
    return row && toUser(row);
  };
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
    async findOrCreateDeviceUser(hash, nickname, createdAt): Promise<UserRecord> {
      // As for WeChat: the second of racing first sign-ins waits for the first to commit, then does nothing.
      await db
        .insertInto('users')
        .values({ id: randomUUID(), nickname, created_at: createdAt, device_credential_hash: hash })
        .onConflict((conflict) => conflict.column('device_credential_hash').doNothing())
        .execute();
      const row = await findDeviceUser(hash);
      if (!row) throw new Error('findOrCreateDeviceUser: the user vanished after its insert');
      return row;
    },
    findDeviceUser,
    async createAccount({ username, passwordHash, nickname, createdAt }) {
      const id = randomUUID();
      // ON CONFLICT DO NOTHING: a username taken in any letter case (the unique index on lower(username)) inserts
      // nothing, and a racing second sign-up waits for the first to commit.
      const inserted = await db
        .insertInto('users')
        .values({ id, nickname, created_at: createdAt, username, password_hash: passwordHash })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted && { id, nickname, tokenVersion: 0, createdAt, username };
    },
    async findCredentials(username) {
      const row = await db
        .selectFrom('users')
        .select([...USER_COLUMNS, 'password_hash'])
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .where('password_hash', 'is not', null)
        .executeTakeFirst();
      return row?.password_hash ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
    },
    async claimAccount(userId, username, passwordHash): Promise<ClaimResult> {
      try {
        const row = await db
          .updateTable('users')
          .set({ username, password_hash: passwordHash })
          .where('id', '=', userId)
          .where('username', 'is', null)
          .where('wechat_openid', 'is', null)
          .returning(USER_COLUMNS)
          .executeTakeFirst();
        if (row) return toUser(row);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'username-taken';
        throw error;
      }
      const exists = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      return exists ? 'already-claimed' : 'not-found';
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
