import path from 'node:path';
import { MAX_SOCKET_TASKS, MiniProgram } from './weapp-sim';
import type { ViewNode } from './weapp-sim';
import { WEAPP_ROOT, requireFile } from './support/paths';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { sleep as delay } from '../test/support/wait';
import { startFakeWechat, wechatEnv } from '../test/support/fake-wechat';

/**
 * The built mini program (client/dist/weapp, unmodified) in the simulated WeChat runtime of ./weapp-sim, against
 * the real server, chatting with a peer on the official socket.io-client.
 */

/** The server address baked into the weapp build (TARO_APP_SERVER_URL at build time, see client/config). */
const BUILT_SERVER = new URL(process.env.TARO_APP_SERVER_URL ?? 'http://localhost:3000').host;
/** WeChat closes a hidden app's sockets and suspends it after about 5 s; shortened here. */
const BACKGROUND = { closeSocketsAfterMs: 800, suspendAfterMs: 1_000 };

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

/** A fresh install (its own storage) on the app list, or opened from a share card at `launchUrl`. */
function launch(options: { launchUrl?: string; server?: RunningServer } = {}): MiniProgram {
  const mp = MiniProgram.launch({
    root: WEAPP_ROOT,
    launchUrl: options.launchUrl,
    hosts: { [BUILT_SERVER]: new URL((options.server ?? server).url).host },
    background: BACKGROUND,
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

/** Exact-text message bubbles on the open page. */
const messages = (mp: MiniProgram, text: string) => mp.view().byClassAndText('message-text', text, true);

const messageTexts = (mp: MiniProgram) =>
  mp
    .view()
    .byClass('message-text')
    .map((node) => node.text());

/** Signs in with a nickname; lands on the room list, or in `room` when a share card's invite was waiting. */
async function signIn(mp: MiniProgram, nickname: string, room?: string): Promise<void> {
  const input = await mp.waitFor(() => mp.view().byClass('signin-nickname')[0], 'the sign-in page');
  await mp.type(input, nickname);
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('signin-submit')[0]), 'an enabled sign-in button'));
  if (room) {
    await inRoom(mp, room);
    return;
  }
  await mp.waitFor(
    () => mp.page.route === 'pages/rooms/index' && mp.view().byClassAndText('rooms-user', nickname)[0],
    `the room list signed in as ${nickname}`,
  );
}

async function inRoom(mp: MiniProgram, name: string): Promise<void> {
  await mp.waitFor(
    () => mp.page.route === 'pages/chat/index' && mp.view().byClassAndText('chat-title', name, true)[0],
    `the chat page of "${name}"`,
  );
  await mp.waitFor(() => mp.view().byClass('conn-banner--online')[0], 'the connection banner to say online');
}

/** The share card WeChat would forward: what the chat page's onShareAppMessage returns. */
interface ShareCard {
  title: string;
  path: string;
  promise?: PromiseLike<{ title: string; path: string }>;
}

function shareCard(mp: MiniProgram, from: 'menu' | 'button'): ShareCard {
  const onShare = mp.page.onShareAppMessage;
  if (typeof onShare !== 'function') throw new Error('the chat page has no onShareAppMessage');
  return onShare.call(mp.page, { from }) as ShareCard;
}

async function openRoom(mp: MiniProgram, name: string): Promise<void> {
  const item = await mp.waitFor(
    () =>
      mp
        .view()
        .byClass('room-item')
        .find((node) => node.byClassAndText('room-item-name', name, true).length),
    `room "${name}" in the room list`,
  );
  mp.tap(item);
  await inRoom(mp, name);
}

async function send(mp: MiniProgram, text: string): Promise<void> {
  await mp.type(mp.view().byClass('composer-input')[0]!, text);
  mp.tap(await mp.waitFor(() => enabled(mp.view().byClass('composer-send')[0]), 'an enabled send button'));
  await mp.waitFor(() => messages(mp, text)[0], `"${text}" in the message list`);
}

