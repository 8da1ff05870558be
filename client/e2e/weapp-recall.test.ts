import path from 'node:path';
import { MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { sleep as delay } from '../test/support/wait';

/**
 * Recall and edit reaching the built mini program in the simulated WeChat (./weapp-sim): live in the foreground, and
 * made while WeChat had closed the hidden app's sockets and frozen it, shown once it comes back.
 */

const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;
const BACKGROUND = { closeSocketsAfterMs: 800, suspendAfterMs: 1_000 };

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

const enabled = (node: ViewNode | undefined) => (node && node.attr('disabled') !== true ? node : undefined);

/** The message lines on the open page: texts, and tombstone lines in brackets (in no particular order). */
const lines = (mp: MiniProgram) => [
  ...mp
    .view()
    .byClass('message-text')
    .map((node) => node.text()),
  ...mp
    .view()
    .byClass('message-tombstone-text')
    .map((node) => `[${node.text()}]`),
];

async function openRoomAsMina(): Promise<{ mp: MiniProgram; bob: Peer; roomId: string }> {
  const bob = await connectPeer(server.url, 'Bob');
  cleanups.push(() => bob.close());
  const { room } = await bob.request('room:create', { name: 'Recall lounge' });
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    hosts: { [BUILT_SERVER]: new URL(server.url).host },
    background: BACKGROUND,
    verbose: process.env.E2E_VERBOSE === '1',
  });
  cleanups.push(() => mp.dispose());
  await mp.type(await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page'), 'Mina');
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('signin-submit')[0]), 'an enabled sign-in button'));
  const item = await mp.waitFor(
    () =>
      mp
        .view()
        .byClass('room-item')
        .find((node) => node.byClassAndText('room-item-name', 'Recall lounge', true).length),
    'the room in the list',
  );
  mp.tap(item);
  await mp.waitFor(() => mp.view().byClass('conn-banner--online')[0], 'the connection banner to say online');
  return { mp, bob, roomId: room.id };
}

describe('recall and edit in the simulated WeChat', () => {
  test('a recall and an edit made while the app is in the background show once it is back', async () => {
    const { mp, bob, roomId } = await openRoomAsMina();
    const first = await bob.send(roomId, '第一条');
    const second = await bob.send(roomId, '说错了');
    const third = await bob.send(roomId, '马上改');
    await mp.waitFor(() => mp.view().byClassAndText('message-text', '马上改', true)[0], 'the three messages');

    // Live, in the foreground.
    await bob.request('message:edit', { roomId, messageId: third.id, text: '已经改好' });
    await mp.waitFor(() => mp.view().byClassAndText('message-text', '已经改好', true)[0], 'the live edit');
    expect(mp.view().byClassAndText('message-edited', '已编辑').length).toBe(1);

    // Hidden: WeChat closes the sockets and freezes the app; Bob recalls and edits meanwhile.
    const before = mp.sockets.tasks.length;
    mp.hide();
    await delay(BACKGROUND.suspendAfterMs + 300);
    expect(mp.sockets.live).toHaveLength(0);
    await bob.request('message:recall', { roomId, messageId: second.id });
    await bob.request('message:edit', { roomId, messageId: first.id, text: '第一条（改）' });
    await delay(300);
    expect(mp.view().byClass('message-tombstone-text')).toHaveLength(0);

    mp.show();
    await mp.waitFor(
      () => mp.sockets.tasks.length > before && mp.sockets.open.length === 1,
      'a new SocketTask after the app came back',
      20_000,
    );
    await mp.waitFor(
      () => mp.view().byClassAndText('message-tombstone-text', 'Bob 撤回了一条消息', true)[0],
      'the recall made while hidden',
    );
    await mp.waitFor(
      () => mp.view().byClassAndText('message-text', '第一条（改）', true)[0],
      'the edit made while hidden',
    );
    expect(lines(mp).sort()).toEqual(['[Bob 撤回了一条消息]', '已经改好', '第一条（改）'].sort());
    expect(mp.view().byClassAndText('message-text', '说错了', true)).toHaveLength(0);
    expect(mp.view().byClassAndText('message-edited', '已编辑')).toHaveLength(2);
    expect(mp.problems()).toEqual([]);
  });
});
