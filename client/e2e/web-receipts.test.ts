import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { SessionResponse } from '@tandem/protocol';
import { launchChromium } from './support/chromium';
import { H5_ROOT, OUTPUT_DIR, requireFile } from './support/paths';
import { openRoomFromList, openWebUser, signInOnWeb, webScreenshot } from './support/web-session';
import type { WebUser } from './support/web-session';
import { startServer } from '../test/support/server';
import type { RunningServer } from '../test/support/server';
import { PeerPool } from '../test/support/peer';

/**
 * Read receipts in Chromium, in Chinese: in a direct conversation the sender's message turns from 未读 to 已读 once the
 * other person opens it; in a room it shows how many have read it, and a tap shows who.
 */

const SESSION_KEY = 'tandem.session';

let browser: Browser;
let server: RunningServer;
const users: WebUser[] = [];
const peers = new PeerPool();

beforeAll(async () => {
  requireFile(path.join(H5_ROOT, 'index.html'), 'The H5 build', 'pnpm --filter @tandem/client build');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await launchChromium();
  server = await startServer({ webRoot: H5_ROOT });
});

afterEach(async () => {
  peers.closeAll();
  for (const user of users.splice(0)) {
    const { problems } = user;
    await user.context.close();
    expect({ user: user.name, problems }).toEqual({ user: user.name, problems: [] });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(name: string): Promise<WebUser> {
  const user = await openWebUser(browser, server.url, name, { locale: 'zh-CN' });
  users.push(user);
  await signInOnWeb(user);
  return user;
}

/** The session the browser stored: Taro's storage wraps the value in `data`, zustand's persist in `state`. */
async function sessionOf(user: WebUser): Promise<SessionResponse> {
  const raw = await user.page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  const outer = raw ? (JSON.parse(raw) as { data?: unknown }) : {};
  const persisted = (typeof outer.data === 'string' ? JSON.parse(outer.data) : outer) as { state?: SessionResponse };
  const stored = persisted.state;
  if (!stored?.token || !stored.user) throw new Error(`${user.name} holds no session`);
  return stored;
}

async function send(user: WebUser, text: string): Promise<void> {
  await user.page.locator('.chat-page textarea.composer-input').fill(text);
  await user.page.locator('.chat-page .composer-send').click();
}

const ownMessage = (user: WebUser, text: string) =>
  user.page.locator('.chat-page .message-item--own', {
    has: user.page.locator('.message-text', { hasText: text }),
  });

test('in a direct conversation, my message shows 已读 once the other person opens it', async () => {
  const alice = await person('Alice');
  const bob = await person('Bob');
  // Alice's other device opens the conversation: her browser hears of it and lists it under Bob's name.
  const aliceElsewhere = await peers.connectSession(server.url, await sessionOf(alice));
  await aliceElsewhere.request('dm:open', { userId: (await sessionOf(bob)).user.id });
  await openRoomFromList(alice, 'Bob');
  await send(alice, '在吗？');
  await ownMessage(alice, '在吗？').locator('.message-receipt--unread', { hasText: '未读' }).waitFor();

  await openRoomFromList(bob, 'Alice');
  await bob.page.locator('.chat-page .message-text', { hasText: '在吗？' }).waitFor();
  await ownMessage(alice, '在吗？').locator('.message-receipt--read', { hasText: '已读' }).waitFor();
  await webScreenshot(alice, 'receipts-direct');
});

test('in a room, my message shows how many have read it, and a tap shows who', async () => {
  const alice = await person('Alice');
  await alice.page.locator('.rooms-page .room-create-name input').fill('Team');
  await alice.page.locator('.rooms-page .room-create-submit').click();
  await alice.page.locator('.chat-page .chat-title', { hasText: 'Team' }).waitFor();
  await alice.page.locator('.conn-banner--online:visible').waitFor();
  const [bob, carol] = [await peers.connect(server.url, 'Bob'), await peers.connect(server.url, 'Carol')];
  const { rooms } = await bob.request('room:list', {});
  const roomId = rooms.find((room) => room.name === 'Team')?.id;
  if (!roomId) throw new Error('the room is not listed');
  for (const peer of [bob, carol]) await peer.request('room:join', { roomId });

  await send(alice, '大家好');
  const message = ownMessage(alice, '大家好');
  await message.locator('.message-status--sent').waitFor();
  expect(await message.locator('.message-receipt-count').count()).toBe(0);
  for (const peer of [bob, carol]) {
    const { seq } = await peer.waitForMessage('大家好');
    await peer.request('read:mark', { roomId, seq });
  }
  const count = message.locator('.message-receipt-count', { hasText: '2 人已读' });
  await count.waitFor();
  await count.click();
  const panel = message.locator('.receipt-readers');
  await panel.waitFor();
  expect(await panel.locator('.receipt-reader-name').allTextContents()).toEqual(['Bob', 'Carol']);
  expect(await panel.locator('.receipt-reader .avatar').count()).toBe(2);
  await webScreenshot(alice, 'receipts-room');
  await panel.locator('.receipt-readers-close').click();
  await panel.waitFor({ state: 'detached' });
});
