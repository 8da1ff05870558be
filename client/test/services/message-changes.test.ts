import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import { roomsStore } from '../../src/stores/rooms';
import { PeerPool } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

const servers: RunningServer[] = [];
const peers = new PeerPool();

afterEach(async () => {
  account.signOut();
  peers.closeAll();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** Uma on the app (the room's owner) and Pat on a plain socket, in one room. */
async function roomWithPat() {
  const started = await startServer();
  servers.push(started);
  chat.configureChat({
    serverUrl: started.url,
    connection: { backoff: { minMs: 50, maxMs: 200, factor: 2, jitter: 0 } },
  });
  const signedIn = await account.signIn('Uma');
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
  const created = await chat.createRoom('changes');
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  const roomId = created.data.id;
  const pat = await peers.connect(started.url, 'Pat');
  await pat.request('room:join', { roomId });
  return { roomId, pat };
}

/** What the app's timeline shows of each message: its text and, for a changed one, how. */
const timeline = (roomId: string) => {
  const room = messagesStore.getState().rooms[roomId];
  return (room?.keys ?? []).map((key) => {
    const message = room?.byKey[key];
    return [message?.text, message?.state ?? (message?.editedAt ? 'edited' : 'normal')];
  });
};

describe('message changes on the app', () => {
  it('applies another person’s edit and recall live, and tells them of its own edit', async () => {
    const { roomId, pat } = await roomWithPat();
    const first = await pat.send(roomId, 'typo');
    const second = await pat.send(roomId, 'oops');
    await waitFor('both messages', () => timeline(roomId).length === 2);

    await pat.request('message:edit', { roomId, messageId: first.id, text: 'fixed' });
    await pat.request('message:recall', { roomId, messageId: second.id });
    await waitFor('the edit and the recall', () => timeline(roomId)[1]?.[1] === 'recalled');
    expect(timeline(roomId)).toEqual([
      ['fixed', 'edited'],
      ['', 'recalled'],
    ]);
    expect(messagesStore.getState().changeSeqs[roomId]).toBe(2);
    expect(roomsStore.getState().byId[roomId]?.lastMessage).toMatchObject({ id: second.id, state: 'recalled' });

    const heard = new Promise((resolve) => pat.socket.once('message:updated', resolve));
    chat.sendMessage(roomId, 'mine');
    await waitFor('my message stored', () =>
      Object.values(messagesStore.getState().rooms[roomId]?.byKey ?? {}).some(
        (m) => m.text === 'mine' && m.id !== null,
      ),
    );
    const mine = Object.values(messagesStore.getState().rooms[roomId]?.byKey ?? {}).find((m) => m.text === 'mine');
    expect(await chat.editMessage(roomId, mine?.id ?? '', 'mine, edited')).toBeNull();
    expect(timeline(roomId)[2]).toEqual(['mine, edited', 'edited']);
    expect(await heard).toMatchObject({ message: { text: 'mine, edited' } });
  });

  it('catches up on edits, recalls and deletes made while it was offline, once', async () => {
    const { roomId, pat } = await roomWithPat();
    const messages = [await pat.send(roomId, 'one'), await pat.send(roomId, 'two'), await pat.send(roomId, 'three')];
    await waitFor('the messages', () => timeline(roomId).length === 3);

    chat.stopChat();
    await pat.request('message:edit', { roomId, messageId: messages[0]?.id ?? '', text: 'one, edited' });
    await pat.request('message:recall', { roomId, messageId: messages[1]?.id ?? '' });
    await pat.request('message:edit', { roomId, messageId: messages[0]?.id ?? '', text: 'one, again' });
    chat.startChat();

    await waitFor('the changes', () => messagesStore.getState().changeSeqs[roomId] === 3);
    expect(timeline(roomId)).toEqual([
      ['one, again', 'edited'],
      ['', 'recalled'],
      ['three', 'normal'],
    ]);

    // The owner deletes; the person who sent it sees the tombstone.
    const deleted = new Promise((resolve) => pat.socket.once('message:updated', resolve));
    expect(await chat.deleteMessage(roomId, messages[2]?.id ?? '')).toBeNull();
    expect(await deleted).toMatchObject({ message: { id: messages[2]?.id, state: 'deleted', text: '' } });
    expect(timeline(roomId)[2]).toEqual(['', 'deleted']);
    expect(await chat.recallMessage(roomId, messages[0]?.id ?? '')).toMatchObject({ code: 'FORBIDDEN' });
  });
});