/** Waits for a new SocketTask to be open after `before` tasks were created. */
async function reconnected(mp: MiniProgram, before: number, what: string): Promise<void> {
  await mp.waitFor(
    () => mp.sockets.tasks.length > before && mp.sockets.open.length === 1,
    () => `a new SocketTask to open ${what} (tasks: ${mp.sockets.tasks.length}, open: ${mp.sockets.open.length})`,
    20_000,
  );
}

type Chat = Awaited<ReturnType<typeof chatting>>;

/** A peer and the mini program in a fresh room, where the mini program has said "before". */
async function chatting(roomName: string) {
  const bob = await peer('Bob');
  const { room } = await bob.request('room:create', { name: roomName });
  let sent = 0;
  const say = (text: string) => bob.request('message:send', { roomId: room.id, clientId: `bob-${++sent}`, text });
  const mp = launch();
  await signIn(mp, 'Mina');
  await openRoom(mp, roomName);
  await send(mp, 'before');
  await bob.waitForMessage('before');
  return { mp, bob, room, say };
}

/**
 * After a quiet second (late duplicates would arrive in it): the page shows each expected message exactly once,
 * in the server's order (seq), and nothing is left pending.
 */
async function expectInServerOrder(chat: Chat, expected: string[]): Promise<void> {
  const { mp, bob, room } = chat;
  await delay(1_000);
  for (const text of expected) expect({ text, shown: messages(mp, text).length }).toEqual({ text, shown: 1 });
  const { messages: stored } = await bob.request('message:history', { roomId: room.id, limit: 100 });
  const history = stored.map((message) => message.text);
  expect([...history].sort()).toEqual([...expected].sort());
  expect(messageTexts(mp)).toEqual(history);
  expect(mp.view().byClass('message-item--pending')).toHaveLength(0);
}

function expectHealthy(mp: MiniProgram): void {
  expect(mp.problems()).toEqual([]);
  expect(mp.sockets.refusedForCap).toBe(0);
  expect(mp.sockets.maxConcurrent).toBeLessThanOrEqual(MAX_SOCKET_TASKS);
}

