import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { SearchQuery, Store, UserRecord } from '../src/store/types';
import type { TestDatabase } from './postgres';
import { backends } from './store-backends';

/** Sets a message's text behind the store's back, as a recall or delete does (`UPDATE messages SET text = ''`). */
async function setText(name: string, location: unknown, messageId: string, text = ''): Promise<void> {
  const update = 'UPDATE messages SET text = $text WHERE id = $id';
  if (name === 'sqlite') {
    const db = new Database(path.join(location as string, 'tandem.db'));
    try {
      db.prepare(update.replace('$text', '?').replace('$id', '?')).run(text, messageId);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: (location as TestDatabase).url });
  await client.connect();
  try {
    await client.query(update.replace('$text', '$1').replace('$id', '$2'), [text, messageId]);
  } finally {
    await client.end();
  }
}

describe.each(backends)('the $name store: message search', (backend) => {
  let location: unknown;
  let store: Store;
  let ann: UserRecord;
  let bob: UserRecord;
  let clock = 10_000;
  beforeEach(async () => {
    location = await backend.location();
    store = await backend.open(location);
    ann = await store.createUser('Ann', 1000);
    bob = await store.createUser('Bob', 1000);
  });
  afterEach(async () => {
    try {
      await store.close();
    } finally {
      await backend.dispose(location);
    }
  });

  const room = (name: string, creator = ann) =>
    store.createRoom({ name, visibility: 'public', creatorId: creator.id, createdAt: 2000 });
  const say = async (roomId: string, text: string, sender = ann) =>
    (await store.appendMessage({ roomId, sender, clientId: `c${clock}`, text, createdAt: clock++ })).message;
  const texts = async (userId: string, query: Omit<SearchQuery, 'limit'> & { limit?: number }) =>
    (await store.searchMessages(userId, { limit: 20, ...query })).hits.map((hit) => hit.message.text);

  it('finds English words in any letter case, every word required, newest first', async () => {
    const lobby = await room('Lobby');
    await say(lobby.id, 'Hello world');
    await say(lobby.id, 'hello there');
    await say(lobby.id, 'goodbye WORLD');
    expect(await texts(ann.id, { terms: ['HELLO'] })).toEqual(['hello there', 'Hello world']);
    expect(await texts(ann.id, { terms: ['world', 'hello'] })).toEqual(['Hello world']);
    expect(await texts(ann.id, { terms: ['lo'] })).toEqual(['hello there', 'Hello world']);
    expect(await texts(ann.id, { terms: ['planet'] })).toEqual([]);
  });

  it('finds two-character and longer Chinese words, alone or with a longer word', async () => {
    const lobby = await room('大厅');
    await say(lobby.id, '你好，世界');
    await say(lobby.id, '今天天气很好');
    await say(lobby.id, '大家好');
    expect(await texts(ann.id, { terms: ['你好'] })).toEqual(['你好，世界']);
    expect(await texts(ann.id, { terms: ['天气'] })).toEqual(['今天天气很好']);
    expect(await texts(ann.id, { terms: ['天气很好'] })).toEqual(['今天天气很好']);
    expect(await texts(ann.id, { terms: ['好'] })).toEqual(['大家好', '今天天气很好', '你好，世界']);
    expect(await texts(ann.id, { terms: ['今天天气', '很好'] })).toEqual(['今天天气很好']);
    expect(await texts(ann.id, { terms: ['你好世界'] })).toEqual([]);
  });

  it('searches only the rooms the user is a member of now, or the one asked for', async () => {
    const mine = await room('Mine');
    const theirs = await room('Theirs', bob);
    const left = await room('Left', bob);
    await store.addMember(left.id, ann.id, 3000);
    await say(mine.id, 'apple in mine');
    await say(theirs.id, 'apple in theirs', bob);
    await say(left.id, 'apple in left', bob);
    expect(await texts(ann.id, { terms: ['apple'] })).toEqual(['apple in left', 'apple in mine']);
    await store.removeMember(left.id, ann.id);
    expect(await texts(ann.id, { terms: ['apple'] })).toEqual(['apple in mine']);
    expect(await texts(ann.id, { terms: ['ap'] })).toEqual(['apple in mine']);
    expect(await texts(bob.id, { terms: ['apple'], roomId: theirs.id })).toEqual(['apple in theirs']);
    expect(await texts(ann.id, { terms: ['apple'], roomId: theirs.id })).toEqual([]);
  });

  it('answers each message with its room, titled for a direct conversation by its people', async () => {
    const { room: direct } = await store.openDirectRoom({
      userIds: [ann.id, bob.id],
      name: 'Ann, Bob',
      creatorId: ann.id,
      createdAt: 2000,
    });
    const sent = await say(direct.id, 'secret plan', bob);
    const { hits, hasMore } = await store.searchMessages(ann.id, { terms: ['plan'], limit: 5 });
    expect(hasMore).toBe(false);
    expect(hits).toEqual([{ message: sent, room: { id: direct.id, name: 'Ann, Bob', direct: direct.direct } }]);
  });

  it('never finds a message whose text was blanked, by the index or by the scan, nor after a new text', async () => {
    const lobby = await room('Lobby');
    const recalled = await say(lobby.id, 'classified 机密 report');
    await say(lobby.id, 'public report');
    await setText(backend.name, location, recalled.id);
    expect(await texts(ann.id, { terms: ['classified'] })).toEqual([]);
    expect(await texts(ann.id, { terms: ['机密'] })).toEqual([]);
    expect(await texts(ann.id, { terms: ['report'] })).toEqual(['public report']);
    expect(await texts(ann.id, { terms: ['re'] })).toEqual(['public report']);
    await setText(backend.name, location, recalled.id, 'edited memo');
    expect(await texts(ann.id, { terms: ['memo'] })).toEqual(['edited memo']);
    expect(await texts(ann.id, { terms: ['classified'] })).toEqual([]);
  });

  it('pages newest first from a position, with hasMore until the oldest', async () => {
    const lobby = await room('Lobby');
    const sent = [];
    for (let index = 0; index < 5; index++) sent.push(await say(lobby.id, `note ${index}`));
    const first = await store.searchMessages(ann.id, { terms: ['note'], limit: 2 });
    expect(first.hits.map((hit) => hit.message.text)).toEqual(['note 4', 'note 3']);
    expect(first.hasMore).toBe(true);
    const last = first.hits[1]!.message;
    const second = await store.searchMessages(ann.id, { terms: ['no'], limit: 2, before: last });
    expect(second.hits.map((hit) => hit.message.text)).toEqual(['note 2', 'note 1']);
    const third = await store.searchMessages(ann.id, { terms: ['note'], limit: 2, before: second.hits[1]!.message });
    expect(third).toMatchObject({ hasMore: false });
    expect(third.hits.map((hit) => hit.message.id)).toEqual([sent[0]!.id]);
  });

  it('orders messages of the same time by room and seq, and a position among them skips none', async () => {
    const lobby = await room('Lobby');
    const hall = await room('Hall');
    const same = [];
    for (const [index, roomId] of [lobby.id, hall.id, lobby.id, hall.id, lobby.id].entries()) {
      const clientId = `same${index}`;
      same.push((await store.appendMessage({ roomId, sender: ann, clientId, text: 'tie', createdAt: 5 })).message);
    }
    const key = (message: { roomId: string; seq: number }) => `${message.roomId}:${message.seq}`;
    const expected = [...same].sort((a, b) => (key(a) < key(b) ? 1 : -1)).map((message) => message.id);
    const first = await store.searchMessages(ann.id, { terms: ['tie'], limit: 2 });
    const second = await store.searchMessages(ann.id, { terms: ['ti'], limit: 2, before: first.hits[1]!.message });
    const third = await store.searchMessages(ann.id, { terms: ['tie'], limit: 2, before: second.hits[1]!.message });
    expect(third.hasMore).toBe(false);
    expect([...first.hits, ...second.hits, ...third.hits].map((hit) => hit.message.id)).toEqual(expected);
  });

  it('takes LIKE wildcards and quotes in a word literally', async () => {
    const lobby = await room('Lobby');
    await say(lobby.id, 'a 100% sure thing');
    await say(lobby.id, 'snake_case name');
    await say(lobby.id, 'path C:\\dir and "quoted"');
    await say(lobby.id, 'plain 1000 snakeXcase');
    expect(await texts(ann.id, { terms: ['%'] })).toEqual(['a 100% sure thing']);
    expect(await texts(ann.id, { terms: ['0%'] })).toEqual(['a 100% sure thing']);
    expect(await texts(ann.id, { terms: ['100%'] })).toEqual(['a 100% sure thing']);
    expect(await texts(ann.id, { terms: ['_'] })).toEqual(['snake_case name']);
    expect(await texts(ann.id, { terms: ['snake_case'] })).toEqual(['snake_case name']);
    expect(await texts(ann.id, { terms: ['\\'] })).toEqual(['path C:\\dir and "quoted"']);
    expect(await texts(ann.id, { terms: ['"quoted"'] })).toEqual(['path C:\\dir and "quoted"']);
  });
});
