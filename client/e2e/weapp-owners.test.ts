import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';

/**
 * Owners and safety (issue 12) in the built mini program: blocking a person from their name hides their messages,
 * and a removal by the room's owner (a socket.io-client peer) takes the room away with a notice.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;

let server: RunningServer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  requireFile(path.join(WEAPP_ROOT, 'app.js'), 'The weapp build', 'pnpm --filter @tandem/client build');
  server = await startServer();
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

afterAll(async () => {
  await server?.stop();
});

async function peer(nickname: string): Promise<Peer> {
  const created = await connectPeer(server.url, nickname);
  cleanups.push(() => created.close());
  return created;
}

function launch(): MiniProgram {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    verbose: process.env.E2E_VERBOSE === '1',
  });
  cleanups.push(() => mp.dispose());
  return mp;
}

async function signInAndOpen(mp: MiniProgram, nickname: string, room: string): Promise<void> {
  await mp.type(await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page'), nickname);
  mp.tap(await mp.waitFor(() => mp.view().byClass('signin-submit')[0], 'the sign-in button'));
  const item = await mp.waitFor(
    () =>
      mp
        .view()
        .byClass('room-item')
        .find((node) => node.byClassAndText('room-item-name', room, true).length),
    `room "${room}" in the room list`,
  );
  mp.tap(item);
  await mp.waitFor(() => mp.view().byClass('conn-banner--online')[0], 'the connection banner to say online');
  await mp.waitFor(() => mp.view().byClassAndText('chat-title', room, true)[0], `the chat page of "${room}"`);
}

test('a blocked person’s messages are hidden, and a removal by the owner takes the room away', async () => {
  const bob = await peer('Bob');
  const { room } = await bob.request('room:create', { name: 'Weapp den' });
  const mp = launch();
  await signInAndOpen(mp, 'Mina', 'Weapp den');
  await bob.request('message:send', { roomId: room.id, clientId: 'bob-1', text: 'buy cheap watches' });
  await mp.waitFor(() => mp.view().byClassAndText('message-text', 'buy cheap watches', true)[0], "Bob's message");

  mp.tap(mp.view().byClassAndText('message-sender', 'Bob', true)[0]!);
  mp.tap(await mp.waitFor(() => mp.view().byClass('block-user')[0], 'the block action'));
  mp.tap(await mp.waitFor(() => mp.view().byClass('block-confirm')[0], 'the block confirmation'));
  await mp.waitFor(() => mp.view().byClass('message-hidden')[0], 'the hidden message');
  expect(mp.view().byClassAndText('message-text', 'buy cheap watches', true)).toHaveLength(0);
  expect((await bob.request('user:blocks', {})).users).toEqual([]);

  const mina = (await bob.request('room:join', { roomId: room.id })).members.find((m) => m.nickname === 'Mina');
  await bob.request('room:kick', { roomId: room.id, userId: mina!.id });
  await mp.waitFor(() => mp.view().byClass('chat-removed')[0], 'the removal notice');
  expect(mp.view().byClass('composer-input')).toHaveLength(0);
});
