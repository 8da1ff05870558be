import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { User } from '@tandem/protocol';
import type { Store } from '../src/store/types';
import { postgres, sqlite } from './store-backends';
import type { TestDatabase } from './postgres';

/** The text column of a message row, read past the store: what a recall or delete leaves in the database. */
const rawText = {
  sqlite: async (dir: string, id: string) => {
    const db = new Database(path.join(dir, 'tandem.db'), { readonly: true });
    try {
      return (db.prepare('SELECT text FROM messages WHERE id = ?').get(id) as { text: string }).text;
    } finally {
      db.close();
    }
  },
  postgres: async (database: TestDatabase, id: string) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<{ text: string }>('SELECT text FROM messages WHERE id = $1', [id])).rows[0]?.text;
    } finally {
      await client.end();
    }
  },
};

const cases = [
  { name: 'sqlite', backend: sqlite, raw: rawText.sqlite },
  { name: 'postgres', backend: postgres, raw: rawText.postgres },
] as const;

describe.each(cases)('message changes in the $name store', ({ backend, raw }) => {
  let location: never;
  let store: Store;
  beforeEach(async () => {
    location = (await backend.location()) as never;
    store = await (backend.open as (l: never) => Promise<Store>)(location);
  });
  afterEach(async () => {
    try {
      await store.close();
    } finally {
      await (backend.dispose as (l: never) => Promise<void>)(location);
    }
  });

  const newUser = async (nickname: string): Promise<User> => {
    const { id } = await store.createUser(nickname, 1000);
    return { id, nickname };
  };
  const setup = async () => {
    const ann = await newUser('Ann');
    const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: ann.id, createdAt: 1 });
    const send = async (clientId: string) =>
      (await store.appendMessage({ roomId: room.id, sender: ann, clientId, text: `text ${clientId}`, createdAt: 5 }))
        .message;
    return { ann, room, send };
  };

  it('starts rooms and messages at change seq 0', async () => {
    const { room, send } = await setup();
    const message = await send('a');
    expect((await store.findRoom(room.id))?.changeSeq).toBeUndefined();
    expect(message.changeSeq).toBeUndefined();
    expect(await store.findMessage(room.id, message.id)).toEqual(message);
    expect(await store.findMessage('no-such-room', message.id)).toBeUndefined();
    expect(await store.listChanges(room.id, 0, 10)).toEqual({ messages: [], hasMore: false, changeSeq: 0 });
  });

  it('edits a message: new text, editedAt and the room’s next change seq, seen by every read', async () => {
    const { room, send } = await setup();
    const message = await send('a');
    const edited = await store.changeMessage({
      kind: 'edit',
      roomId: room.id,
      messageId: message.id,
      text: 'b',
      at: 9,
    });
    expect(edited).toEqual({ ...message, text: 'b', editedAt: 9, changeSeq: 1 });
    expect((await store.listMessages(room.id, { limit: 10 })).messages).toEqual([edited]);
    expect((await store.findRoom(room.id))?.lastMessage).toEqual(edited);
    expect((await store.findRoom(room.id))?.changeSeq).toBe(1);
  });

  it('turns a recalled or deleted message into a tombstone whose text is gone from the row', async () => {
    const { room, send } = await setup();
    const [first, second] = [await send('a'), await send('b')];
    const recalled = await store.changeMessage({ kind: 'recall', roomId: room.id, messageId: first.id, at: 9 });
    const deleted = await store.changeMessage({ kind: 'delete', roomId: room.id, messageId: second.id, at: 9 });
    expect(recalled).toEqual({ ...first, text: '', state: 'recalled', changeSeq: 1 });
    expect(deleted).toEqual({ ...second, text: '', state: 'deleted', changeSeq: 2 });
    expect(await raw(location, first.id)).toBe('');
    expect(await raw(location, second.id)).toBe('');
  });

  it('never changes a tombstone again, nor a message of another room, and bumps nothing then', async () => {
    const { ann, room, send } = await setup();
    const other = await store.createRoom({ name: 'o', visibility: 'public', creatorId: ann.id, createdAt: 1 });
    const message = await send('a');
    await store.changeMessage({ kind: 'recall', roomId: room.id, messageId: message.id, at: 9 });
    const edit = { kind: 'edit', roomId: room.id, messageId: message.id, text: 'back', at: 10 } as const;
    expect(await store.changeMessage(edit)).toBeUndefined();
    expect(
      await store.changeMessage({ kind: 'delete', roomId: room.id, messageId: message.id, at: 10 }),
    ).toBeUndefined();
    expect(await store.changeMessage({ ...edit, roomId: other.id })).toBeUndefined();
    expect(await store.changeMessage({ ...edit, messageId: 'nope' })).toBeUndefined();
    expect((await store.findRoom(room.id))?.changeSeq).toBe(1);
    expect((await store.findRoom(other.id))?.changeSeq).toBeUndefined();
    expect((await store.findMessage(room.id, message.id))?.text).toBe('');
  });

  it('answers a resend of a changed message with the message as it is now (its tombstone, its edit)', async () => {
    const { ann, room, send } = await setup();
    const [recalled, edited] = [await send('r'), await send('e')];
    await store.changeMessage({ kind: 'recall', roomId: room.id, messageId: recalled.id, at: 9 });
    await store.changeMessage({ kind: 'edit', roomId: room.id, messageId: edited.id, text: 'better', at: 10 });
    const resend = async (clientId: string) =>
      (await store.appendMessage({ roomId: room.id, sender: ann, clientId, text: 'again', createdAt: 11 })).message;
    expect(await resend('r')).toEqual(await store.findMessage(room.id, recalled.id));
    expect(await resend('r')).toMatchObject({ state: 'recalled', text: '', changeSeq: 1 });
    expect(await resend('e')).toMatchObject({ text: 'better', editedAt: 10, changeSeq: 2 });
  });

  it('lists changes after a change seq in change order, a message once at its latest change, in pages', async () => {
    const { room, send } = await setup();
    const [a, b, c] = [await send('a'), await send('b'), await send('c')];
    const change = (messageId: string, text: string) =>
      store.changeMessage({ kind: 'edit', roomId: room.id, messageId, text, at: 9 });
    await change(b.id, 'b1');
    await change(a.id, 'a1');
    await change(b.id, 'b2');
    await store.changeMessage({ kind: 'recall', roomId: room.id, messageId: c.id, at: 9 });
    const all = await store.listChanges(room.id, 0, 10);
    expect(all.messages.map((m) => [m.id, m.changeSeq, m.text])).toEqual([
      [a.id, 2, 'a1'],
      [b.id, 3, 'b2'],
      [c.id, 4, ''],
    ]);
    expect(all).toMatchObject({ hasMore: false, changeSeq: 4 });
    const page = await store.listChanges(room.id, 0, 2);
    expect(page.messages.map((m) => m.id)).toEqual([a.id, b.id]);
    expect(page.hasMore).toBe(true);
    expect((await store.listChanges(room.id, 3, 2)).messages.map((m) => m.id)).toEqual([c.id]);
    expect(await store.listChanges(room.id, 4, 2)).toEqual({ messages: [], hasMore: false, changeSeq: 4 });
  });

  it('keeps the change seq gapless under concurrent changes of different messages', async () => {
    const { room, send } = await setup();
    const messages = await Promise.all(Array.from({ length: 8 }, (_, i) => send(`m${i}`)));
    const changed = await Promise.all(
      messages.map((m) => store.changeMessage({ kind: 'edit', roomId: room.id, messageId: m.id, text: 'x', at: 9 })),
    );
    expect(changed.map((m) => m?.changeSeq).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('lets one of a recall and an edit racing on a message win, never both', async () => {
    const { room, send } = await setup();
    const message = await send('a');
    const [recalled, edited] = await Promise.all([
      store.changeMessage({ kind: 'recall', roomId: room.id, messageId: message.id, at: 9 }),
      store.changeMessage({ kind: 'edit', roomId: room.id, messageId: message.id, text: 'b', at: 9 }),
    ]);
    const stored = await store.findMessage(room.id, message.id);
    expect(stored?.state).toBe('recalled');
    expect(stored?.text).toBe('');
    expect(recalled).toEqual(stored);
    // The edit either ran first (then the recall wiped it) or found the tombstone.
    if (edited) expect(edited.changeSeq).toBe(1);
    expect(stored?.changeSeq).toBe(edited ? 2 : 1);
  });
});