describe('the mini program build in a simulated WeChat', () => {
  test('signs in, opens a room and chats both ways with a socket.io-client peer', async () => {
    const bob = await peer('Bob');
    const { room } = await bob.request('room:create', { name: 'Weapp lounge' });
    const mp = launch();

    await signIn(mp, 'Mina');
    // This server has no WeChat sign-in configured: the nickname form it is.
    expect(mp.view().byClass('signin-wechat')).toHaveLength(0);
    await openRoom(mp, 'Weapp lounge');
    await send(mp, 'hello from the mini program');
    const received = await bob.waitForMessage('hello from the mini program');
    expect(received.sender.nickname).toBe('Mina');

    await bob.request('message:send', { roomId: room.id, clientId: 'bob-1', text: 'hi Mina, Bob here' });
    await mp.waitFor(() => messages(mp, 'hi Mina, Bob here')[0], "Bob's reply in the mini program");
    await mp.waitFor(() => mp.view().byClassAndText('online-members-text', 'Bob')[0], 'Bob among the online members');

    // Typing, both ways.
    bob.socket.emit('typing:update', { roomId: room.id, typing: true });
    await mp.waitFor(() => mp.view().byClassAndText('typing-indicator--active', 'Bob')[0], "Bob's typing indicator");
    const typingSeen = bob.nextTyping('Mina');
    await mp.type(mp.view().byClass('composer-input')[0]!, 'thinking');
    await typingSeen;
    await mp.type(mp.view().byClass('composer-input')[0]!, '');

    expect(messageTexts(mp)).toEqual(['hello from the mini program', 'hi Mina, Bob here']);
    expect(mp.gestures.valueOf(mp.view().byClass('composer-input')[0]!)).toBe('');
    expect(mp.view().byClass('message-item--pending')).toHaveLength(0);
    expect(mp.sockets.open).toHaveLength(1);
    expectHealthy(mp);
  });

  test('reconnects and catches up when WeChat closes the sockets of the hidden app and freezes it', async () => {
    const chat = await chatting('Night bus');
    const { mp, say } = chat;

    // The phone also switches from wifi to 4g in the pocket before the app is frozen.
    const before = mp.sockets.tasks.length;
    mp.hide();
    await delay(200);
    mp.setNetwork('4g');
    await delay(BACKGROUND.suspendAfterMs + 300);
    expect(mp.sockets.live).toHaveLength(0);
    await say('sent while you were away');
    mp.show();
    await reconnected(mp, before, 'after the app came back to the foreground');
    await mp.waitFor(() => messages(mp, 'sent while you were away')[0], 'the message sent while hidden');

    await expectInServerOrder(chat, ['before', 'sent while you were away']);
    expectHealthy(mp);
  });

  test('reconnects when a SocketTask dies in the foreground with only the global wx.onSocketClose', async () => {
    const chat = await chatting('Lift');
    const { mp, say } = chat;

    const before = mp.sockets.tasks.length;
    mp.sockets.closeAllSilently();
    await say('sent after a silent close');
    await reconnected(mp, before, 'after a silent close in the foreground');
    await mp.waitFor(() => messages(mp, 'sent after a silent close')[0], 'the message sent after the silent close');

    await expectInServerOrder(chat, ['before', 'sent after a silent close']);
    expectHealthy(mp);
  });

  test('sends what was typed offline once, catches up, and never opens a sixth socket while the network flaps', async () => {
    const chat = await chatting('Tunnel');
    const { mp, bob, say } = chat;

    const before = mp.sockets.tasks.length;
    mp.setNetwork('none');
    await mp.waitFor(() => mp.view().byClass('conn-banner--online').length === 0, 'the banner to leave "online"');
    await send(mp, 'typed in the tunnel');
    await say('sent while you were offline');
    await delay(500);
    expect(bob.received.map((message) => message.text)).not.toContain('typed in the tunnel');
    mp.setNetwork('wifi');
    await reconnected(mp, before, 'after the network came back');
    await mp.waitFor(() => messages(mp, 'sent while you were offline')[0], 'the message sent while offline');
    await bob.waitForMessage('typed in the tunnel');

    // Every change may start a reconnect, but WeChat refuses a sixth SocketTask: the app must never need one.
    for (let i = 0; i < 6; i++) {
      mp.setNetwork(i % 2 === 0 ? 'none' : '4g');
      await delay(60);
    }
    mp.setNetwork('wifi');
    await mp.waitFor(() => mp.sockets.open.length === 1 && mp.view().byClass('conn-banner--online')[0], 'online again');

    await expectInServerOrder(chat, ['before', 'typed in the tunnel', 'sent while you were offline']);
    expect(bob.received.filter((message) => message.text === 'typed in the tunnel')).toHaveLength(1);
    expect(mp.sockets.live.length).toBeLessThanOrEqual(1);
    expectHealthy(mp);
  });
  test('shares a private room: the card opens it in a fresh launch, which signs in and joins by its invite', async () => {
    const mina = launch();
    await signIn(mina, 'Mina');
    await mina.waitFor(() => mina.view().byClass('conn-banner--online')[0], 'online');
    await mina.type(mina.view().byClass('room-create-name')[0]!, 'Attic');
    mina.tap(mina.view().byClass('room-create-private')[0]!);
    await mina.waitFor(
      () => mina.view().byClass('room-create-private')[0]?.hasClass('visibility-option--on'),
      'private',
    );
    mina.tap(await mina.waitFor(() => enabled(mina.view().byClass('room-create-submit')[0]), 'an enabled create'));
    await inRoom(mina, 'Attic');
    expect(mina.view().byClass('chat-lock')).toHaveLength(1);
    await send(mina, 'up here');

    // Forwarded from the menu before any invite: the card waits for a fresh code.
    const fromMenu = shareCard(mina, 'menu');
    expect(fromMenu.path).toMatch(/^\/pages\/chat\/index\?roomId=[^&]+$/);
    const card = await fromMenu.promise!;
    expect(card.title).toContain('Attic');
    expect(card.path).toMatch(/^\/pages\/chat\/index\?roomId=[^&]+&invite=[\w-]+$/);

    // The invite action offers the share button; its card carries the same invite.
    mina.tap(mina.view().byClass('room-invite')[0]!);
    await mina.waitFor(() => mina.view().byClass('invite-share')[0], 'the share button');
    expect(shareCard(mina, 'button')).toEqual({ title: card.title, path: card.path });

    // A friend taps the card: a fresh launch straight into the chat page, sent to sign in first.
    const friend = launch({ launchUrl: card.path });
    await friend.waitFor(() => friend.page.route === 'pages/signin/index', 'the sign-in page');
    // The page says why: an invite waits behind the sign-in (rendered once the stored invite is read).
    await friend.waitFor(() => friend.view().byClassAndText('signin-subtitle', '邀请')[0], 'the invite subtitle');
    await signIn(friend, 'Fei', 'Attic');
    await friend.waitFor(() => messages(friend, 'up here')[0], 'the room history');
    await send(friend, 'found the attic');
    await mina.waitFor(() => messages(mina, 'found the attic')[0], "the friend's message at Mina's");

    expectHealthy(mina);
    expectHealthy(friend);
  });

  test("sends lines with the keyboard's send key, and a tap on a link copies it", async () => {
    const bob = await peer('Bob');
    const { room } = await bob.request('room:create', { name: 'Weapp lines' });
    const mp = launch();
    await signIn(mp, 'Lin');
    await openRoom(mp, 'Weapp lines');
    const input = mp.view().byClass('composer-input')[0]!;
    expect(input.tag).toBe('textarea');
    await mp.type(input, 'first line\nsecond line');
    mp.confirm(mp.view().byClass('composer-input')[0]!);
    expect((await bob.waitForMessage('first line\nsecond line')).text).toBe('first line\nsecond line');
    await mp.waitFor(() => messages(mp, 'first line\nsecond line')[0], 'the two lines in one bubble');

    await bob.request('message:send', { roomId: room.id, clientId: 'bob-link', text: 'see https://example.com/x' });
    mp.tap(await mp.waitFor(() => mp.view().byClass('message-link')[0], "the link in Bob's message"));
    await mp.waitFor(() => mp.device.clipboard === 'https://example.com/x', 'the link copied');
    await mp.waitFor(() => mp.device.ui.find((call) => call.api === 'showToast'), 'the copy said');
    expectHealthy(mp);
  });

  test('signs in with WeChat when the server offers it, and comes back as the same user', async () => {
    const fakeWechat = await startFakeWechat();
    const wechatServer = await startServer({ env: wechatEnv(fakeWechat) });
    cleanups.push(
      () => fakeWechat.close(),
      () => wechatServer.stop(),
    );
    const mp = launch({ server: wechatServer });

    const wechatButton = () => enabled(mp.view().byClassAndText('signin-wechat', '微信登录')[0]);
    await mp.type(
      await mp.waitFor(() => wechatButton() && mp.view().byClass('signin-nickname')[0], 'WeChat sign-in'),
      'Wei',
    );
    mp.tap(wechatButton()!);
    await mp.waitFor(() => mp.view().byClassAndText('rooms-user', 'Wei')[0], 'the room list signed in as Wei');
    expect(fakeWechat.codes).toEqual(['sim-code-1']);

    mp.tap(mp.view().byClass('rooms-profile')[0]!);
    mp.tap(await mp.waitFor(() => mp.view().byClass('signout')[0], 'the profile page'));
    mp.tap(await mp.waitFor(() => mp.view().byClass('signout-confirm')[0], 'the sign-out confirmation'));
    mp.tap(await mp.waitFor(wechatButton, 'WeChat sign-in again'));
    await mp.waitFor(() => mp.view().byClassAndText('rooms-user', 'Wei')[0], 'the same user again, without a nickname');
    expect(fakeWechat.codes).toEqual(['sim-code-1', 'sim-code-2']);
    expectHealthy(mp);
  });
});
