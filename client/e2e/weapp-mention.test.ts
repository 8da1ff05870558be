import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * A mention in the built mini program (simulated WeChat runtime, real server): mentioned by someone else, the room
 * list says so, the message is highlighted and the mark goes once read; and `@` in the composer offers the room's
 * members, whose pick makes the sent message mention them.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;

let server: RunningServer;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  server = await startServer();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await server?.stop();
});

function launch(): MiniProgram {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    verbose: process.env.E2E_VERBOSE === '1',
  });
  cleanups.push(() => mp.dispose());
  return mp;
}

async function peer(nickname: string): Promise<Peer> {
  const created = await connectPeer(server.url, nickname);
  cleanups.push(() => created.close());
  return created;
}

const enabled = (node: ViewNode | undefined) => (node && node.attr('disabled') !== true ? node : undefined);

async function signIn(mp: MiniProgram, nickname: string): Promise<void> {
  await mp.type(await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page'), nickname);
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('signin-submit')[0]), 'an enabled sign-in button'));
  await mp.waitFor(() => mp.page.route === 'pages/rooms/index' && mp.view().byClass('rooms-user')[0], 'the room list');
}

const roomItem = (mp: MiniProgram, name: string) =>
  mp
    .view()
    .byClass('room-item')
    .find((node) => node.byClassAndText('room-item-name', name, true).length > 0);

async function openRoom(mp: MiniProgram, name: string): Promise<void> {
  mp.tap(await mp.waitFor(() => roomItem(mp, name), `room "${name}" in the list`));
  await mp.waitFor(
    () => mp.page.route === 'pages/chat/index' && mp.view().byClassAndText('chat-title', name, true)[0],
    `the chat page of "${name}"`,
  );
  await mp.waitFor(() => mp.view().byClass('conn-banner--online')[0], 'the connection banner to say online');
}

async function backToRooms(mp: MiniProgram): Promise<void> {
  // The navigation bar's back button.
  mp.pages.apis().navigateBack();
  await mp.waitFor(() => mp.page.route === 'pages/rooms/index' && roomItem(mp, 'Lunch'), 'the room list again');
}

describe('mentions in the WeChat mini program', () => {
  test('a mention marks the room, highlights the message, and the mark goes once the room is read', async () => {
    const ann = await peer('Ann');
    const { room } = await ann.request('room:create', { name: 'Lunch', visibility: 'public' });
    const mp = launch();
    await signIn(mp, 'Bob');
    await openRoom(mp, 'Lunch');
    await backToRooms(mp);
    const bobId = (await ann.request('room:join', { roomId: room.id })).members.find((m) => m.nickname === 'Bob')?.id;
    expect(bobId).toBeDefined();

    await ann.request('message:send', { roomId: room.id, clientId: 'm1', text: '@Bob noodles?', mentions: [bobId!] });
    await mp.waitFor(() => roomItem(mp, 'Lunch')?.byClass('room-item-mention')[0], 'the mention mark');
    await openRoom(mp, 'Lunch');
    await mp.waitFor(
      () =>
        mp
          .view()
          .byClass('message-item--mentions-me')
          .find((node) => node.text().includes('@Bob noodles?')),
      'the mentioning message highlighted',
    );
    await backToRooms(mp);
    await mp.waitFor(() => roomItem(mp, 'Lunch') && !roomItem(mp, 'Lunch')?.byClass('room-item-mention')[0], 'no mark');
    expect(mp.problems()).toEqual([]);
  });

  test('@ in the composer offers the members; the picked one is mentioned in the sent message', async () => {
    const ann = await peer('Ann');
    const { room } = await ann.request('room:create', { name: 'Lunch', visibility: 'public' });
    const mp = launch();
    await signIn(mp, 'Bob');
    await openRoom(mp, 'Lunch');
    const input = mp.view().byClass('composer-input')[0]!;
    await mp.type(input, 'hi @a');
    const option = await mp.waitFor(
      () => mp.view().byClassAndText('mention-picker-item', 'Ann', true)[0],
      'Ann offered in the picker',
    );
    expect(mp.view().byClassAndText('mention-picker-item', 'Bob', true)).toHaveLength(0);
    mp.tap(option);
    await mp.waitFor(() => mp.view().byClass('composer-input')[0]?.attr('value') === 'hi @Ann ', 'the name inserted');
    mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('composer-send')[0]), 'an enabled send button'));
    const received = await ann.waitForMessage('hi @Ann');
    expect(received.roomId).toBe(room.id);
    expect(received.mentions).toEqual([ann.user.id]);
    expect(mp.problems()).toEqual([]);
  });
});
